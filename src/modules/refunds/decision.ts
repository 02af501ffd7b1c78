import { formatAmount } from '../../lib/money.js';
import type { ErrorCode } from '../../lib/errors.js';
import { isRefundable, type PaymentState } from '../payments/states.js';

export type RefundDecision = { ok: true; amount: number; remainingAfter: number } | { ok: false; code: ErrorCode; message: string; field?: string };

/**
 * Pure: may `requested` (paisa; null = everything that remains) be refunded from this payment now?
 * The write that follows re-checks the same bound in its WHERE clause (docs/decisions/010-payments-refund-bound.md), so a concurrent refund that
 * wins in between turns this "yes" into a conflict instead of an over-refund.
 */
export function decideRefund(payment: { status: PaymentState; charged_amount: number; refunded_amount: number }, requested: number | null): RefundDecision {
  // Refunds are money back to the customer, in BDT: bounded by what they paid, fee included when they bore it.
  const remaining = payment.charged_amount - payment.refunded_amount;
  if (!isRefundable(payment.status)) {
    return {
      ok: false,
      code: 'payment_not_refundable',
      message:
        payment.status === 'refunded'
          ? 'This payment has already been refunded in full'
          : `Only completed payments can be refunded; this payment is ${payment.status.replace('_', ' ')}`,
    };
  }
  if (remaining <= 0) return { ok: false, code: 'payment_not_refundable', message: 'This payment has already been refunded in full' };
  const amount = requested ?? remaining;
  if (amount <= 0) return { ok: false, code: 'invalid_amount', message: 'amount must be greater than 0', field: 'amount' };
  if (amount > remaining) {
    return {
      ok: false,
      code: 'refund_exceeds_remaining',
      message: `amount ${formatAmount(amount)} is more than the ${formatAmount(remaining)} that remains refundable on this payment`,
      field: 'amount',
    };
  }
  return { ok: true, amount, remainingAfter: remaining - amount };
}
