import type { Db } from '../db/index.js';
import { sweepSettleable } from '../modules/sms/matching.js';

/**
 * Every minute in `serve()`: approved SMS that a Pending payment waits for (approved later by the balance chain or by
 * an administrator, or stored while the submission was in flight) complete it. Each instance may run it; every
 * completion is a guarded update, so two sweeps never complete a payment twice.
 */
export function createSmsSweep({ db, log, intervalMs = 60_000 }: { db: Db; log: { warn(obj: object, msg: string): void }; intervalMs?: number }) {
  let timer: NodeJS.Timeout | null = null;
  return {
    runOnce: () => sweepSettleable(db),
    start() {
      timer = setInterval(() => sweepSettleable(db).catch((err) => log.warn({ err }, 'SMS sweep failed')), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
