import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { secureDataDir } from '../src/config/data-dir.js';
import { openDatabase } from '../src/server.js';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

test('start makes an existing 0755 data folder 0700 and its 0644 database and key files 0600', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'duar-modes-'));
  try {
    const config = loadConfig({ DUAR_DATA_DIR: dir });
    const db = await openDatabase(config);
    await db.selectFrom('brands').select('id').execute();
    const file = join(dir, 'duar.sqlite');
    writeFileSync(join(dir, 'app.key'), `${'x'.repeat(44)}\n`);
    const files = [file, `${file}-wal`, `${file}-shm`, join(dir, 'app.key')];
    chmodSync(dir, 0o755);
    for (const f of files) chmodSync(f, 0o644);

    assert.deepEqual(secureDataDir(config), []);
    assert.equal(mode(dir), '700');
    for (const f of files) assert.equal(mode(f), '600', f);
    await db.destroy();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('start warns, naming the file, when it cannot change a mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duar-modes-'));
  try {
    // chmod on a procfs file fails even for root: a real refusal, like a file owned by another user.
    symlinkSync('/proc/self/status', join(dir, 'app.key'));
    const warnings = secureDataDir(loadConfig({ DUAR_DATA_DIR: dir }));
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /^Warning: could not make .*app\.key readable by its owner only \(chmod 600: EPERM\)/);
    assert.equal(mode(dir), '700');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
