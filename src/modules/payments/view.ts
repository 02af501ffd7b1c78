import { isoTime as iso } from '../../lib/dates.js';
import { displayMoney, formatAmount, formatDecimal, RATE_DECIMALS } from '../../lib/money.js';
import { CHARGED_CURRENCY } from '../currencies/service.js';
import { providers } from '../gateways/index.js';
import { testSmsRefusal } from '../sms/test-sms.js';
import { isInsecureWebhookUrl } from '../webhooks/send.js';
import { paymentUrl } from './create.js';
import type { PaymentRow } from './repository.js';
import { isRefundable, stateLabel, wireStatus } from './states.js';

/**
 * What the Approve dialog asks an admin to confirm for a payment whose SMS disagrees with it, or null when nothing
 * does: "Approve anyway: ৳700.00 received of ৳800.00".
 */
export function approvalWarning(p: Pick<PaymentRow, 'verification_note' | 'verification_issue' | 'verification_sms_amount' | 'charged_amount'>): string | null {
  if (p.verification_note === null) return null;
  const received = p.verification_sms_amount;
  switch (p.verification_issue) {
    case 'underpaid':
      if (received !== null) return `Approve anyway: ${displayMoney(received)} received of ${displayMoney(p.charged_amount)}`;
      break;
    case 'overpaid':
      if (received !== null) return `Approve anyway: ${displayMoney(received)} received for ${displayMoney(p.charged_amount)} due`;
      break;
    default:
      break;
  }
  return `Approve anyway: ${p.verification_note}`;
}

/**
 * Why "Through the gateway" cannot be chosen for this payment's refund, in words the dashboard shows beside the greyed-out
 * choice (null when it can, or when nothing can be refunded). Manual wallets have no refund API (gateways/manual-wallets.ts).
 */
export function gatewayRefundUnavailable(p: Pick<PaymentRow, 'status' | 'payment_method'>): string | null {
  if (!isRefundable(p.status)) return null;
  if (p.payment_method === null) return 'This payment has no payment method to refund through.';
  const provider = providers[p.payment_method];
  if (provider.refund !== undefined) return null;
  return `${provider.label} payments cannot be refunded through the gateway: the customer sent the money to your ${provider.label} wallet and ${provider.label} offers no refund API. Duar records the refund; you send the money back from that wallet.`;
}

/**
 * The admin view of a payment. `keyNames` (the brand's key ids → names) lets the dashboard name the key that created it;
 * a deleted key's id maps to null. `can_refund_through_gateway` is the server's answer, so the dashboard never re-derives it.
 */
export function paymentView(p: PaymentRow, publicUrl: string, extra: { refundPayoutDue?: boolean; keyNames?: ReadonlyMap<string, string> } = {}) {
  const state = p.status;
  const refundable = isRefundable(state);
  const method = p.payment_method;
  return {
    id: p.id,
    invoice_id: p.invoice_id,
    status: state,
    status_label: stateLabel(state),
    wire_status: wireStatus(state),
    full_name: p.full_name,
    email: p.email,
    amount: formatAmount(p.amount),
    fee: formatAmount(p.fee),
    charged_amount: formatAmount(p.charged_amount),
    refunded_amount: formatAmount(p.refunded_amount),
    refundable_amount: formatAmount(refundable ? p.charged_amount - p.refunded_amount : 0),
    currency: p.currency,
    exchange_rate: formatDecimal(p.exchange_rate, RATE_DECIMALS),
    charged_currency: CHARGED_CURRENCY,
    fee_bearer: p.fee_bearer,
    payment_method: method,
    sender_number: p.sender_number,
    transaction_id: p.transaction_id,
    metadata: JSON.parse(p.metadata) as Record<string, unknown>,
    checkout_variant: p.variant,
    return_type: p.return_type,
    redirect_url: p.redirect_url,
    cancel_url: p.cancel_url,
    webhook_url: p.webhook_url,
    webhook_url_insecure: isInsecureWebhookUrl(p.webhook_url),
    payment_url: paymentUrl(publicUrl, p.invoice_id),
    api_key_id: p.api_key_id,
    api_key_name: p.api_key_id === null ? null : (extra.keyNames?.get(p.api_key_id) ?? null),
    /** Whether the state allows a refund at all; the dashboard offers Refund only then. */
    can_refund: refundable,
    can_refund_through_gateway: refundable && method !== null && providers[method].refund !== undefined,
    /** Why not, when the payment can be refunded but not through the gateway: shown beside the greyed-out choice. */
    gateway_refund_unavailable: gatewayRefundUnavailable(p),
    /** `manual_wallet`: the customer sent money and typed its TrxID (a person or an SMS confirms it); null before a method is chosen. */
    payment_method_kind: method === null ? null : providers[method].kind,
    livemode: p.livemode === 1,
    /** A test payment waiting for its wallet SMS: the dashboard offers "Send a test SMS" (docs/decisions/035-test-mode-rehearsal.md). */
    can_send_test_sms: testSmsRefusal(p) === null,
    created_at: iso(p.created_at),
    updated_at: iso(p.updated_at),
    paid_at: iso(p.paid_at),
    completed_at: iso(p.completed_at),
    expires_at: iso(p.expires_at),
    decided_by: p.decided_by,
    decision_note: p.decision_note,
    verification_note: p.verification_note,
    /** The same reason as a stable code (underpaid, overpaid, payer_differs, …), and the amount the SMS shows (BDT). */
    verification_issue: p.verification_issue,
    verification_sms_amount: p.verification_sms_amount === null ? null : formatAmount(p.verification_sms_amount),
    /** Non-null: approving needs `confirm_mismatch: true`, and the dialog shows this sentence to confirm. */
    approval_warning: p.status === 'pending' ? approvalWarning(p) : null,
    refund_payout_due: extra.refundPayoutDue ?? false,
  };
}
export type PaymentView = ReturnType<typeof paymentView>;
