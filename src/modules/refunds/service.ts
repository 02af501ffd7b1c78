import type { Db } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { newId } from '../../lib/ids.js';
import { isoTime as iso } from '../../lib/dates.js';
import { formatAmount } from '../../lib/money.js';
import { providers, type MethodId } from '../gateways/index.js';
import * as payments from '../payments/access.js';
import type { PaymentRow } from '../payments/access.js';
import { decideRefund } from './decision.js';
import { refundStatusLabel } from './states.js';
import { CHARGED_CURRENCY } from '../currencies/service.js';
import { followPayment } from '../invoices/settle.js';
import * as repo from './repository.js';

export type RefundRow = repo.RefundRow;

export type RefundRequest = {
  /** Minor units; null = all that remains. */
  amount: number | null;
  /** null = through the gateway when the method can, else manual. */
  mode: 'gateway' | 'manual' | null;
  reason: string | null;
  productName: string | null;
  source: 'api' | 'admin';
  /** Who asks: an administrator, or the API key (its id as the label). */
  actor: Actor;
  /**
   * For a refund under an Idempotency-Key: its digest (http/api/refund-payment.ts). A refund already made with it is
   * answered instead of refunding again — the guard that holds when the idempotency claim's lease ran out after a crash.
   */
  requestKey?: string | null;
};

export type RefundResult = { refund: RefundRow; payment: PaymentRow };

const MAX_ATTEMPTS = 8;

/**
 * Refunds a payment within its bound. Decide on a fresh read, then reserve the amount with a guarded UPDATE
 * (payments/access.ts reserveRefund) and record the refund in the same transaction; when another refund won the race,
 * read again and decide again. A gateway refund is sent after the reservation commits — no database transaction is
 * held open across a network call — and a refusal gives the reservation back.
 */
export async function refundPayment(db: Db, paymentId: string, brandId: string, request: RefundRequest): Promise<RefundResult> {
  const earlier = await earlierRefund(db, brandId, request);
  if (earlier) return earlier;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const payment = await payments.findPayment(db, paymentId, brandId);
    if (!payment) throw new DuarError('payment_not_found', `No payment "${paymentId}"`);
    const decision = decideRefund(payment, request.amount);
    if (!decision.ok) throw new DuarError(decision.code, decision.message, decision.field ? { field: decision.field } : {});

    const refund = refundRow(payment, request, refundKind(payment, request), decision.amount, Date.now());
    const reserved = await reserve(db, payment, refund, request);
    if (!reserved) continue; // a concurrent refund changed the payment: decide again on what remains

    if (refund.kind === 'manual') return { refund, payment: reserved };
    return completeGatewayRefund(db, reserved, refund);
  }
  throw new DuarError('payment_changed', 'The payment changed while refunding; check what remains and try again');
}

/** The refund already made under this request's Idempotency-Key digest, with its payment; null when there is none. */
async function earlierRefund(db: Db, brandId: string, request: RefundRequest): Promise<RefundResult | null> {
  if (!request.requestKey) return null;
  const earlier = await repo.findRefundByRequestKey(db, request.requestKey);
  if (!earlier) return null;
  const payment = await payments.findPayment(db, earlier.payment_id, brandId);
  return payment ? { refund: earlier, payment } : null;
}

/** Through the gateway or by hand: as asked, else through the gateway when the method can. */
function refundKind(payment: PaymentRow, request: RefundRequest): RefundRow['kind'] {
  const provider = providers[methodOf(payment)];
  const kind = request.mode ?? (provider.refund ? 'gateway' : 'manual');
  if (kind === 'gateway' && !provider.refund) {
    throw new DuarError('gateway_refund_unsupported', `${provider.label} has no gateway API to refund through; record a manual refund instead`, {
      field: 'mode',
    });
  }
  return kind;
}

function refundRow(payment: PaymentRow, request: RefundRequest, kind: RefundRow['kind'], amount: number, now: number): RefundRow {
  return {
    id: newId('ref'),
    payment_id: payment.id,
    brand_id: payment.brand_id,
    amount,
    kind,
    status: kind === 'gateway' ? 'processing' : 'succeeded',
    // A manual refund only updates the record: the merchant still has to send the money back by hand.
    payout: kind === 'manual' ? 'due' : 'not_needed',
    reason: request.reason,
    product_name: request.productName,
    source: request.source,
    actor: request.actor.label,
    gateway_reference: null,
    failure: null,
    created_at: now,
    updated_at: now,
    paid_out_at: null,
    paid_out_by: null,
    request_key: request.requestKey ?? null,
  };
}

/**
 * Reserves the refund's amount on the payment and records the refund and its audit entry, in one transaction; the
 * updated payment, or undefined when the payment changed since it was read (nothing is written then).
 */
