import type { Db } from '../../db/index.js';
import { decrypt } from '../../lib/crypto.js';
import { ipnKeyCiphertext } from '../api-keys/ipn-key.js';
import * as repo from './repository.js';
import { nextStep, type RetryPolicy } from './schedule.js';
import { getSigningSecret, signedHeaders } from './secrets.js';
import { postWebhook, type SendResult } from './send.js';

/** The pino-style logger deliveries write to (the app's `app.log` fits). It never receives a key or a secret. */
export type DeliveryLog = {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
};

/** What one worker sends with: its name in leases and attempts, its limits and clock. */
export type Sender = {
  db: Db;
  appKey: Buffer;
  log: DeliveryLog;
  workerId: string;
  allowPrivate: boolean;
  /** Hard limit per attempt (connect + answer). */
  timeoutMs: number;
  retry: RetryPolicy;
  /** The scheduling clock (due times, leases, retry window). */
  clock: () => number;
};

export type Claim = { id: string; token: string };

/**
 * Claims up to `limit` due deliveries with a guarded UPDATE each (a lease until `leaseUntil`); `nextToken` names each
 * claim. Of several workers, exactly one gets a given delivery. Candidates another worker took meanwhile are replaced
 * by the next ones due, so fewer than `limit` means nothing more is due (the worker's drain relies on it).
 */
export async function claimDueDeliveries(db: Db, now: number, limit: number, leaseUntil: number, nextToken: () => string): Promise<Claim[]> {
  const claimed: Claim[] = [];
  for (;;) {
    const wanted = limit - claimed.length;
    const candidates = wanted > 0 ? await repo.dueDeliveryIds(db, now, wanted) : [];
    let lost = 0;
    for (const id of candidates) {
      const token = nextToken();
      if (await repo.claimDelivery(db, id, token, now, leaseUntil)) claimed.push({ id, token });
      else lost++;
    }
    // Taken candidates are leased now, so the next query skips them; stop when none was lost or none is left.
    if (lost === 0 || candidates.length < wanted) return claimed;
  }
}

/** Sends one claimed delivery, records the attempt and schedules the next one (or ends it), and logs the outcome. */
export async function deliverClaimed(sender: Sender, { id, token }: Claim): Promise<void> {
  const row = await repo.findClaimedDelivery(sender.db, id, token);
  if (!row) return;
  const context = { deliveryId: row.id, paymentId: row.payment_id, event: row.event, attempt: row.attempt_count };
  const startedAt = sender.clock();
  const { result, apiKeyHeader } = await sendIpn(sender, row, context);
  const finishedAt = sender.clock();
  const step = nextStep({ outcome: result.outcome, attemptNo: row.attempt_count, createdAt: row.created_at, now: finishedAt }, sender.retry);
  const released = await sender.db.transaction().execute(async (trx) => {
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
      worker: sender.workerId,
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
  const { log } = sender;
  if (released === 'lost') log.warn(context, 'IPN attempt recorded after its lease had ended; another worker owns the delivery now');
  const summary = { ...context, outcome: result.outcome, httpStatus: result.httpStatus, status: released === 'superseded' ? 'superseded' : step.status };
  if (step.status === 'failed' && released === 'released') log.warn({ ...summary, error: result.error }, 'IPN delivery failed permanently');
  else log.info(summary, 'IPN attempt');
}

/** One signed POST of the delivery's stored payload; a failure to prepare it becomes a network_error attempt. */
async function sendIpn(sender: Sender, row: repo.DeliveryRow, context: object): Promise<{ result: SendResult; apiKeyHeader: boolean }> {
  let apiKeyHeader = false;
  try {
    const apiKey = await legacyApiKey(sender, row);
    apiKeyHeader = apiKey !== null;
    const { secret } = await getSigningSecret(sender.db, sender.appKey, row.brand_id);
    // Real time, not the scheduling clock: receivers compare it with their own clock.
    const headers = signedHeaders(secret, row.id, new Date(), row.payload);
    if (apiKey !== null) headers['RT-UDDOKTAPAY-API-KEY'] = apiKey;
    const result = await postWebhook(row.url, headers, row.payload, { timeoutMs: sender.timeoutMs, allowPrivate: sender.allowPrivate });
    return { result, apiKeyHeader };
  } catch (err) {
    sender.log.error({ ...context, err: { name: (err as Error).name } }, 'IPN could not be prepared');
    const result: SendResult = {
      outcome: 'network_error',
      httpStatus: null,
      error: 'Duar could not prepare the request (see the server log)',
      responseExcerpt: null,
      durationMs: 0,
    };
    return { result, apiKeyHeader };
  }
}

/** The exact key that created the payment, for UddoktaPay receivers; null (header omitted, logged) if it is gone. */
async function legacyApiKey({ db, appKey, log }: Sender, row: repo.DeliveryRow): Promise<string | null> {
  const context = { deliveryId: row.id, paymentId: row.payment_id, apiKeyId: row.api_key_id };
  if (row.api_key_id === null) {
    log.warn(context, 'IPN sent without RT-UDDOKTAPAY-API-KEY: the payment has no creating API key');
    return null;
  }
  const stored = await ipnKeyCiphertext(db, row.api_key_id);
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
