import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { dialects, freshDatabase } from './dialects.js';
import { running, setUpServer, startServer } from './server-process.js';
import { ConfigError, loadConfig } from '../src/config/index.js';
import { backupSqlite } from '../src/modules/backups/backup.js';
import { createScheduledBackups } from '../src/jobs/backups.js';
import { runCli } from '../src/cli.js';

/**
 * `duar backup` copies the SQLite database of a real `duar serve` while clients write through it; `duar restore` refuses
 * while that server runs, refuses a backup whose sealed secrets the current application key does not open, and
 * otherwise puts the backup in place, after which a restarted server answers with the backup's data and keys.
 */
const run = promisify(execFile);
const CLI_SOURCE = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const quiet = { info() {}, warn() {} };

/** `duar …` as another process, as an operator's second terminal runs it. */
async function duar(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI_SOURCE, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function duarHere(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { env: { LOG_LEVEL: 'silent', ...env }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const setUp = (dialect: (typeof dialects)[number]) => setUpServer(dialect, { name: 'backup', abilities: ['payment:checkout', 'payment:verify'] });

const checkout = (origin: string, apiKey: string) =>
  fetch(`${origin}/api/checkout-v2`, {
    method: 'POST',
    headers: { 'rt-uddoktapay-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      full_name: 'Backup Test',
      email: 'backup@example.com',
      amount: '100',
      metadata: { order_id: randomUUID() },
      redirect_url: 'https://shop.example.com/paid',
      cancel_url: 'https://shop.example.com/cart',
    }),
  });

const invoicesIn = (file: string) => {
  const db = new SQLite(file, { readonly: true });
  try {
    return new Set(db.prepare('SELECT invoice_id FROM payments').pluck().all() as string[]);
  } finally {
    db.close();
  }
};

test('sqlite: duar backup copies the database while a real server writes, and duar restore puts it back once the server is stopped', {
  timeout: 180_000,
}, async () => {
  const s = await setUp('sqlite');
  let server = startServer(s.env);
  try {
    await running(server);
    const acknowledged: string[] = [];
    let writing = true;
    const writers = Array.from({ length: 3 }, async () => {
      while (writing) {
        const res = await checkout(s.origin, s.apiKey);
        assert.equal(res.status, 200, await res.clone().text());
        acknowledged.push(((await res.json()) as { payment_url: string }).payment_url.split('/').pop()!);
      }
    });
    while (acknowledged.length < 20) await new Promise((r) => setImmediate(r));

    const out = join(s.fresh.dataDir, 'backups', 'during-writes.sqlite');
    mkdirSync(join(s.fresh.dataDir, 'backups'));
    const before = acknowledged.slice();
    const backup = await duar(['backup', '--out', out], s.env);
    const after = acknowledged.slice();
    writing = false;
    await Promise.all(writers);
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /Backed up .* to .*during-writes\.sqlite/);
    assert.match(backup.stdout, /keep a copy of DUAR_APP_KEY/);
    assert.ok(after.length > before.length, 'the server took checkouts while the backup ran');
    assert.equal(statSync(out).mode & 0o777, 0o600, 'the copy is owner-only');
    assert.ok(!existsSync(`${out}.partial`) && !existsSync(`${out}-wal`), 'one file, no leftovers');

    const copy = new SQLite(out, { readonly: true });
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(copy.pragma('foreign_key_check'), []);
    copy.close();
    const inBackup = invoicesIn(out);
    for (const invoice of before) assert.ok(inBackup.has(invoice), `checkout ${invoice}, acknowledged before the backup, is in it`);
    for (const invoice of inBackup) assert.ok(after.includes(invoice), `${invoice} in the backup was acknowledged by the time it ended`);

    // A second backup to the same name is refused rather than overwriting the first.
    const again = await duarHere(['backup', '--out', out], s.env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists; choose another --out/);

    // While the server runs, restore refuses and changes nothing.
    const refused = await duar(['restore', out], s.env);
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, /a Duar server \(or another duar command\) is using .*duar\.sqlite; stop it first/);
    assert.match(refused.stderr, /Nothing was changed/);

    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0, server.output());
    const later = invoicesIn(s.config.database.kind === 'sqlite' ? s.config.database.file : '');
    assert.ok(later.size > inBackup.size, 'the live database has checkouts taken after the backup');

    // Another application key does not open the backup's stored API key: refused, with what to do.
    const wrongKey = await duarHere(['restore', out], { ...s.env, DUAR_APP_KEY: randomBytes(32).toString('base64') });
    assert.equal(wrongKey.code, 1);
    assert.match(wrongKey.stderr, /1 of the 1 secrets sealed in .* do not open with the current application key \(DUAR_APP_KEY\)/);
    assert.match(wrongKey.stderr, /Put the app\.key that was in use when the backup was made/);

    const restored = await duar(['restore', out], s.env);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, new RegExp(`${inBackup.size} payments, 1 sealed secrets`));
    assert.match(restored.stdout, /The database it replaced is kept as .*duar\.sqlite\.before-restore-/);
    const kept = readdirSync(s.fresh.dataDir).find((f) => /^duar\.sqlite\.before-restore-.*Z$/.test(f));
    assert.ok(kept, readdirSync(s.fresh.dataDir).join(', '));
    assert.equal(invoicesIn(join(s.fresh.dataDir, kept)).size, later.size, 'the replaced database is kept whole');

    server = startServer(s.env);
    await running(server);
    const me = await fetch(`${s.origin}/api/me`, { headers: { 'rt-uddoktapay-api-key': s.apiKey } });
    assert.equal(me.status, 200, 'the key in the backup works after the restore');
    for (const invoice of [before[0]!, [...later].find((i) => !inBackup.has(i))!]) {
      const verify = await fetch(`${s.origin}/api/verify-payment`, {
        method: 'POST',
        headers: { 'rt-uddoktapay-api-key': s.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ invoice_id: invoice }),
      });
      assert.equal(verify.status, inBackup.has(invoice) ? 200 : 404, `${invoice}: ${await verify.text()}`);
    }
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await server.exited;
    await s.fresh.drop();
  }
});

