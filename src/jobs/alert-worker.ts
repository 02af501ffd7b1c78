import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import { channelEnv } from '../modules/alerts/channels.js';
import { claimDueAlerts, deliverAlerts, type AlertLog, type AlertSender } from '../modules/alerts/deliver.js';
import { RETRY, type RetryPolicy } from '../modules/webhooks/schedule.js';
import { loop } from './loop.js';

export type AlertWorkerOptions = {
  db: Db;
  config: Config;
  appKey: Buffer;
  log: AlertLog;
  workerId?: string;
  pollIntervalMs?: number;
  timeoutMs?: number;
  /** Channel-and-event groups claimed per poll, sent in parallel. */
  batchSize?: number;
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
  const batchSize = options.batchSize ?? 20;
  let claims = 0;

  async function runOnce(): Promise<number> {
    const now = sender.clock();
    const claimed = await claimDueAlerts(
      sender.db,
      now,
      { limit: batchSize, leaseUntil: now + leaseMs, burstMs: sender.burstMs },
      () => `${workerId}:${++claims}`,
    );
    const results = await Promise.allSettled(claimed.map((c) => deliverAlerts(sender, c)));
    for (const [i, r] of results.entries()) {
      if (r.status === 'rejected')
        sender.log.error({ channelId: claimed[i]!.group.channel_id, err: { name: (r.reason as Error).name } }, 'alert outcome could not be recorded');
    }
    return claimed.length;
  }

  return { runOnce, ...loop(runOnce, { name: 'alert worker', intervalMs: options.pollIntervalMs ?? 1000, runAtStart: true, log: options.log }) };
}
