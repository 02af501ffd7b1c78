import type { Db } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import type { Brand } from '../brands/service.js';
import type { GatewayOutcome, MethodId } from '../gateways/index.js';
import { SANDBOX_SENDER, sandboxReference } from '../gateways/sandbox.js';
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

export async function cancelPayment(db: Db, payment: PaymentRow): Promise<PaymentRow> {
  const now = Date.now();
  const updated = await repo.transitionPayment(db, payment.id, 'cancel', { status: 'canceled', updated_at: now }, { unexpiredAt: now });
  return updated ?? (await repo.findPaymentById(db, payment.id, payment.brand_id)) ?? payment;
}
