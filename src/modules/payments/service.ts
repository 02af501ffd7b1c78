import type { Db, Executor } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { newId, randomBase62 } from '../../lib/ids.js';
import { displayMoney, formatAmount, formatDecimal, MAX_AMOUNT, RATE_DECIMALS } from '../../lib/money.js';
import { CHARGED_CURRENCY, checkoutCurrency } from '../currencies/service.js';
import { priceWith, takaAmountOf, toTaka, type Price } from './pricing.js';
import { addDays, isoTime as iso, startOfDay } from '../../lib/dates.js';
import type { Brand } from '../brands/service.js';
import { isInsecureWebhookUrl } from '../webhooks/send.js';
import { isMethodId, providers, type GatewayOutcome, type MethodId } from '../gateways/index.js';
import { getMethodSettings, listMethodSettings, type MethodSettings } from '../gateways/settings.js';
import { SANDBOX_SENDER, sandboxReference } from '../gateways/sandbox.js';
import * as repo from './repository.js';
import { isRefundable, stateFromGateway, stateLabel, wireStatus, type PaymentState } from './states.js';
import type { CheckoutVariant, ReturnMethod } from './variants.js';
import { queueIpn } from './ipn.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { auditSmsCompletion, settlePayment, verdictAtSubmission } from '../sms/matching.js';

export type PaymentRow = repo.PaymentRow;

export type NewCheckout = {
  variant: CheckoutVariant;
  fullName: string;
  email: string;
  /** Hundredths of `currency`'s unit, > 0. */
  amount: number;
  /** ISO 4217 as sent (upper case); null = the brand's currency. */
  currency: string | null;
  metadata: Record<string, unknown>;
  redirectUrl: string;
  cancelUrl: string;
  returnType: ReturnMethod;
  webhookUrl: string | null;
};

export function paymentUrl(publicUrl: string, invoiceId: string): string {
  return `${publicUrl}/payment/${invoiceId}`;
}

/**
 * The checkout's currency and rate, and its amount in BDT: a currency the brand has no rate for is refused
 * (currencies/service.ts), and so is an amount that converts to more than Duar takes.
 */
async function priceCheckout(db: Executor, brand: Brand, input: NewCheckout) {
  const { currency, rate } = await checkoutCurrency(db, brand, input.currency);
  const taka = toTaka(input.amount, rate);
  if (taka < 1) {
    throw new DuarError('invalid_amount', `amount ${currency} ${formatAmount(input.amount)} is less than 0.01 BDT at this brand's rate`, { field: 'amount' });
  }
  if (taka > MAX_AMOUNT) {
    throw new DuarError(
      'invalid_amount',
      `amount ${currency} ${formatAmount(input.amount)} is ${formatAmount(taka)} BDT, more than the ${formatAmount(MAX_AMOUNT)} a payment may be`,
      {
        field: 'amount',
      },
    );
  }
  return { currency, rate, taka };
}

/**
 * A payment carries the mode of the key that created it: a test key makes test payments. A payment link's payment has
 * no key (`id` null: live, and its IPN carries no legacy key header).
 */
export async function createPayment(
  db: Executor,
  brand: Brand,
  apiKey: { id: string | null; mode: string },
  input: NewCheckout,
  ttlMinutes: number,
): Promise<PaymentRow> {
  const { currency, rate, taka } = await priceCheckout(db, brand, input);
  const now = Date.now();
  const row: PaymentRow = {
    id: newId('pay'),
    brand_id: brand.id,
    // 20 base62 characters, as long as UddoktaPay's sample ids and ~119 bits: the id alone opens the checkout page.
    invoice_id: randomBase62(20),
    api_key_id: apiKey.id,
    variant: input.variant,
    full_name: input.fullName,
    email: input.email,
    amount: input.amount,
    fee: 0,
    currency,
    exchange_rate: rate,
    // Until a method is chosen, the amount in BDT; the method's fee is added then when the customer bears it.
    charged_amount: taka,
    fee_bearer: 'merchant',
    metadata: JSON.stringify(input.metadata),
    redirect_url: input.redirectUrl,
    cancel_url: input.cancelUrl,
    return_type: input.returnType,
    webhook_url: input.webhookUrl,
    status: 'initiated',
    payment_method: null,
    sender_number: null,
    transaction_id: null,
    refunded_amount: 0,
    created_at: now,
    updated_at: now,
    expires_at: now + ttlMinutes * 60_000,
    paid_at: null,
    completed_at: null,
    decided_by: null,
    decision_note: null,
    verification_note: null,
    verification_issue: null,
    verification_sms_amount: null,
    livemode: apiKey.mode === 'test' ? 0 : 1,
  };
  await repo.insertPayment(db, row);
  return row;
}

