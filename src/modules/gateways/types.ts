import type { CheckoutVariant } from '../payments/variants.js';

/** Every payment method Duar offers, in the order the checkout page and dashboard show them. */
export const METHOD_IDS = ['sandbox', 'bkash', 'nagad', 'rocket', 'upay'] as const;
export type MethodId = (typeof METHOD_IDS)[number];

/** Each method's name as the merchant and customer read it (the dashboard imports this too, so it has no imports of its own). */
export const METHOD_LABELS: Record<MethodId, string> = { sandbox: 'Sandbox', bkash: 'bKash', nagad: 'Nagad', rocket: 'Rocket', upay: 'Upay' };

export function isMethodId(value: string): value is MethodId {
  return (METHOD_IDS as readonly string[]).includes(value);
}

/** The gateway vocabulary: what a method reports about a payment or refund. Mapped to internal states in payments/states.ts. */
export type GatewayOutcome = 'succeeded' | 'pending' | 'failed';

export type GatewayRefundResult = { outcome: GatewayOutcome; reference: string | null; message?: string };

export type GatewayRefundRequest = {
  /** Duar's refund id: the gateway's idempotency reference, and how `refundStatus` asks about it later. */
  refundId: string;
  paymentId: string;
  transactionId: string | null;
  /** Minor units. */
  amount: number;
  currency: string;
  productName: string | null;
  reason: string | null;
};

/**
 * A payment method. Small on purpose: the checkout page asks which variants offer it, refunds ask whether the money
 * can go back through the gateway. Manual wallets have no `refund`: their refunds are recorded and paid out by hand.
 */
export interface PaymentMethodProvider {
  id: MethodId;
  label: string;
  kind: 'sandbox' | 'manual_wallet';
  offeredIn(variant: CheckoutVariant): boolean;
  refund?: (request: GatewayRefundRequest) => Promise<GatewayRefundResult>;
  /**
   * What the gateway knows about a refund Duar sent (or may have sent) and never recorded an answer for (a crash):
   * null = it cannot tell. Used by jobs/recovery.ts.
   */
  refundStatus?: (request: GatewayRefundRequest) => Promise<GatewayRefundResult | null>;
}
