import type { Db } from '../db/index.js';
import { purgeIdempotencyKeys } from '../modules/payments/idempotency.js';
import { purgeOldUsage } from '../modules/api-keys/usage.js';
import { deleteExpiredSessions } from '../modules/admins/service.js';
import { loop, type JobLog } from './loop.js';

/**
 * Deletes rows that have outlived their purpose, hourly in `serve()`: idempotency records past their 24 h window and
 * ended admin sessions, and API key usage older than its 90 days. Each instance may run it; the deletes are idempotent.
 */
export function createHousekeeping({ db, log, intervalMs = 60 * 60_000 }: { db: Db; log: JobLog; intervalMs?: number }) {
  async function runOnce(now = Date.now()) {
    const idempotencyKeys = await purgeIdempotencyKeys(db, now);
    const sessions = await deleteExpiredSessions(db, now);
    const usageRows = await purgeOldUsage(db, now);
    return { idempotencyKeys, sessions, usageRows };
  }

  return { runOnce, ...loop(() => runOnce(), { name: 'housekeeping', intervalMs, log }) };
}
