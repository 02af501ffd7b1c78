import type { Db } from '../db/index.js';
import { scanAlerts } from '../modules/alerts/scan.js';
import { loop, type JobLog } from './loop.js';

/**
 * Every minute: raises the alerts that come from the state of the data (refunds, held and unmatched credits, a silent
 * phone, expiring keys, the 21:00 summary; modules/alerts/scan.ts). The alert worker sends them.
 */
export function createAlertScan({ db, log, now = Date.now, intervalMs = 60_000 }: { db: Db; log: JobLog; now?: () => number; intervalMs?: number }) {
  const runOnce = () => scanAlerts(db, now());
  return { runOnce, ...loop(runOnce, { name: 'alert scan', intervalMs, runAtStart: true, log }) };
}
