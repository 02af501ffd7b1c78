import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

test('the production build: tsc compiles the server to dist/ (Kysely as one file) and bin/duar.js runs it without tsx, loading only what a command needs', async () => {
  // Build from the sources under test, so the answer below is this code's, not an older build's.
  await run('npm', ['run', 'build:server', '--silent'], { cwd: ROOT });
  const dataDir = mkdtempSync(join(tmpdir(), 'duar-build-'));
  try {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, DUAR_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const help = await run(process.execPath, ['bin/duar.js', '--help'], { cwd: ROOT, env });
    assert.match(help.stdout, /Usage: duar <command>/);
    const brands = await run(process.execPath, ['bin/duar.js', 'brands', 'list', '--json'], { cwd: ROOT, env });
    assert.deepEqual(
      JSON.parse(brands.stdout).map((b: { slug: string }) => b.slug),
      ['default'],
    );
    assert.equal(brands.stderr, '', 'the built CLI ran, not the fallback through tsx');

    // What a command loads once the database is up to date (ADR 043): Kysely as the one file the build made, not the
    // package's ESM files beside it (a second copy), neither the migrator nor a migration, and no zod (settings, a read).
    const trace = join(dataDir, 'trace.mjs');
    const hook = `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOAD ' + r.url + '\\n'); return r; }`;
    writeFileSync(trace, `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));\n`);
    const keys = await run(process.execPath, ['--import', trace, 'bin/duar.js', 'keys', 'list', '--brand', 'default'], { cwd: ROOT, env });
    assert.equal(keys.stdout.trim(), 'No API keys');
    const loaded = keys.stderr
      .split('\n')
      .filter((line) => line.startsWith('LOAD '))
      .map((line) => line.slice(5));
    assert.ok(
      loaded.some((url) => url.endsWith('/dist/db/kysely.js')),
      keys.stderr,
    );
    assert.deepEqual(
      loaded.filter((url) => /\/node_modules\/(kysely|zod)\//.test(url) || /\/dist\/db\/(migrate\.js|migrations\/)/.test(url)),
      [],
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
