import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dialects, freshDatabase } from './dialects.js';
import { runCli } from '../src/cli.js';
import { createDb } from '../src/db/index.js';
import { Migrator, sql } from 'kysely';
import { migrateToLatest, migrations, pendingMigrations } from '../src/db/migrate.js';
import { migrationNames } from '../src/db/migration-names.js';
import { freePort, running, startServer } from './server-process.js';

/** `duar …` in this process, as an operator runs it before the first start. */
async function duar(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { env: { LOG_LEVEL: 'silent', ...env }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** The settings of a `duar` command on a fresh test database. */
const envOf = (fresh: Awaited<ReturnType<typeof freshDatabase>>) => ({
  DUAR_DATA_DIR: fresh.dataDir,
  DUAR_APP_KEY: Buffer.alloc(32, 7).toString('base64'),
  ...(fresh.database.kind === 'postgres' ? { DATABASE_URL: fresh.database.url } : {}),
});

for (const dialect of dialects) {
  test(`${dialect}: duar migrate applies every migration to an empty database, then says it is up to date`, async () => {
    const fresh = await freshDatabase(dialect);
    const env = envOf(fresh);
    try {
      const first = await duar(['migrate'], env);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stdout.trim(), `Applied ${migrationNames.join(', ')}`);
      const db = createDb(fresh.database);
      try {
        assert.deepEqual(await pendingMigrations(db), []);
      } finally {
        await db.destroy();
      }
      const again = await duar(['migrate'], env);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stdout.trim(), 'The database is up to date');
    } finally {
      await fresh.drop();
    }
  });
}

test('the migration names are the migrations, sorted, and localeCompare orders them as sort() does (src/db/migration-names.ts relies on it)', () => {
  assert.deepEqual([...migrationNames], Object.keys(migrations));
  assert.deepEqual([...migrationNames], [...migrationNames].sort());
  assert.deepEqual(
    [...migrationNames],
    [...migrationNames].sort((a, b) => a.localeCompare(b)),
  );
});

for (const dialect of dialects) {
  /** A fresh database brought to `state`, then `duar keys list` on it, then what the migrator says of it. */
  async function keysListOn(state: (db: ReturnType<typeof createDb>) => Promise<void>) {
    const fresh = await freshDatabase(dialect);
    const env = envOf(fresh);
    try {
      const db = createDb(fresh.database);
      try {
        await state(db);
        const list = await duar(['keys', 'list', '--brand', 'default'], env);
        const pending = await pendingMigrations(db);
        const migrator = await migrateToLatest(db).then(
          () => null,
          (err: Error) => err.message,
        );
        return { list, pending, migrator };
      } finally {
        await db.destroy();
      }
    } finally {
      await fresh.drop();
    }
  }

  test(`${dialect}: a command on a database one migration behind applies it before it runs`, async () => {
    const { list, pending } = await keysListOn(async (db) => {
      const allButLast = Object.fromEntries(Object.entries(migrations).slice(0, -1));
      await new Migrator({ db, provider: { getMigrations: async () => allButLast } }).migrateToLatest();
      assert.deepEqual(await pendingMigrations(db), [migrationNames.at(-1)], 'the database is one migration behind');
    });
    assert.equal(list.code, 0, list.stderr);
    assert.equal(list.stdout.trim(), 'No API keys');
    assert.deepEqual(pending, []);
  });

  test(`${dialect}: a command on a database with a migration this version does not know is refused as the migrator refuses it`, async () => {
    const { list, migrator } = await keysListOn(async (db) => {
      await migrateToLatest(db);
      await sql`insert into kysely_migration (name, timestamp) values ('999_from_a_newer_version', ${new Date().toISOString()})`.execute(db);
    });
    assert.match(migrator ?? '', /corrupted migrations: previously executed migration 999_from_a_newer_version is missing/);
    assert.equal(list.code, 1);
    assert.ok(list.stderr.includes(migrator!), list.stderr);
  });

  test(`${dialect}: a command on a database whose migrations were applied out of order is refused as the migrator refuses it`, async () => {
    const { list, migrator } = await keysListOn(async (db) => {
      await migrateToLatest(db);
      // The last migration recorded as applied before every other: Kysely orders applied migrations by that time.
      await sql`update kysely_migration set timestamp = '2000-01-01T00:00:00.000Z' where name = ${migrationNames.at(-1)!}`.execute(db);
    });
    assert.match(migrator ?? '', /corrupted migrations: expected previously executed migration/);
    assert.equal(list.code, 1);
    assert.ok(list.stderr.includes(migrator!), list.stderr);
  });
}

test('sqlite: the first start without DUAR_APP_KEY creates app.key (owner-only, 32 bytes), later starts keep it, and /health and /admin/ answer', {
  timeout: 120_000,
}, async () => {
  const fresh = await freshDatabase('sqlite');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: origin, DUAR_DATA_DIR: fresh.dataDir, LOG_LEVEL: 'warn' };
  const keyFile = join(fresh.dataDir, 'app.key');
  let server = startServer(env);
  try {
    await running(server);
    const created = readFileSync(keyFile, 'utf8');
    assert.equal(Buffer.from(created.trim(), 'base64').length, 32, 'app.key holds 32 bytes in base64');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'app.key is readable by its owner only');

    const health = await fetch(`${origin}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const dashboard = await fetch(`${origin}/admin/`);
    const page = await dashboard.text();
    assert.equal(dashboard.status, 200, page);
    assert.match(dashboard.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page, /<div id="root">/, 'the dashboard page');
    const root = await fetch(`${origin}/`, { redirect: 'manual' });
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/admin/');

    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
    server = startServer(env);
    await running(server);
    assert.equal(readFileSync(keyFile, 'utf8'), created, 'a later start keeps the key it made');
  } finally {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await fresh.drop();
  }
});
