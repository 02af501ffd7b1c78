import type { GatewayOutcome } from '../gateways/types.js';

/**
 * Three status vocabularies, kept apart: the gateway's outcome (gateways/types.ts), the internal state
 * stored on the payment (below), and the wire status UddoktaPay clients read. Each mapping is one exhaustive switch.
 *
 * Initiated → Pending → Completed → Partially refunded → Refunded; Initiated → Canceled / Failed / Expired.
 * (Pending → Failed when an administrator rejects a manual payment.)
 */
export const PAYMENT_STATES = ['initiated', 'pending', 'completed', 'partially_refunded', 'refunded', 'canceled', 'failed', 'expired'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

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

/** Gateway → internal: what a method's report does to the payment. */
export function stateFromGateway(outcome: GatewayOutcome): PaymentState {
  switch (outcome) {
    case 'succeeded':
      return 'completed';
    case 'pending':
      return 'pending';
    case 'failed':
      return 'failed';
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
