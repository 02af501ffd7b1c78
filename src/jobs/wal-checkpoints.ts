import type { Db } from '../db/index.js';
import { walCheckpoints } from '../db/wal-checkpoints.js';
import { loop, type JobLog } from './loop.js';

type Log = JobLog & { error(obj: object, msg: string): void };

/**
 * SQLite's WAL checkpoints, every `intervalMs` on a thread of their own rather than in the commits on the event loop
 * (db/wal-checkpoints.ts, docs/decisions/045-wal-checkpoints-off-the-event-loop.md). A thread that fails is said once;
 * commits checkpoint again from then on. Null on PostgreSQL.
 */
export function createWalCheckpoints({
  db,
  log,
  intervalMs = 100,
  openThread,
}: {
  db: Db;
  log: Log;
  intervalMs?: number;
  openThread?: Parameters<typeof walCheckpoints>[1];
}) {
  const checkpoints = walCheckpoints(db, openThread);
  if (!checkpoints) return null;

  const runOnce = () =>
    checkpoints.checkpoint().catch((err: unknown) => {
      log.error({ err }, 'the WAL checkpoint thread failed; commits checkpoint the WAL again, as SQLite does by default');
      return null;
    });

  const every = loop(runOnce, { name: 'WAL checkpoint', intervalMs, log });
  return {
    runOnce,
    start() {
      checkpoints.start();
      every.start();
    },
    async stop() {
      await every.stop();
      await checkpoints.stop();
    },
  };
}
