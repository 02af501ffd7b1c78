import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import { decrypt } from '../lib/crypto.js';
import * as repo from '../modules/webhooks/repository.js';
import { getSigningSecret } from '../modules/webhooks/secrets.js';
import { RETRY, nextStep, type RetryPolicy } from '../modules/webhooks/schedule.js';
import { postWebhook, type SendResult } from '../modules/webhooks/send.js';

/** The pino-style logger the worker writes to (the app's `app.log` fits). It never receives a key or a secret. */
export type WorkerLog = {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
};

export type WebhookWorkerOptions = {
  db: Db;
  config: Config;
  appKey: Buffer;
  log: WorkerLog;
  /** Names this worker in leases and attempts; default a random id per process. */
  workerId?: string;
  /** How often `start()` polls for due deliveries. */
  pollIntervalMs?: number;
  /** Hard limit per attempt (connect + answer). */
  timeoutMs?: number;
  /** Deliveries claimed per poll, sent in parallel. */
  batchSize?: number;
  retry?: RetryPolicy;
  /** The scheduling clock (due times, leases, retry window); tests move it forward instead of waiting. */
  now?: () => number;
};

export type WebhookWorker = {
  /** Polls every `pollIntervalMs` until `stop()`. */
  start(): void;
  /** Stops polling and waits for the sends in flight (each bounded by `timeoutMs`). */
  stop(): Promise<void>;
  /** Claims and sends the deliveries due now; resolves with how many it sent, once all are recorded. */
  runOnce(): Promise<number>;
};

/**
 * The in-process IPN sender (PRODUCT.md §3.4, ADR 020). Deliveries are rows first; this worker claims due rows with a
 * guarded UPDATE (a lease), sends, records the attempt and schedules the next one with capped exponential backoff.
 * Any number of workers, in one process or several on one PostgreSQL, never send the same delivery at the same time.
 */
export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { db, config, appKey, log } = options;
  const workerId = options.workerId ?? `wrk_${randomBytes(6).toString('hex')}`;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batchSize = options.batchSize ?? 20;
  const retry = options.retry ?? RETRY;
  const clock = options.now ?? Date.now;
  // The lease outlives the longest attempt by a wide margin, so a live claim is never taken over; a crashed
  // worker's deliveries become claimable again when its lease ends.
  const leaseMs = timeoutMs + 60_000;
  let claims = 0;

  let stopped = true;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  async function runOnce(): Promise<number> {
    const now = clock();
    const ids = await repo.dueDeliveryIds(db, now, batchSize);
    const claimed: { id: string; token: string }[] = [];
    for (const id of ids) {
      const token = `${workerId}:${++claims}`;
      if (await repo.claimDelivery(db, id, token, now, now + leaseMs)) claimed.push({ id, token });
    }
    // allSettled: one delivery whose record fails must not stop the others being awaited (stop() relies on it).
    // Its lease then runs out and it is sent again: delivery is at least once, with the same webhook-id.
    const results = await Promise.allSettled(claimed.map((c) => deliver(c.id, c.token)));
    for (const [i, r] of results.entries()) {
      if (r.status === 'rejected') log.error({ deliveryId: claimed[i]!.id, err: { name: (r.reason as Error).name, message: (r.reason as Error).message } }, 'IPN attempt could not be recorded');
    }
    return claimed.length;
  }

  async function deliver(id: string, token: string): Promise<void> {
    const row = await repo.findClaimedDelivery(db, id, token);
    if (!row) return;
    const context = { deliveryId: row.id, paymentId: row.payment_id, event: row.event, attempt: row.attempt_count };
    const startedAt = clock();
    let result: SendResult;
    let apiKeyHeader = false;
    try {
      const apiKey = await legacyApiKey(row);
      apiKeyHeader = apiKey !== null;
      const { secret } = await getSigningSecret(db, appKey, row.brand_id);
      // Real time, not the scheduling clock: receivers compare it with their own clock.
      const timestamp = new Date();
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'User-Agent': 'Duar-Webhooks/1',
        'webhook-id': row.id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(row.id, timestamp, row.payload),
      };
      if (apiKey !== null) headers['RT-UDDOKTAPAY-API-KEY'] = apiKey;
      result = await postWebhook(row.url, headers, row.payload, { timeoutMs, allowPrivate: config.webhookAllowPrivate });
    } catch (err) {
      log.error({ ...context, err: { name: (err as Error).name } }, 'IPN could not be prepared');
      result = { outcome: 'network_error', httpStatus: null, error: 'Duar could not prepare the request (see the server log)', responseExcerpt: null, durationMs: 0 };
    }

    const finishedAt = clock();
    const step = nextStep({ outcome: result.outcome, attemptNo: row.attempt_count, createdAt: row.created_at, now: finishedAt }, retry);
    const released = await db.transaction().execute(async (trx) => {
      await repo.insertAttempt(trx, {
        delivery_id: row.id,
        attempt_no: row.attempt_count,
        started_at: startedAt,
        duration_ms: result.durationMs,
        outcome: result.outcome,
        http_status: result.httpStatus,
        error: result.error,
        response_excerpt: result.responseExcerpt,
        api_key_header: apiKeyHeader ? 1 : 0,
        worker: workerId,
      });
      return repo.releaseDelivery(trx, row.id, token, {
        status: step.status,
        next_attempt_at: step.status === 'pending' ? step.nextAttemptAt : row.next_attempt_at,
        last_error: step.status === 'delivered' ? null : result.error,
        last_http_status: result.httpStatus,
        completed_at: step.status === 'pending' ? null : finishedAt,
        updated_at: finishedAt,
      });
    });
    if (released === 'lost') log.warn(context, 'IPN attempt recorded after its lease had ended; another worker owns the delivery now');
    const summary = { ...context, outcome: result.outcome, httpStatus: result.httpStatus, status: released === 'superseded' ? 'superseded' : step.status };
    if (step.status === 'failed' && released === 'released') log.warn({ ...summary, error: result.error }, 'IPN delivery failed permanently');
    else log.info(summary, 'IPN attempt');
  }

  /** The exact key that created the payment, for UddoktaPay receivers; null (header omitted, logged) if it is gone. */
  async function legacyApiKey(row: repo.DeliveryRow): Promise<string | null> {
    const context = { deliveryId: row.id, paymentId: row.payment_id, apiKeyId: row.api_key_id };
    if (row.api_key_id === null) {
      log.warn(context, 'IPN sent without RT-UDDOKTAPAY-API-KEY: the payment has no creating API key');
      return null;
    }
    const stored = await repo.findApiKeyCiphertext(db, row.api_key_id);
    if (!stored) {
      log.warn(context, 'IPN sent without RT-UDDOKTAPAY-API-KEY: the API key that created the payment was deleted');
      return null;
    }
    try {
      return decrypt(appKey, stored.key_ciphertext);
    } catch {
      log.error(context, 'IPN sent without RT-UDDOKTAPAY-API-KEY: the stored key cannot be decrypted (was the application key changed?)');
      return null;
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  }

  function tick(): void {
    timer = null;
    if (stopped || running) return;
    running = runOnce()
      .catch((err: Error) => log.error({ workerId, err: { name: err.name, message: err.message } }, 'webhook worker poll failed'))
      .finally(() => {
        running = null;
        schedule(pollIntervalMs);
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    runOnce,
  };
}
