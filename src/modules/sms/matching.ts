import { displayMoney } from '../../lib/money.js';
import type { MethodSettings } from '../gateways/settings.js';
import type { PaymentRow } from '../payments/access.js';
import type { VerificationIssue, VerificationNote } from '../payments/states.js';
import { PROVIDER_LABELS } from './providers.js';
import type { SmsRow } from './repository.js';
import { SMS_REASONS } from './states.js';

/*
 * Pure: whether an SMS pays a payment. Acting on the answer (using the SMS, completing or noting the payment) is SMS
 * settlement's, in settle.ts (docs/decisions/075-one-owner-per-rule.md).
 */

/** An SMS may be dated up to this long before the checkout was created (clocks and the customer paying first). */
export const MATCH_WINDOW_MS = 10 * 60_000;

/**
 * Whether an SMS pays a payment; when not, why: a sentence for people, a stable code (approving such a payment needs an
 * explicit confirmation, docs/decisions/061-approving-a-mismatch.md) and the paisa the SMS shows.
 */
export type MatchDecision = { ok: true } | { ok: false; issue: VerificationIssue; note: string; smsAmount: number | null };

/** Nothing disagrees (or no SMS carries the TrxID yet). */
export const NO_ISSUE: VerificationNote = { note: null, issue: null, smsAmount: null };

const tk = (paisa: number) => displayMoney(paisa);

/** The message's own time: the date written in it, else when the phone says it was sent, else when it arrived. */
export function smsTime(sms: SmsRow): number {
  return Number(sms.sms_at ?? sms.sent_at ?? sms.created_at);
}

/**
 * Pure: whether this SMS pays this payment. Same provider and TrxID are given (the lookup); here: the message is
 * approved and unused, of a kind the method accepts, pays at least the due and at most the due plus the tolerance, is
 * not older than the checkout, and (when both are known) comes from the number the customer typed.
 */
export function decideMatch(
  payment: Pick<PaymentRow, 'charged_amount' | 'created_at' | 'sender_number'>,
  sms: SmsRow,
  settings: Pick<MethodSettings, 'smsTolerance' | 'smsCreditKinds'>,
): MatchDecision {
  const label = PROVIDER_LABELS[sms.provider] ?? sms.provider;
  const smsAmount = sms.amount === null ? null : Number(sms.amount);
  if (sms.status !== 'approved' || sms.payment_id !== null) {
    const why =
      sms.status === 'awaiting_review'
        ? `is waiting for review (${(sms.reason && SMS_REASONS[sms.reason]) ?? sms.reason})`
        : sms.status === 'used'
          ? 'has already paid another payment'
          : `is ${sms.status}`;
    return { ok: false, issue: 'sms_not_usable', note: `The ${label} message with this TrxID ${why}.`, smsAmount };
  }
  if (sms.kind === null || !settings.smsCreditKinds.includes(sms.kind)) {
    const note = `The ${label} message with this TrxID is a ${String(sms.kind).replace(/_/g, ' ')}, which this payment method does not accept.`;
    return { ok: false, issue: 'credit_kind', note, smsAmount };
  }
  // What the customer must pay in BDT: the amount converted, plus the fee when they bear it (payments/pricing.ts).
  const due = payment.charged_amount;
  const paid = Number(sms.amount);
  if (paid < due) return { ok: false, issue: 'underpaid', note: `Underpaid: the ${label} message shows ${tk(paid)}, the payment is ${tk(due)}.`, smsAmount };
  if (paid > due + settings.smsTolerance) {
    return { ok: false, issue: 'overpaid', note: `Overpaid: the ${label} message shows ${tk(paid)}, more than the ${tk(due)} due.`, smsAmount };
  }
  if (smsTime(sms) < payment.created_at - MATCH_WINDOW_MS) {
    return { ok: false, issue: 'sms_too_old', note: `The ${label} message with this TrxID is older than this checkout.`, smsAmount };
  }
  if (payment.sender_number && sms.payer && /^01\d{9}$/.test(sms.payer) && sms.payer !== payment.sender_number) {
    const note = `Payer differs: the ${label} message says the money came from ${sms.payer}, the customer entered ${payment.sender_number}.`;
    return { ok: false, issue: 'payer_differs', note, smsAmount };
  }
  return { ok: true };
}

export function verificationOf(decision: Extract<MatchDecision, { ok: false }>): VerificationNote {
  return { note: decision.note, issue: decision.issue, smsAmount: decision.smsAmount };
}