/** An unpaid checkout past its expiry becomes Expired the first time anyone looks at it (guarded, so once). */
async function expireIfDue(db: Executor, payment: PaymentRow, now = Date.now()): Promise<PaymentRow> {
  if (payment.status !== 'initiated' || payment.expires_at > now) return payment;
  const expired = await repo.transitionPayment(db, payment.id, 'expire', { status: 'expired', updated_at: now }, { expiredAt: now });
  return expired ?? (await repo.findPaymentById(db, payment.id, payment.brand_id)) ?? payment;
}

/**
 * The payment behind an invoice id, scoped to a brand (and a key's mode) when given; unknown ids, other brands' payments
 * and the other mode's payments look the same.
 */
export async function getPaymentByInvoice(db: Executor, invoiceId: string, brandId?: string, livemode?: boolean): Promise<PaymentRow> {
  const found = await repo.findPaymentByInvoice(db, invoiceId, brandId);
  if (!found || (livemode !== undefined && found.livemode !== (livemode ? 1 : 0)))
    throw new DuarError('payment_not_found', `No payment with invoice_id "${invoiceId}"`, { field: 'invoice_id' });
  return expireIfDue(db, found);
}

/**
 * The payment a refund request names by its transaction id (and, where several share it, its payment method), among
 * the key's own mode only: a test key cannot see or refund a live payment, nor a live key a test one.
 */
export async function getPaymentByTransaction(
  db: Executor,
  brandId: string,
  request: { transactionId: string; paymentMethod: string | null },
  livemode: boolean,
): Promise<PaymentRow> {
  const method = request.paymentMethod?.toLowerCase();
  if (method !== undefined && !isMethodId(method)) {
    throw new DuarError('payment_not_found', `No payment with transaction_id "${request.transactionId}" and payment_method "${request.paymentMethod}"`, {
      field: 'payment_method',
    });
  }
  // Stored TrxIDs are uppercase (wallet TrxIDs are case-insensitive; see gateways/manual-wallets.ts).
  const found = await repo.findPaymentsByTransaction(db, brandId, request.transactionId.toUpperCase(), method, livemode);
  if (found.length === 0) {
    throw new DuarError('payment_not_found', `No payment with transaction_id "${request.transactionId}"`, { field: 'transaction_id' });
  }
  if (found.length > 1) {
    throw new DuarError('transaction_ambiguous', 'Several payments carry this transaction_id; send payment_method to choose one', { field: 'payment_method' });
  }
  return found[0]!;
}

/** Admin lookups accept the `pay_…` id or the invoice id. */
export async function getBrandPayment(db: Executor, brand: Brand, id: string): Promise<PaymentRow> {
  const found = id.startsWith('pay_') ? await repo.findPaymentById(db, id, brand.id) : await repo.findPaymentByInvoice(db, id, brand.id);
  if (!found) throw new DuarError('payment_not_found', `No payment "${id}" in brand "${brand.slug}"`);
  return expireIfDue(db, found);
}

function ipnEvent(state: PaymentState): 'payment.completed' | 'payment.pending' | null {
  switch (state) {
    case 'completed':
      return 'payment.completed';
    case 'pending':
      return 'payment.pending';
    default:
      return null;
  }
}

/** Pure: a test payment offers only Sandbox, a live payment never does; otherwise the brand's enabled methods for the variant. */
export function isOffered(payment: Pick<PaymentRow, 'livemode' | 'variant'>, settings: MethodSettings): boolean {
  const sandbox = providers[settings.method].kind === 'sandbox';
  if (payment.livemode === 0) return sandbox;
  return !sandbox && settings.enabled && providers[settings.method].offeredIn(payment.variant);
}

