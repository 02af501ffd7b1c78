import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import { channelEnv } from '../modules/alerts/channels.js';
import { claimDueAlerts, deliverAlerts, type AlertLog, type AlertSender } from '../modules/alerts/deliver.js';
import { RETRY, type RetryPolicy } from '../modules/webhooks/schedule.js';
import { drain } from './drain.js';
import { loop } from './loop.js';

export type AlertWorkerOptions = {
  db: Db;
  config: Config;
  appKey: Buffer;
  log: AlertLog;
  workerId?: string;
  pollIntervalMs?: number;
  timeoutMs?: number;
  /** Most channel-and-event messages in flight at once; claimed again as each one is answered. */
  concurrency?: number;
  retry?: RetryPolicy;
  /** The scheduling clock (windows, leases, retries); tests move it forward instead of waiting. */
  now?: () => number;
};

/**
 * The alert sender (docs/decisions/110-alert-outbox-and-coalescing.md): the IPN worker's shape — rows first, a guarded
 * lease per claim, the IPN retry policy — with one message per channel and event carrying every due alert.
 */
export function createAlertWorker(options: AlertWorkerOptions) {
  const workerId = options.workerId ?? `alw_${randomBytes(6).toString('hex')}`;
  const sender: AlertSender = {
    db: options.db,
    appKey: options.appKey,
    log: options.log,
    publicUrl: options.config.publicUrl,
    env: channelEnv(options.config, options.timeoutMs ?? 10_000),
    retry: options.retry ?? RETRY,
    burstMs: options.config.alertBurstMs,
    clock: options.now ?? Date.now,
  };
  const leaseMs = sender.env.timeoutMs + 60_000;
  const concurrency = options.concurrency ?? 20;
  let claims = 0;

  function runOnce(signal?: AbortSignal): Promise<number> {
    return drain({
      claim: (limit) => {
        const now = sender.clock();
        return claimDueAlerts(sender.db, now, { limit, leaseUntil: now + leaseMs, burstMs: sender.burstMs }, () => `${workerId}:${++claims}`);
      },
      send: (claimed) => deliverAlerts(sender, claimed),
      failed: (claimed, err) => sender.log.error({ channelId: claimed.group.channel_id, err: { name: err.name } }, 'alert outcome could not be recorded'),
      concurrency,
      signal,
    });
  }

  return { runOnce, ...loop(runOnce, { name: 'alert worker', intervalMs: options.pollIntervalMs ?? 1000, runAtStart: true, log: options.log }) };
}
