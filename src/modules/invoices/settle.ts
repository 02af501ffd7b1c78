import type { Executor } from '../../db/index.js';
import type { PaymentRow } from '../payments/access.js';
import { invoiceOfPayment, transitionInvoice } from './repository.js';

/**
 * Keeps an invoice in step with the payment its page started (PRODUCT.md §6), in the transaction that moved the
 * payment: completed → the invoice is Paid (by that payment); fully refunded → Refunded; a refused refund given back →
 * Paid again. Called where a payment completes (payments/ipn.ts queueIpn) and where a refund reserves or releases its
 * amount (refunds/service.ts). Each move is guarded (states.ts), so a voided invoice, or one already paid by hand or by
 * another checkout, is left as it is: that payment stays an ordinary payment the merchant can refund.
 * Imports no payments code, so payments/ipn.ts may call it without a cycle.
 */
export async function followPayment(
  trx: Executor,
  payment: Pick<PaymentRow, 'id' | 'status' | 'metadata' | 'payment_method' | 'transaction_id'>,
  now: number,
): Promise<void> {
  // Only an invoice's payments carry `invoice` in their metadata: every other payment costs no query here.
  if (!payment.metadata.includes('"invoice"')) return;
  const invoice = await invoiceOfPayment(trx, payment.id);
  if (!invoice) return;
  switch (payment.status) {
    case 'completed': {
      const paid = await transitionInvoice(trx, invoice.id, 'pay', {
        status: 'paid',
        payment_id: payment.id,
        paid_method: payment.payment_method,
        paid_transaction_id: payment.transaction_id,
        paid_at: now,
        updated_at: now,
      });
      if (!paid) await transitionInvoice(trx, invoice.id, 'unrefund', { status: 'paid', updated_at: now }, { paymentId: payment.id });
      return;
    }
    case 'partially_refunded':
      await transitionInvoice(trx, invoice.id, 'unrefund', { status: 'paid', updated_at: now }, { paymentId: payment.id });
      return;
    case 'refunded':
      await transitionInvoice(trx, invoice.id, 'refund', { status: 'refunded', updated_at: now }, { paymentId: payment.id });
      return;
    default:
      return;
  }
}