/** Pure: the method takes this payment's BDT amount (before any fee) within its smallest and largest amount. */
export function takesAmount(payment: Pick<PaymentRow, 'amount' | 'exchange_rate'>, settings: MethodSettings): boolean {
  const taka = takaAmountOf(payment);
  return (settings.minAmount === null || taka >= settings.minAmount) && (settings.maxAmount === null || taka <= settings.maxAmount);
}

/**
 * The methods a payment may be paid with (`offered`), and those it would be offered but for their limits (`outOfRange`:
 * with nothing offered, the page says which amounts each takes).
 */
export async function methodChoice(db: Executor, payment: PaymentRow): Promise<{ offered: MethodSettings[]; outOfRange: MethodSettings[] }> {
  const available = (await listMethodSettings(db, payment.brand_id)).filter((s) => isOffered(payment, s));
  return { offered: available.filter((s) => takesAmount(payment, s)), outOfRange: available.filter((s) => !takesAmount(payment, s)) };
}

/** "৳500.00 to ৳25,000.00", "from ৳500.00", "up to ৳25,000.00": the amounts a method takes (null: any). */
export function amountRange(settings: Pick<MethodSettings, 'minAmount' | 'maxAmount'>): string | null {
  const { minAmount: min, maxAmount: max } = settings;
  if (min !== null && max !== null) return `${displayMoney(min)} to ${displayMoney(max)}`;
  if (min !== null) return `from ${displayMoney(min)}`;
  if (max !== null) return `up to ${displayMoney(max)}`;
  return null;
}

async function requireOffered(db: Executor, payment: PaymentRow, method: MethodId): Promise<MethodSettings> {
  const settings = await getMethodSettings(db, payment.brand_id, method);
  if (!isOffered(payment, settings)) {
    throw new DuarError('payment_method_unavailable', `${providers[method].label} is not available for this payment`, { field: 'payment_method' });
  }
  if (!takesAmount(payment, settings)) {
    const message = `${providers[method].label} takes ${amountRange(settings)}; this payment is ${displayMoney(takaAmountOf(payment))}`;
    throw new DuarError('payment_method_unavailable', message, { field: 'payment_method' });
  }
  return settings;
}

function notPayable(payment: PaymentRow): DuarError {
  return new DuarError('payment_not_payable', `This payment can no longer be paid: it is ${stateLabel(payment.status).toLowerCase()}`);
}

/** Applies a gateway's report for an initiated payment, with the IPN in the same transaction. */
async function applyGatewayOutcome(
  db: Db,
  brand: Brand,
  payment: PaymentRow,
  outcome: GatewayOutcome,
  fields: { method: MethodId; senderNumber: string; transactionId: string; price: Price },
): Promise<PaymentRow> {
  const now = Date.now();
  const state = stateFromGateway(outcome);
  return db.transaction().execute(async (trx) => {
    const updated = await repo.transitionPayment(
      trx,
      payment.id,
      'pay',
      {
        status: state,
        payment_method: fields.method,
        sender_number: fields.senderNumber,
        transaction_id: fields.transactionId,
        ...fields.price,
        paid_at: now,
        completed_at: state === 'completed' ? now : null,
        updated_at: now,
      },
      { unexpiredAt: now },
    );
    if (!updated) throw notPayable((await repo.findPaymentById(trx, payment.id, payment.brand_id)) ?? payment);
    const event = ipnEvent(state);
    if (event) await queueIpn(trx, brand, updated, event);
    return updated;
  });
}

export async function paySandbox(db: Db, brand: Brand, payment: PaymentRow, choice: 'success' | 'pending'): Promise<PaymentRow> {
  const settings = await requireOffered(db, payment, 'sandbox');
  const outcome: GatewayOutcome = choice === 'success' ? 'succeeded' : 'pending';
  const price = priceWith(payment, settings);
  return applyGatewayOutcome(db, brand, payment, outcome, { method: 'sandbox', senderNumber: SANDBOX_SENDER, transactionId: sandboxReference('SBX'), price });
}

