import { formatAmount, formatDecimal, RATE_DECIMALS } from '../../lib/money.js';
import { CHARGED_CURRENCY } from '../currencies/service.js';
import { formatDateTime } from '../../lib/dates.js';
import type { PaymentRow, VerifyRow } from './repository.js';
import { wireStatus } from './states.js';

/**
 * The UddoktaPay verify object, also the IPN body: UddoktaPay's 12 fields, typed as the strictest client needs —
 * money as two-decimal strings (FLUT types them String and fails on numbers), `transaction_id` and the other text
 * fields as strings, never null (WHMCS passes them into `string` parameters under strict_types), `date` as
 * `YYYY-MM-DD HH:MM:SS` in the brand's time zone (FLUT DateTime.parse). Plus `payment_status` (the exact internal state)
 * and `refunded_amount`, extra fields every client ignores.
 *
 * Currencies (docs/decisions/060-currencies-fees-and-rounding.md): `amount` stays as the merchant sent it, in `currency`
 * (WHMCS accepts a payment when `amount` ≥ its invoice total, in the invoice's currency); `exchange_rate` (BDT per unit,
 * four decimals), `charged_currency` ("BDT") and `charged_amount` say what the customer paid; `fee` and
 * `refunded_amount` are in the charged currency too.
 */
export function verifyObject(payment: PaymentRow, timeZone: string) {
  const stored = verifyObjectStored(payment, timeZone);
  return { ...stored, metadata: JSON.parse(stored.metadata) as Record<string, unknown> };
}

/**
 * The verify object with `metadata` as stored: the JSON text of the object the checkout sent (the checkout stores
 * `JSON.stringify` of a validated object), which the verify route writes into its answer as is instead of parsing it to
 * serialise it again (http/api/verify-payment.ts).
 */
export function verifyObjectStored(payment: VerifyRow, timeZone: string) {
  return {
    full_name: payment.full_name,
    email: payment.email,
    amount: formatAmount(payment.amount),
    fee: formatAmount(payment.fee),
    charged_amount: formatAmount(payment.charged_amount),
    invoice_id: payment.invoice_id,
    metadata: payment.metadata,
    payment_method: payment.payment_method ?? '',
    sender_number: payment.sender_number ?? '',
    transaction_id: payment.transaction_id ?? '',
    date: formatDateTime(payment.paid_at ?? payment.created_at, timeZone),
    status: wireStatus(payment.status),
    payment_status: payment.status,
    refunded_amount: formatAmount(payment.refunded_amount),
    currency: payment.currency,
    exchange_rate: formatDecimal(payment.exchange_rate, RATE_DECIMALS),
    charged_currency: CHARGED_CURRENCY,
  };
}
