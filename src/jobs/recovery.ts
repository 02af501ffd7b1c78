import type { Db } from '../db/index.js';
import { releaseExpiredClaims } from '../modules/payments/idempotency.js';
import { recoverStrandedRefunds } from '../modules/refunds/recover.js';
import { loop, type JobLog } from './loop.js';

export { STRANDED_REFUND_AFTER_MS } from '../modules/refunds/recover.js';

const BATCH = 100;

/**
 * Settles what a crash left half-done (docs/decisions/014-leases-and-reconciliation.md), at start and then every
 * minute in `serve()`: refunds stranded in `processing` are asked about at their gateway — settled as it answers, or
 * failed with their reservation given back when it cannot tell — and idempotency claims past their lease are ended.
 * Each instance may run it: every write is guarded on the state it read.
 */
export function createRecovery({ db, log, intervalMs = 60_000 }: { db: Db; log: JobLog & { info(obj: object, msg: string): void }; intervalMs?: number }) {
  async function runOnce(now = Date.now()) {
    const refunds = await recoverStrandedRefunds(db, now, BATCH, (obj, msg) => log.warn(obj, msg));
    const result = { refundsSucceeded: refunds.succeeded, refundsReleased: refunds.released, claimsReleased: await releaseExpiredClaims(db, now) };
    if (result.refundsSucceeded + result.refundsReleased > 0) log.info(result, 'recovered refunds left processing by a crash');
    return result;
  }

  return { runOnce, ...loop(() => runOnce(), { name: 'recovery', intervalMs, log }) };
}