/**
 * A manual wallet payment. Completed at once when an approved, unused forwarded SMS agrees (modules/sms/matching.ts,
 * in this same transaction); otherwise Pending, with the reason when an SMS carries the TrxID but does not agree,
 * until the SMS arrives or an administrator approves it.
 */
export async function submitManualPayment(
  db: Db,
  brand: Brand,
  payment: PaymentRow,
  method: MethodId,
  input: { senderNumber: string; transactionId: string },
): Promise<PaymentRow> {
  if (providers[method].kind !== 'manual_wallet') throw new DuarError('payment_method_unavailable', `${providers[method].label} is not a manual wallet`);
  const settings = await requireOffered(db, payment, method);
  // The method's fee and who bears it are frozen on the payment now; the SMS must then carry the charged amount.
  const price = priceWith(payment, settings);
  const now = Date.now();
  const submitted = await db.transaction().execute(async (trx) => {
    // The claim's primary key makes a TrxID pay at most one payment per method, also when two submissions race.
    if (!(await repo.claimTransaction(trx, method, input.transactionId, payment.id, now))) {
      throw new DuarError('transaction_id_used', `This ${providers[method].label} transaction ID has already been used for a payment`, {
        field: 'transaction_id',
      });
    }
    const verdict = await verdictAtSubmission(trx, { ...payment, ...price }, settings, input);
    const state = verdict.sms ? 'completed' : 'pending';
    const updated = await repo.transitionPayment(
      trx,
      payment.id,
      'pay',
      {
        status: state,
        payment_method: method,
        sender_number: input.senderNumber,
        transaction_id: input.transactionId,
        ...price,
        paid_at: now,
        completed_at: state === 'completed' ? now : null,
        verification_note: verdict.verification.note,
        verification_issue: verdict.verification.issue,
        verification_sms_amount: verdict.verification.smsAmount,
        updated_at: now,
      },
      { unexpiredAt: now },
    );
    if (!updated) throw notPayable((await repo.findPaymentById(trx, payment.id, payment.brand_id)) ?? payment);
    if (verdict.sms) await auditSmsCompletion(trx, brand, updated, verdict.sms, 'initiated');
    await queueIpn(trx, brand, updated, state === 'completed' ? 'payment.completed' : 'payment.pending');
    return updated;
  });
  return settlePayment(db, brand, submitted);
}

export async function cancelPayment(db: Db, payment: PaymentRow): Promise<PaymentRow> {
  const now = Date.now();
  const updated = await repo.transitionPayment(db, payment.id, 'cancel', { status: 'canceled', updated_at: now }, { unexpiredAt: now });
  return updated ?? (await repo.findPaymentById(db, payment.id, payment.brand_id)) ?? payment;
}

/**
 * Approves a Pending payment. One whose forwarded SMS disagrees with it (underpaid, another payer, …: `verification_note`)
 * is approved only with `confirmMismatch`, and the guarded UPDATE re-checks that, so a mismatch found while the admin
 * decided is never approved by a plain tap (docs/decisions/061-approving-a-mismatch.md).
 */
export async function approvePayment(
  db: Db,
  brand: Brand,
  payment: PaymentRow,
  actor: Actor,
  input: { note: string | null; confirmMismatch: boolean },
): Promise<PaymentRow> {
  const now = Date.now();
  const { note, confirmMismatch } = input;
  return db.transaction().execute(async (trx) => {
    const changes = { status: 'completed', completed_at: now, decided_by: actor.label, decision_note: note, updated_at: now } as const;
    const updated = await repo.transitionPayment(trx, payment.id, 'approve', changes, { agreeing: !confirmMismatch });
    if (!updated) {
      const current = (await repo.findPaymentById(trx, payment.id, payment.brand_id)) ?? payment;
      if (current.status === 'pending' && current.verification_note !== null) throw mismatchNeedsConfirmation(current);
      throw new DuarError('payment_not_pending', `Only a pending payment can be approved; this one is ${stateLabel(current.status).toLowerCase()}`);
    }
    await recordAudit(trx, {
      brandId: brand.id,
      actor,
      action: 'payment.approved',
      targetId: payment.id,
      changes: {
        status: { from: 'pending', to: 'completed' },
        note,
        ...(payment.verification_note !== null && { mismatch: updated.verification_note ?? payment.verification_note }),
      },
    });
    await queueIpn(trx, brand, updated, 'payment.completed');
    return updated;
  });
}

