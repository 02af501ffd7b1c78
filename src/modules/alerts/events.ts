import type { PaymentRow } from '../payments/access.js';
import type { PaymentFacts } from './messages.js';

/** A payment's alert facts: what the merchant needs to recognise it, nothing secret. */
export function paymentFacts(payment: PaymentRow, amount = payment.amount, reason: string | null = null): PaymentFacts {
  return {
    payment_id: payment.id,
    invoice_id: payment.invoice_id,
    amount,
    currency: payment.currency,
    method: payment.payment_method,
    customer: payment.full_name,
    at: payment.completed_at ?? payment.paid_at ?? payment.updated_at,
    ...(reason ? { reason } : {}),
  };
}
