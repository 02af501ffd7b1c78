import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

test('the production build: tsc compiles the server to dist/ and bin/duar.js runs it without tsx', async () => {
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
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
