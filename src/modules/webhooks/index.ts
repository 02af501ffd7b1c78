import type { Trx } from '../../db/index.js';

/**
 * Stores an IPN delivery for a payment in the caller's transaction (the same one that changes the payment's status);
 * the webhook worker sends it afterwards. `payload` is the verify object; `apiKeyId` the key that created the payment.
 */
export async function enqueuePaymentIpn(
  _trx: Trx,
  _input: { brandId: string; paymentId: string; webhookUrl: string; apiKeyId: string | null; payload: Record<string, unknown>; event: 'payment.completed' | 'payment.pending' | 'payment.resend' },
): Promise<void> {
  // Placeholder until the webhooks module lands.
}

/** The IPN deliveries of a payment with their attempts, newest first, for the payment detail page. */
export async function listPaymentDeliveries(_db: import('../../db/index.js').Executor, _paymentId: string): Promise<Record<string, unknown>[]> {
  // Placeholder until the webhooks module lands.
  return [];
}