function mismatchNeedsConfirmation(payment: PaymentRow): DuarError {
  return new DuarError(
    'approval_needs_confirmation',
    `This payment does not match its SMS: ${payment.verification_note} Check your wallet statement; to approve it anyway send "confirm_mismatch": true`,
    { field: 'confirm_mismatch', details: { verification_issue: payment.verification_issue } },
  );
}

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

/** Rejecting frees the TrxID: a customer who mistyped it can submit the right one on a new checkout. */
export async function rejectPayment(db: Db, payment: PaymentRow, actor: Actor, note: string | null): Promise<PaymentRow> {
  const now = Date.now();
  return db.transaction().execute(async (trx) => {
    const updated = await repo.transitionPayment(trx, payment.id, 'reject', {
      status: 'failed',
      decided_by: actor.label,
      decision_note: note,
      updated_at: now,
    });
    if (!updated) throw new DuarError('payment_not_pending', `Only a pending payment can be rejected; this one is ${stateLabel(payment.status).toLowerCase()}`);
    await recordAudit(trx, {
      brandId: payment.brand_id,
      actor,
      action: 'payment.rejected',
      targetId: payment.id,
      changes: { status: { from: 'pending', to: 'failed' }, note },
    });
    await repo.releaseTransactionClaims(trx, payment.id);
    return updated;
  });
}

export async function resendIpn(db: Db, brand: Brand, payment: PaymentRow, actor: Actor): Promise<void> {
  if (!payment.webhook_url) throw new DuarError('payment_has_no_webhook', 'This payment was created without a webhook_url, so there is no IPN to send');
  await db.transaction().execute(async (trx) => {
    // Re-read under the row lock: an approval that committed since `payment` was read must not be undone by this IPN.
    const current = (await repo.lockPayment(trx, payment.id)) ?? payment;
    await queueIpn(trx, brand, current, 'payment.resend');
    await recordAudit(trx, { brandId: brand.id, actor, action: 'payment.ipn_resent', targetId: payment.id, changes: { webhook_url: payment.webhook_url } });
  });
}

export type ListQuery = {
  status?: PaymentState;
  method?: MethodId;
  from?: string;
  to?: string;
  q?: string;
  /** Live payments unless asked for test ones: the two are never mixed in one list. */
  livemode?: boolean;
  /** Continue after this payment (keyset pagination); without it, `page` counts pages from the newest. */
  cursor?: repo.ListPosition;
  /** Newest first unless asked otherwise; the approvals queue lists the longest-waiting first. */
  order?: 'newest' | 'oldest';
  page: number;
  perPage: number;
};

export async function listBrandPayments(db: Executor, brand: Brand, query: ListQuery) {
  const now = Date.now();
  await repo.expireDue(db, brand.id, now);
  return repo.listPayments(
    db,
    brand.id,
    {
      status: query.status,
      method: query.method,
      createdFrom: query.from ? startOfDay(query.from, brand.timezone) : undefined,
      createdBefore: query.to ? startOfDay(addDays(query.to, 1), brand.timezone) : undefined,
      search: query.q?.trim() || undefined,
      livemode: query.livemode ?? true,
    },
    {
      limit: query.perPage,
      oldestFirst: query.order === 'oldest',
      ...(query.cursor ? { after: query.cursor } : { offset: (query.page - 1) * query.perPage }),
    },
  );
}

/** The dashboard's view of a payment (docs/admin-api.md). */
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
    /** `manual_wallet`: the customer sent money and typed its TrxID (a person or an SMS confirms it); null before a method is chosen. */
    payment_method_kind: method === null ? null : providers[method].kind,
    livemode: p.livemode === 1,
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

export { LIST_COUNT_CAP } from './repository.js';
