import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dialects, freshDatabase } from './dialects.js';
import { runCli } from '../src/cli.js';
import { createDb } from '../src/db/index.js';
import { pendingMigrations } from '../src/db/migrate.js';
import { migrationNames } from '../src/db/migration-names.js';
import { freePort, running, startServer } from './server-process.js';

/** `duar …` in this process, as an operator runs it before the first start. */
async function duar(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { env: { LOG_LEVEL: 'silent', ...env }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

for (const dialect of dialects) {
  test(`${dialect}: duar migrate applies every migration to an empty database, then says it is up to date`, async () => {
    const fresh = await freshDatabase(dialect);
    const env = {
      DUAR_DATA_DIR: fresh.dataDir,
      DUAR_APP_KEY: Buffer.alloc(32, 7).toString('base64'),
      ...(fresh.database.kind === 'postgres' ? { DATABASE_URL: fresh.database.url } : {}),
    };
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
