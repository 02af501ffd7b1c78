import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = join(ROOT, 'web/dashboard/src');

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));

test('the dashboard imports the styles of every Mantine component it uses by name (web/dashboard/src/app/mantine-styles.ts)', () => {
  const styles = readFileSync(join(SOURCES, 'app/mantine-styles.ts'), 'utf8');
  const missing = new Set<string>();
  for (const file of sources(SOURCES)) {
    for (const [, names] of readFileSync(file, 'utf8').matchAll(/import\s*\{([^}]+)\}\s*from\s*'@mantine\/core'/g)) {
      for (const name of names!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!)) {
        const hasStyles = name && !name.startsWith('type ') && existsSync(join(ROOT, `node_modules/@mantine/core/styles/${name}.css`));
        if (hasStyles && !styles.includes(`'@mantine/core/styles/${name}.css'`)) missing.add(name);
      }
    }
  }
  assert.deepEqual([...missing], [], "add these components' styles to mantine-styles.ts");
});
