import type { Db } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import type { Brand } from '../brands/service.js';
import { providers, type GatewayOutcome, type MethodId } from '../gateways/index.js';
import { SANDBOX_SENDER, sandboxReference } from '../gateways/sandbox.js';
import { auditSmsCompletion, settlePayment, verdictAtSubmission } from '../sms/matching.js';
import { queueIpn } from './ipn.js';
import { requireOffered } from './methods.js';
import { priceWith, type Price } from './pricing.js';
import * as repo from './repository.js';
import type { PaymentRow } from './repository.js';
import { stateLabel, type PaymentState, type PaymentTarget } from './states.js';

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

function notPayable(payment: PaymentRow): DuarError {
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
