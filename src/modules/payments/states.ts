import type { Transitions } from '../../lib/transitions.js';

/**
 * Three status vocabularies, kept apart: the gateway's outcome (gateways/types.ts), the internal state
 * stored on the payment (below), and the wire status UddoktaPay clients read. Each mapping is one exhaustive switch.
 *
 * Initiated → Pending → Completed → Partially refunded → Refunded; Initiated → Canceled / Failed / Expired.
 * (Pending → Failed when an administrator rejects a manual payment.)
 */
export const PAYMENT_STATES = ['initiated', 'pending', 'completed', 'partially_refunded', 'refunded', 'canceled', 'failed', 'expired'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/**
 * Every move a payment makes, by name: the states it may start from and the states it may end in. Each guarded UPDATE
 * of a payment's status (payments/repository.ts) takes its `status in (…)` from here, so no call site writes its own.
 */
export const PAYMENT_TRANSITIONS = {
  /** A gateway's report, or a submitted manual wallet payment (Pending until verified). */
  pay: { from: ['initiated'], to: ['pending', 'completed', 'failed'] },
  cancel: { from: ['initiated'], to: ['canceled'] },
  expire: { from: ['initiated'], to: ['expired'] },
  /** An administrator approves a Pending payment, or the forwarded SMS that agrees with it completes it. */
  approve: { from: ['pending'], to: ['completed'] },
  /** An administrator rejects a Pending payment. */
  reject: { from: ['pending'], to: ['failed'] },
  /** A Pending payment's verification note changes; its state does not. */
  note: { from: ['pending'], to: ['pending'] },
  /** A refund reserves its amount: Refunded once nothing remains. */
  refund: { from: ['completed', 'partially_refunded'], to: ['partially_refunded', 'refunded'] },
  /** A gateway refused a refund: its reservation is given back. */
  release: { from: ['partially_refunded', 'refunded'], to: ['completed', 'partially_refunded'] },
} as const satisfies Transitions<PaymentState>;
export type PaymentTransition = keyof typeof PAYMENT_TRANSITIONS;
/** The states a transition may end in. */
export type PaymentTarget<T extends PaymentTransition> = (typeof PAYMENT_TRANSITIONS)[T]['to'][number];

/** The refund decision's rule (refunds/decision.ts): only a payment a refund may start from is refundable. */
export function isRefundable(state: PaymentState): boolean {
  return PAYMENT_TRANSITIONS.refund.from.some((from) => from === state);
}

/**
 * The customer has paid, or submitted a payment that waits for the shop to confirm it (refunds come later and do not
 * undo that): the checkout's way back leads to the shop's redirect URL, not to its cancel URL.
 */
export function isPaid(state: PaymentState): boolean {
  switch (state) {
    case 'pending':
    case 'completed':
    case 'partially_refunded':
    case 'refunded':
      return true;
    case 'initiated':
    case 'canceled':
    case 'failed':
    case 'expired':
      return false;
  }
}

export type WireStatus = 'COMPLETED' | 'PENDING' | 'REFUNDED' | 'ERROR';

/**
 * Internal → wire. Partially refunded stays COMPLETED (the order was paid; WOO/WHMCS accept only COMPLETED/PENDING);
 * Initiated is PENDING, never ERROR, because the customer may still pay a checkout the merchant checks early.
 */
export function wireStatus(state: PaymentState): WireStatus {
  switch (state) {
    case 'completed':
    case 'partially_refunded':
      return 'COMPLETED';
    case 'pending':
    case 'initiated':
      return 'PENDING';
    case 'refunded':
      return 'REFUNDED';
    case 'canceled':
    case 'failed':
    case 'expired':
      return 'ERROR';
  }
}

export function stateLabel(state: PaymentState): string {
  switch (state) {
    case 'initiated':
      return 'Initiated';
    case 'pending':
      return 'Pending';
    case 'completed':
      return 'Completed';
    case 'partially_refunded':
      return 'Partially refunded';
    case 'refunded':
      return 'Refunded';
    case 'canceled':
      return 'Canceled';
    case 'failed':
      return 'Failed';
    case 'expired':
      return 'Expired';
  }
}

/**
 * Why a submitted wallet payment waits although a forwarded SMS carries its TrxID (sms/matching.ts `decideMatch`), as a
 * stable code beside the sentence in `verification_note`. Approving a payment with one needs an explicit confirmation
 * (docs/decisions/061-approving-a-mismatch.md).
 */
export const VERIFICATION_ISSUES = ['sms_not_usable', 'credit_kind', 'underpaid', 'overpaid', 'sms_too_old', 'payer_differs'] as const;
export type VerificationIssue = (typeof VERIFICATION_ISSUES)[number];

/** Why a Pending payment is not completed by the SMS carrying its TrxID, as stored on it; all null when nothing disagrees. */
export type VerificationNote = { note: string | null; issue: VerificationIssue | null; smsAmount: number | null };