test('sqlite: duar restore refuses a file that is not a whole Duar database, and one without an application key to check it with', async () => {
  const s = await setUp('sqlite');
  try {
    const dir = s.fresh.dataDir;
    writeFileSync(join(dir, 'notes.txt'), 'not a database at all, just some text that is long enough to have a header');
    const text = await duarHere(['restore', join(dir, 'notes.txt')], s.env);
    assert.equal(text.code, 1);
    assert.match(text.stderr, /notes\.txt is not a SQLite database/);

    const other = new SQLite(join(dir, 'other.sqlite'));
    other.exec('CREATE TABLE t (x)');
    other.close();
    const foreign = await duarHere(['restore', join(dir, 'other.sqlite')], s.env);
    assert.match(foreign.stderr, /is a SQLite database but not a Duar database/);

    const missing = await duarHere(['restore', join(dir, 'nope.sqlite')], s.env);
    assert.match(missing.stderr, /nope\.sqlite does not exist/);

    const newer = join(dir, 'newer.sqlite');
    assert.equal((await duarHere(['backup', '--out', newer], s.env)).code, 0);
    const db = new SQLite(newer);
    db.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run('999_from_the_future', new Date().toISOString());
    db.close();
    const fromNewer = await duarHere(['restore', newer], s.env);
    assert.match(fromNewer.stderr, /made by a newer version of Duar \(migrations 999_from_the_future\); upgrade Duar first/);

    const { DUAR_APP_KEY: _, ...withoutKey } = s.env;
    const noKey = await duarHere(['restore', newer], withoutKey);
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /there is no application key \(neither DUAR_APP_KEY nor .*app\.key\)/);
    assert.ok(!existsSync(join(dir, 'app.key')), 'restore does not make up a key');
  } finally {
    await s.fresh.drop();
  }
});