function reserve(db: Db, payment: PaymentRow, refund: RefundRow, request: RefundRequest): Promise<PaymentRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const updated = await payments.reserveRefund(trx, payment.id, refund.amount, refund.created_at);
    if (updated) {
      await repo.insertRefund(trx, refund);
      // A fully refunded payment makes its invoice Refunded (PRODUCT.md §6).
      await followPayment(trx, updated, refund.created_at);
      await recordAudit(trx, {
        brandId: refund.brand_id,
        actor: request.actor,
        action: 'payment.refunded',
        targetId: payment.id,
        changes: { refund_id: refund.id, amount: formatAmount(refund.amount), kind: refund.kind, source: request.source, reason: request.reason },
      });
    }
    return updated;
  });
}

/** A refundable payment was paid, so it has a method; a row without one is corrupt, not a request to answer. */
function methodOf(payment: PaymentRow): MethodId {
  if (payment.payment_method === null) throw new Error(`payment ${payment.id} is ${payment.status} but has no payment method`);
  return payment.payment_method;
}

/** What a gateway is told about a refund: the same request for making it and for asking about it later. */
export function gatewayRefundRequest(payment: PaymentRow, refund: RefundRow) {
  return {
    refundId: refund.id,
    paymentId: payment.id,
    transactionId: payment.transaction_id,
    amount: refund.amount,
    // Refunds are in what the customer paid (docs/decisions/060-currencies-fees-and-rounding.md).
    currency: CHARGED_CURRENCY,
    productName: refund.product_name,
    reason: refund.reason,
  };
}

async function completeGatewayRefund(db: Db, payment: PaymentRow, refund: RefundRow): Promise<RefundResult> {
  const provider = providers[methodOf(payment)];
  let result: Awaited<ReturnType<NonNullable<typeof provider.refund>>>;
  try {
    result = await provider.refund!(gatewayRefundRequest(payment, refund));
  } catch (err) {
    result = { outcome: 'failed', reference: null, message: err instanceof Error ? err.message : String(err) };
  }
  const now = Date.now();
  switch (result.outcome) {
    case 'succeeded':
    case 'pending': {
      // A gateway that accepts the refund for later settlement still owes it: the reservation stays.
      const status = result.outcome === 'succeeded' ? 'succeeded' : 'processing';
      // Guarded: should the recovery job have settled it meanwhile (jobs/recovery.ts), its answer stands.
      const updated = await repo.updateRefund(db, refund.id, { status, gateway_reference: result.reference, updated_at: now }, { status: 'settle' });
      return { refund: updated ?? (await repo.findRefund(db, payment.id, refund.id)) ?? { ...refund, status }, payment };
    }
    case 'failed': {
      const failure = `${provider.label} refused the refund${result.message ? `: ${result.message}` : ''}`;
      await failRefund(db, refund, now, failure);
      throw new DuarError('gateway_refund_failed', `${failure}; nothing was refunded`);
    }
  }
}

/**
 * Marks a `processing` refund failed and gives its reservation back, once (guarded on the status, so the request and
 * the recovery job cannot both release it). Its request key is cleared: nothing was refunded, the key may be retried.
 */
export async function failRefund(db: Db, refund: Pick<RefundRow, 'id' | 'payment_id' | 'amount'>, now: number, failure: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const failed = await repo.updateRefund(trx, refund.id, { status: 'failed', failure, request_key: null, updated_at: now }, { status: 'fail' });
    const released = failed ? await payments.releaseRefund(trx, refund.payment_id, refund.amount, now) : undefined;
    // An invoice that this refund had made Refunded is Paid again.
    if (released) await followPayment(trx, released, now);
    return failed !== undefined;
  });
}

export async function markPaidOut(db: Db, paymentId: string, refundId: string, actor: Actor): Promise<RefundRow> {
  return db.transaction().execute(async (trx) => {
    const existing = await repo.findRefund(trx, paymentId, refundId);
    if (!existing) throw new DuarError('refund_not_found', `No refund "${refundId}" on this payment`);
    const now = Date.now();
    const updated = await repo.updateRefund(
      trx,
      refundId,
      { payout: 'paid', paid_out_at: now, paid_out_by: actor.label, updated_at: now },
      { payout: 'pay_out' },
    );
    if (!updated) throw new DuarError('refund_not_due', 'This refund is not a manual refund awaiting payout');
    await recordAudit(trx, {
      brandId: existing.brand_id,
      actor,
      action: 'payment.refund_paid_out',
      targetId: paymentId,
      changes: { refund_id: refundId, amount: formatAmount(existing.amount) },
    });
    return updated;
  });
}

export { listRefunds, paymentsWithPayoutDue } from './repository.js';

export type RefundView = ReturnType<typeof refundView>;

export function refundView(r: RefundRow) {
  return {
    id: r.id,
    payment_id: r.payment_id,
    amount: formatAmount(r.amount),
    kind: r.kind,
    status: r.status,
    /** "To be paid out" for a manual refund whose money has not been sent back yet (refunds/states.ts). */
    status_label: refundStatusLabel(r),
    payout: r.payout,
    reason: r.reason,
    product_name: r.product_name,
    source: r.source,
    actor: r.actor,
    gateway_reference: r.gateway_reference,
    failure: r.failure,
    created_at: iso(r.created_at),
    paid_out_at: iso(r.paid_out_at),
    paid_out_by: r.paid_out_by,
  };
}
