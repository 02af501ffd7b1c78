import type { Db, Trx } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import type { Brand } from '../brands/service.js';
import type { GatewayOutcome, MethodId } from '../gateways/index.js';
import { SANDBOX_SENDER, sandboxReference } from '../gateways/sandbox.js';
import { queueIpn } from './ipn.js';
import { requireOffered } from './methods.js';
import { priceWith, type Price } from './pricing.js';
import * as repo from './repository.js';
import type { PaymentRow } from './repository.js';
import { stateLabel, type PaymentState, type PaymentTarget, type VerificationNote } from './states.js';

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

export function notPayable(payment: PaymentRow): DuarError {
  return new DuarError('payment_not_payable', `This payment can no longer be paid: it is ${stateLabel(payment.status).toLowerCase()}`);
}

/** Gateway → internal: what a method's report does to the payment. */
function stateFromGateway(outcome: GatewayOutcome): PaymentTarget<'pay'> {
  switch (outcome) {
    case 'succeeded':
      return 'completed';
    case 'pending':
      return 'pending';
    case 'failed':
      return 'failed';
  }
}

/**
 * Records what paying an initiated payment gave (completed, pending or failed) in the caller's transaction, with the
 * method, sender, TrxID and price, and queues its IPN in the same transaction; a manual wallet submission also records
 * why a forwarded SMS did or did not pay it (`verification`). Refused when the payment is no longer payable.
 */
export async function recordPaying(
  trx: Trx,
  brand: Brand,
  payment: PaymentRow,
  state: PaymentTarget<'pay'>,
  fields: { method: MethodId; senderNumber: string; transactionId: string; price: Price; verification?: VerificationNote },
  now: number,
): Promise<PaymentRow> {
  const { verification } = fields;
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
      ...(verification && {
        verification_note: verification.note,
        verification_issue: verification.issue,
        verification_sms_amount: verification.smsAmount,
      }),
      updated_at: now,
    },
    { unexpiredAt: now },
  );
  if (!updated) throw notPayable((await repo.findPaymentById(trx, payment.id, payment.brand_id)) ?? payment);
  const event = ipnEvent(state);
  if (event) await queueIpn(trx, brand, updated, event);
  return updated;
}

/** Applies a gateway's report for an initiated payment. */
function applyGatewayOutcome(
  db: Db,
  brand: Brand,
  payment: PaymentRow,
  outcome: GatewayOutcome,
  fields: { method: MethodId; senderNumber: string; transactionId: string; price: Price },
): Promise<PaymentRow> {
  return db.transaction().execute((trx) => recordPaying(trx, brand, payment, stateFromGateway(outcome), fields, Date.now()));
}

export async function paySandbox(db: Db, brand: Brand, payment: PaymentRow, choice: 'success' | 'pending'): Promise<PaymentRow> {
  const settings = await requireOffered(db, payment, 'sandbox');
  const outcome: GatewayOutcome = choice === 'success' ? 'succeeded' : 'pending';
  const price = priceWith(payment, settings);
  return applyGatewayOutcome(db, brand, payment, outcome, { method: 'sandbox', senderNumber: SANDBOX_SENDER, transactionId: sandboxReference('SBX'), price });
}

export async function cancelPayment(db: Db, payment: PaymentRow): Promise<PaymentRow> {
  const now = Date.now();
  const updated = await repo.transitionPayment(db, payment.id, 'cancel', { status: 'canceled', updated_at: now }, { unexpiredAt: now });
  return updated ?? (await repo.findPaymentById(db, payment.id, payment.brand_id)) ?? payment;
}
