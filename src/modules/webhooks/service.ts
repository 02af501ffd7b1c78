import type { Executor, Trx } from '../../db/index.js';
import { isoTime as iso } from '../../lib/dates.js';
import type { AttemptOutcome, DeliveryStatus, IpnEvent } from './states.js';
import { DuarError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { newDeliveryState } from './schedule.js';
import * as repo from './repository.js';
import { checkWebhookUrl, isInsecureWebhookUrl, redactSecrets } from './send.js';

/**
 * For create-checkout (and any other address an IPN will go to, named by `field`): refuses a URL the worker would certainly refuse (not http(s), or an IP literal in a
 * refused range). Host names are judged again at every send, on the address actually connected to.
 */
export function assertWebhookUrlAllowed(url: string, config: { webhookAllowPrivate: boolean }, field = 'webhook_url', label = field): void {
  const checked = checkWebhookUrl(url, config.webhookAllowPrivate);
  if ('refused' in checked) throw new DuarError('webhook_url_refused', `${label} is not accepted: ${checked.refused}`, { field });
}

/**
 * Stores an IPN delivery for a payment in the caller's transaction (the same one that changes the payment's status);
 * the webhook worker sends it afterwards. Older undelivered IPNs of the payment are superseded (ADR 021): `payload`
 * must be the payment's state as of this transaction. `payload` is the verify object; `apiKeyId` the key that created the payment.
 * Never refuses a URL here (that would roll back the status change): a bad URL becomes a failed delivery with its reason.
 * Returns the delivery id (`dlv_…`, also the `webhook-id` header).
 */
export async function enqueuePaymentIpn(
  trx: Trx,
  input: { brandId: string; paymentId: string; webhookUrl: string; apiKeyId: string | null; payload: Record<string, unknown>; event: IpnEvent },
): Promise<string> {
  const now = Date.now();
  const id = newId('dlv');
  // The caller holds the payment's row lock (its status UPDATE, or lockPayment for a resend), so IPNs of one payment
  // are queued one after another and this sees every earlier one.
  await repo.supersedePending(trx, input.paymentId, now);
  await repo.insertDelivery(trx, {
    id,
    brand_id: input.brandId,
    payment_id: input.paymentId,
    event: input.event,
    url: input.webhookUrl,
    api_key_id: input.apiKeyId,
    // Serialised once: these exact bytes are signed and sent on every attempt.
    payload: JSON.stringify(input.payload),
    ...newDeliveryState(now),
  });
  return id;
}

export type DeliveryView = {
  id: string;
  event: IpnEvent;
  url: string;
  /** Plain http:// outside loopback: the API key travels in clear text (the dashboard warns). */
  url_insecure: boolean;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: string | null;
  last_error: string | null;
  last_http_status: number | null;
  created_at: string;
  completed_at: string | null;
  payload: unknown;
  attempts: {
    attempt: number;
    started_at: string;
    duration_ms: number;
    outcome: AttemptOutcome;
    http_status: number | null;
    error: string | null;
    response_excerpt: string | null;
    api_key_header_sent: boolean;
  }[];
};

/** Deliveries with their attempts, in the order given. No key or secret. */
async function deliveryViews(db: Executor, deliveries: repo.DeliveryRow[]): Promise<DeliveryView[]> {
  const attempts = await repo.listAttempts(
    db,
    deliveries.map((d) => d.id),
  );
  return deliveries.map((d) => ({
    id: d.id,
    event: d.event,
    url: d.url,
    url_insecure: isInsecureWebhookUrl(d.url),
    status: d.status,
    attempt_count: d.attempt_count,
    next_attempt_at: d.status === 'pending' ? iso(d.next_attempt_at) : null,
    last_error: d.last_error,
    last_http_status: d.last_http_status,
    created_at: iso(d.created_at),
    completed_at: iso(d.completed_at),
    payload: JSON.parse(d.payload) as unknown,
    attempts: attempts
      .filter((a) => a.delivery_id === d.id)
      .map((a) => ({
        attempt: a.attempt_no,
        started_at: iso(a.started_at),
        duration_ms: a.duration_ms,
        outcome: a.outcome,
        http_status: a.http_status,
        error: a.error,
        // Redacted when stored; Duar-format keys are redacted again here for rows stored before that (ADR 021).
        response_excerpt: a.response_excerpt === null ? null : redactSecrets(a.response_excerpt, []),
        api_key_header_sent: a.api_key_header === 1,
      })),
  }));
}

/** The IPN deliveries of a payment with their attempts, newest first, for the payment detail page. No key or secret. */
export async function listPaymentDeliveries(db: Executor, paymentId: string): Promise<DeliveryView[]> {
  return deliveryViews(db, await repo.listDeliveriesOfPayment(db, paymentId));
}

/** A delivery on Brand Settings → Webhooks names its payment. */
export type BrandDeliveryView = DeliveryView & { payment_id: string; invoice_id: string };

/** A brand's deliveries, newest first, each naming its payment (Brand Settings → Webhooks). */
export async function listBrandDeliveries(db: Executor, brandId: string, opts: { status?: DeliveryStatus; page: number; perPage: number }) {
  const { rows, total } = await repo.listDeliveriesOfBrand(db, brandId, { status: opts.status, limit: opts.perPage, offset: (opts.page - 1) * opts.perPage });
  const views = await deliveryViews(db, rows);
  const deliveries: BrandDeliveryView[] = views.map((v, i) => ({ ...v, payment_id: rows[i]!.payment_id, invoice_id: rows[i]!.invoice_id }));
  return { deliveries, total };
}

/** The payment a brand's delivery belongs to, for "Resend"; unknown or another brand's delivery → 404. */
export async function deliveryPaymentId(db: Executor, brandId: string, deliveryId: string): Promise<string> {
  const row = await repo.findDeliveryOfBrand(db, brandId, deliveryId);
  if (!row) throw new DuarError('webhook_delivery_not_found', 'No such webhook delivery in this brand');
  return row.payment_id;
}
