import type { Trx } from '../../db/index.js';
import { paymentFacts } from '../alerts/events.js';
import { raiseAlert } from '../alerts/service.js';
import type { Brand } from '../brands/service.js';
import { followPayment } from '../invoices/settle.js';
import { enqueuePaymentIpn } from '../webhooks/service.js';
import type { IpnEvent } from '../webhooks/states.js';
import type { PaymentRow } from './repository.js';
import { verifyObject } from './verify-object.js';

/**
 * Stores the IPN in the transaction that moved the payment to Completed or Pending (rows before requests:
 * docs/decisions/020-webhook-delivery.md), and the merchant's alert with it (docs/decisions/110-alert-outbox-and-coalescing.md).
 */
export async function queueIpn(trx: Trx, brand: Brand, payment: PaymentRow, event: IpnEvent) {
  // A completed invoice payment pays its invoice, in this same transaction.
  if (event === 'payment.completed') await followPayment(trx, payment, Date.now());
  if (event !== 'payment.resend') {
    const alertEvent = event === 'payment.completed' ? 'payment.completed' : 'payment.pending_approval';
    await raiseAlert(trx, { brandId: brand.id, event: alertEvent, dedupeKey: payment.id, facts: paymentFacts(payment) });
  }
  if (!payment.webhook_url) return;
  await enqueuePaymentIpn(trx, {
    brandId: brand.id,
    paymentId: payment.id,
    webhookUrl: payment.webhook_url,
    apiKeyId: payment.api_key_id,
    payload: verifyObject(payment, brand.timezone),
    event,
  });
}