test('sqlite: a backup finishes while another connection writes between each of its steps, and holds one moment of the database', async () => {
  const dir = (await freshDatabase('sqlite')).dataDir;
  const file = join(dir, 'busy.sqlite');
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO rows (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 4000; i++) insert.run(randomBytes(1000));
  })();
  // Far more pages than one step copies (≈ 4 MB against 1 MiB a step), and a write before every step.
  let writes = 0;
  let done = false;
  const writer = () => {
    if (done) return;
    insert.run(randomBytes(1000));
    writes++;
    setImmediate(writer);
  };
  setImmediate(writer);
  const result = await backupSqlite(file, join(dir, 'copy.sqlite'));
  done = true;
  const total = db.prepare('SELECT count(*) FROM rows').pluck().get() as number;
  db.close();
  assert.ok(writes > 2, `the writer wrote during the backup (${writes})`);
  const copy = new SQLite(result.file, { readonly: true });
  const ids = copy.prepare('SELECT id FROM rows ORDER BY id').pluck().all() as number[];
  assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
  copy.close();
  assert.ok(ids.length >= 4000 && ids.length <= total, `${ids.length} rows`);
  assert.equal(ids.at(-1), ids.length, 'every row up to the moment of the copy, none missing');
});

test('sqlite: scheduled backups are made when the newest is BACKUP_EVERY old, and only BACKUP_KEEP are kept', async () => {
  const s = await setUp('sqlite');
  try {
    const dir = join(s.fresh.dataDir, 'scheduled');
    const config = loadConfig({ ...s.env, BACKUP_DIR: dir, BACKUP_EVERY: '6h', BACKUP_KEEP: '2' });
    assert.deepEqual(config.backups, { dir, everyMs: 6 * 3_600_000, keep: 2 });
    let now = new Date('2026-12-07T00:00:00Z');
    const job = createScheduledBackups({ config, log: quiet, now: () => now })!;
    writeFileSync(join(s.fresh.dataDir, 'unrelated.sqlite'), '');
    const made: (string | null)[] = [];
    for (const hour of [0, 1, 5, 6, 11, 12, 18]) {
      now = new Date(Date.UTC(2026, 11, 7, hour));
      made.push(await job.runOnce());
    }
    assert.deepEqual(
      made.map((f) => f?.slice(dir.length + 1) ?? null),
      [
        'duar-2026-12-07T00-00-00Z.sqlite',
        null,
        null,
        'duar-2026-12-07T06-00-00Z.sqlite',
        null,
        'duar-2026-12-07T12-00-00Z.sqlite',
        'duar-2026-12-07T18-00-00Z.sqlite',
      ],
    );
    assert.deepEqual(readdirSync(dir).sort(), ['duar-2026-12-07T12-00-00Z.sqlite', 'duar-2026-12-07T18-00-00Z.sqlite']);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(invoicesIn(join(dir, 'duar-2026-12-07T18-00-00Z.sqlite')).size, 0);
  } finally {
    await s.fresh.drop();
  }
});

test('scheduled backup settings: checked at start, and refused with PostgreSQL', () => {
  assert.equal(loadConfig({}).backups, null);
  assert.equal(loadConfig({ BACKUP_DIR: '/tmp/b' }).backups?.everyMs, 86_400_000, 'daily unless told');
  assert.equal(loadConfig({ BACKUP_DIR: '/tmp/b', BACKUP_EVERY: '30m' }).backups?.everyMs, 1_800_000);
  assert.throws(
    () => loadConfig({ BACKUP_DIR: '/tmp/b', BACKUP_EVERY: 'daily' }),
    /BACKUP_EVERY must be a number of minutes, hours or days, such as 30m, 6h or 1d/,
  );
  assert.throws(() => loadConfig({ BACKUP_DIR: '/tmp/b', BACKUP_KEEP: '0' }), /BACKUP_KEEP must be at least 1/);
  assert.throws(
    () => loadConfig({ BACKUP_DIR: '/tmp/b', DATABASE_URL: 'postgres://duar@127.0.0.1/duar' }),
    (err: Error) => err instanceof ConfigError && /with DATABASE_URL back up PostgreSQL with pg_dump/.test(err.message),
  );
});

if (dialects.includes('postgres')) {
  test('postgres: duar backup and duar restore point to pg_dump and pg_restore', async () => {
    const s = await setUp('postgres');
    try {
      const backup = await duarHere(['backup'], s.env);
      assert.equal(backup.code, 1);
      assert.match(backup.stderr, /this installation uses PostgreSQL \(DATABASE_URL\)\. Back it up with pg_dump/);
      assert.match(backup.stderr, /pg_dump --format=custom/);
      const restore = await duarHere(['restore', 'x.dump'], s.env);
      assert.equal(restore.code, 1);
      assert.match(restore.stderr, /restore a pg_dump file with pg_restore/);
    } finally {
      await s.fresh.drop();
    }
  });
}
