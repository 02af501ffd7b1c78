import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import { claimDueDeliveries, deliverClaimed, type DeliveryLog, type Sender } from '../modules/webhooks/deliver.js';
import { RETRY, type RetryPolicy } from '../modules/webhooks/schedule.js';
import { drain } from './drain.js';
import { loop } from './loop.js';

export type WebhookWorkerOptions = {
  db: Db;
  config: Config;
  appKey: Buffer;
  /** The app's `app.log` fits; it never receives a key or a secret. */
  log: DeliveryLog;
  /** Names this worker in leases and attempts; default a random id per process. */
  workerId?: string;
  /** How often `start()` polls for due deliveries. */
  pollIntervalMs?: number;
  /** Hard limit per attempt (connect + answer). */
  timeoutMs?: number;
  /** Most IPNs in flight at once (one per payment at most); claimed again as each one is answered. */
  concurrency?: number;
  retry?: RetryPolicy;
  /** The scheduling clock (due times, leases, retry window); tests move it forward instead of waiting. */
  now?: () => number;
};

export type WebhookWorker = {
  /** Polls every `pollIntervalMs` until `stop()`. */
  start(): void;
  /** Stops polling and waits for the sends in flight (each bounded by `timeoutMs`). */
  stop(): Promise<void>;
  /** Claims and sends the deliveries due now, and those that become due while it sends; resolves with how many it sent, once all are recorded. */
  runOnce(signal?: AbortSignal): Promise<number>;
};

/**
 * The in-process IPN sender (docs/decisions/020-webhook-delivery.md). Deliveries are rows first; this worker claims due rows with a
 * guarded UPDATE (a lease), sends, records the attempt and schedules the next one with capped exponential backoff.
 * Any number of workers, in one process or several on one PostgreSQL, never send the same delivery at the same time.
 */
export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { log } = options;
  const workerId = options.workerId ?? `wrk_${randomBytes(6).toString('hex')}`;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const concurrency = options.concurrency ?? 100;
  const sender: Sender = {
    db: options.db,
    appKey: options.appKey,
    log,
    workerId,
    allowPrivate: options.config.webhookAllowPrivate,
    timeoutMs: options.timeoutMs ?? 10_000,
    retry: options.retry ?? RETRY,
    clock: options.now ?? Date.now,
  };
  // The lease outlives the longest attempt by a wide margin, so a live claim is never taken over; a crashed
  // worker's deliveries become claimable again when its lease ends.
  const leaseMs = sender.timeoutMs + 60_000;
  let claims = 0;

  function runOnce(signal?: AbortSignal): Promise<number> {
    return drain({
      claim: (limit) => {
        const now = sender.clock();
        return claimDueDeliveries(sender.db, now, limit, now + leaseMs, () => `${workerId}:${++claims}`);
      },
      send: (claimed) => deliverClaimed(sender, claimed),
      failed: (claimed, err) => log.error({ deliveryId: claimed.id, err: { name: err.name, message: err.message } }, 'IPN attempt could not be recorded'),
      concurrency,
      signal,
    });
  }

  return { runOnce, ...loop(runOnce, { name: 'webhook worker', intervalMs: pollIntervalMs, runAtStart: true, log }) };
}
