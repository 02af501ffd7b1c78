import type { AttemptOutcome, DeliveryStatus, IpnEvent } from '../../modules/webhooks/states.js';

/** Tables of the webhooks feature (IPN deliveries and attempts, brand signing secrets). Created by migration 003. */

/** One Standard Webhooks signing secret per brand, created on first use; the value is stored encrypted under the app key. */
export interface WebhookSecretsTable {
  brand_id: string;
  /** `encrypt(appKey, 'whsec_…')`; the plaintext is only ever shown by the admin API's view/rotate. */
  secret_ciphertext: string;
  created_at: number;
}

/**
 * An outgoing IPN: stored in the same transaction as the payment's status change, then sent by the webhook worker.
 * Independent of the payments table's shape: it keeps everything needed to send (url, key id, the exact body).
 */
export interface WebhookDeliveriesTable {
  /** `dlv_…`; also the Standard Webhooks `webhook-id`, the same on every retry so receivers can deduplicate. */
  id: string;
  brand_id: string;
  payment_id: string;
  event: IpnEvent;
  /** The payment's webhook_url exactly as given: nothing is appended. */
  url: string;
  /** The key that created the payment; its value is decrypted at send time for RT-UDDOKTAPAY-API-KEY. */
  api_key_id: string | null;
  /** The exact JSON text sent as the body (and signed), so the signature and the bytes always agree. */
  payload: string;
  status: DeliveryStatus;
  /** Attempts claimed so far (incremented when a worker claims the delivery). */
  attempt_count: number;
  next_attempt_at: number;
  /** Lease: a worker owns the delivery while `locked_until` is in the future; `locked_by` is that claim's token. */
  locked_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  last_http_status: number | null;
  created_at: number;
  updated_at: number;
  /** When a 2xx acknowledged it, when it was given up (status failed), or when a newer IPN superseded it. */
  completed_at: number | null;
}

/** Every send attempt of a delivery, as the worker saw it. */
export interface WebhookAttemptsTable {
  delivery_id: string;
  /** 1, 2, …: the delivery's attempt_count at claim time, so two claims never share a number. */
  attempt_no: number;
  started_at: number;
  duration_ms: number;
  outcome: AttemptOutcome;
  http_status: number | null;
  error: string | null;
  /** The first few hundred characters of the receiver's answer. */
  response_excerpt: string | null;
  /** 1 when RT-UDDOKTAPAY-API-KEY was sent; 0 when the key was deleted (or unreadable) and the header omitted. */
  api_key_header: number;
  worker: string;
}

export interface WebhookTables {
  webhook_secrets: WebhookSecretsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
