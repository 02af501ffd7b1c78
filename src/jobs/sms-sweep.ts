import type { Db } from '../db/index.js';
import { sweepSettleable } from '../modules/sms/settle.js';
import { loop, type JobLog } from './loop.js';

/**
 * Every minute in `serve()`: approved SMS that a Pending payment waits for (approved later by the balance chain or by
 * an administrator, or stored while the submission was in flight) complete it. Each instance may run it; every
 * completion is a guarded update, so two sweeps never complete a payment twice.
 */
export function createSmsSweep({ db, log, intervalMs = 60_000 }: { db: Db; log: JobLog; intervalMs?: number }) {
  const runOnce = () => sweepSettleable(db);
  return { runOnce, ...loop(runOnce, { name: 'SMS sweep', intervalMs, log }) };
}
