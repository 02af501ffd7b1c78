import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { idleSqlite, type Db } from './index.js';

/** What `PRAGMA wal_checkpoint` answers: `busy` 1 when it could not start, the WAL's frames, and how many are in the database file. */
export type CheckpointResult = { busy: number; log: number; checkpointed: number };

export type CheckpointThread = { checkpoint(): Promise<CheckpointResult>; close(): Promise<void> };

/**
 * The thread's whole program: its own connection to the database file, one PASSIVE checkpoint per `checkpoint` message
 * answered with SQLite's result row; an error ends the thread (the main thread hears the worker's `error` event), and
 * `close` closes the connection and lets the thread end. Source text, so the same thread runs from dist/ and under tsx.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
// SQLite's errors reach the main thread as a plain Error: its own class would arrive without its message.
const plainErrors = (run) => { try { return run(); } catch (err) { throw new Error(err.code + ': ' + err.message); } };
const sqlite = plainErrors(() => new SQLite(workerData.file));
parentPort.on('message', (message) => {
  if (message === 'close') {
    sqlite.close();
    parentPort.close();
    return;
  }
  parentPort.postMessage(plainErrors(() => sqlite.pragma('wal_checkpoint(PASSIVE)')[0]));
});
`;

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * A worker thread that checkpoints the WAL of the SQLite `file` when asked, so the copying and syncing happen off the
 * event loop. One request at a time; a failure rejects it and ends the thread.
 */
export function checkpointThread(file: string): CheckpointThread {
  const worker = new Worker(PROGRAM, { eval: true, workerData: { file, driver } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async checkpoint() {
      worker.postMessage('checkpoint');
      // once() rejects when the worker emits `error` (it then exits) instead of answering.
      const [result] = (await once(worker, 'message')) as [CheckpointResult];
      return result;
    },
    async close() {
      worker.postMessage('close'); // a no-op if it has already ended
      await exited;
    },
  };
}

/** SQLite's default: the commit that leaves the WAL at least this many pages long checkpoints it. */
const SQLITE_DEFAULT_PAGES = 1000;
/**
 * While the thread runs: the WAL restarts from its start only after a checkpoint that copied all of it, and the thread's
 * never does while commits keep coming; at this length (about 40 MB) a commit checkpoints what the thread has not
 * copied yet, which lets the next one restart the WAL instead of growing it.
 */
const WITH_THREAD_PAGES = 10_000;

/**
 * SQLite's WAL checkpoints on a thread of their own (docs/decisions/045-wal-checkpoints-off-the-event-loop.md). By
 * default the commit that takes the WAL past 1000 pages copies it into the database file and syncs both before it
 * returns, on the event loop: under a stream of checkouts that doubled the time each insert held it. From `start()` a
 * worker thread with its own connection checkpoints when asked (PASSIVE: it copies what no reader still needs, and
 * neither waits for nor blocks readers and writers), and the server's commits checkpoint only at WITH_THREAD_PAGES, what
 * is left by then. If the thread fails (`checkpoint()` rejects), or after `stop()`, commits checkpoint as SQLite does by
 * default. Null on PostgreSQL.
 */
export function walCheckpoints(db: Db, openThread: (file: string) => CheckpointThread = checkpointThread) {
  const sqlite = idleSqlite(db)?.sqlite;
  if (!sqlite) return null;
  let thread: CheckpointThread | null = null;
  const checkpointOnCommit = (pages: number) => sqlite.pragma(`wal_autocheckpoint = ${pages}`);
  return {
    start(): void {
      thread ??= openThread(sqlite.name);
      checkpointOnCommit(WITH_THREAD_PAGES);
    },
    /** Null when no thread runs (not started, stopped, or failed before). */
    async checkpoint(): Promise<CheckpointResult | null> {
      if (!thread) return null;
      try {
        return await thread.checkpoint();
      } catch (err) {
        thread = null;
        checkpointOnCommit(SQLITE_DEFAULT_PAGES);
        throw err;
      }
    },
    async stop(): Promise<void> {
      checkpointOnCommit(SQLITE_DEFAULT_PAGES);
      await thread?.close();
      thread = null;
    },
  };
}
