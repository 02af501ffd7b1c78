import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { dialects } from '../dialects.js';
import { buildTestApp } from '../harness.js';
import { idleSqlite } from '../../src/db/index.js';
import { createWalCheckpoints } from '../../src/jobs/wal-checkpoints.js';

/**
 * The WAL checkpoint thread on a real database file: what the server's commits leave in the WAL while it runs, what its
 * thread copies into the database file, and what the connection does again once the thread is gone.
 */
const HOUR = 3_600_000; // the job's own timer never fires in these tests: each run is called

function logged() {
  const errors: string[] = [];
  return { errors, log: { warn() {}, error: (_obj: object, msg: string) => errors.push(msg) } };
}

for (const dialect of dialects) {
  if (dialect === 'postgres') {
    test('postgres: there is no WAL checkpoint job (PostgreSQL checkpoints on its own)', async () => {
      const app = await buildTestApp(dialect);
      try {
        assert.equal(createWalCheckpoints({ db: app.db, log: logged().log }), null);
      } finally {
        await app.close();
      }
    });
    continue;
  }

  test('sqlite: while it runs, commits leave the WAL to the thread, which copies all of it into the database file', async () => {
    const app = await buildTestApp(dialect);
    const { sqlite } = idleSqlite(app.db)!;
    const { errors, log } = logged();
    const job = createWalCheckpoints({ db: app.db, log, intervalMs: HOUR })!;
    try {
      job.start();
      assert.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), 10_000, 'commits checkpoint only a WAL of 10 000 pages');
      sqlite.exec('CREATE TABLE scratch (page BLOB)');
      const before = statSync(sqlite.name).size;
      // 1 500 commits of a page each: by SQLite's default the commit at 1 000 pages would have checkpointed the WAL.
      const insert = sqlite.prepare('INSERT INTO scratch VALUES (randomblob(4000))');
      for (let i = 0; i < 1500; i++) insert.run();
      const result = await job.runOnce();
      assert.ok(result && result.log >= 1500, `the WAL still held every commit's pages (${result?.log})`);
      assert.equal(result.checkpointed, result.log, 'the thread copied all of it');
      assert.equal(result.busy, 0);
      assert.ok(statSync(sqlite.name).size >= before + 1500 * 4000, 'into the database file');
      assert.equal(sqlite.prepare('SELECT count(*) FROM scratch').pluck().get(), 1500);
      await job.stop();
      assert.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), 1000, 'stopped: commits checkpoint as by default');
      assert.deepEqual(errors, []);
    } finally {
      await job.stop();
      await app.close();
    }
  });

  test('sqlite: a thread that fails gives checkpoints back to the commits, says so once, and is not asked again', async () => {
    const app = await buildTestApp(dialect);
    const { sqlite } = idleSqlite(app.db)!;
    const { errors, log } = logged();
    let asked = 0;
    const failing = () => ({
      checkpoint: () => {
        asked++;
        return Promise.reject(new Error('SQLITE_IOERR: disk I/O error'));
      },
      close: async () => {},
    });
    const job = createWalCheckpoints({ db: app.db, log, intervalMs: HOUR, openThread: failing })!;
    try {
      job.start();
      assert.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), 10_000);
      assert.equal(await job.runOnce(), null);
      assert.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), 1000, 'the WAL cannot grow without bound');
      assert.equal(await job.runOnce(), null);
      assert.equal(asked, 1, 'the failed thread is not asked again');
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /checkpoint thread failed/);
    } finally {
      await job.stop();
      await app.close();
    }
  });
}
