import type { Db, Trx } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import type { Brand } from '../brands/service.js';
import { providers, type MethodId } from '../gateways/index.js';
import type { MethodSettings } from '../gateways/settings.js';
import { requireOffered } from './methods.js';
import { recordPaying } from './pay.js';
import { priceWith, type Price } from './pricing.js';
import * as repo from './repository.js';
import type { PaymentRow } from './repository.js';
import type { VerificationNote } from './states.js';

/*
 * The payment's side of a manual wallet payment (the customer submits the sender number and TrxID). The steps run in
 * the order and transaction SMS settlement gives them (modules/sms/settle.ts `submitWalletPayment`), which owns whether
 * a forwarded SMS pays the payment; payments never imports sms/ (docs/decisions/075-one-owner-per-rule.md).
 */

/** What a manual wallet TrxID submission is checked and priced with: the method's settings and the price frozen on it. */
export async function walletTerms(db: Db, payment: PaymentRow, method: MethodId): Promise<{ settings: MethodSettings; price: Price }> {
  if (providers[method].kind !== 'manual_wallet') throw new DuarError('payment_method_unavailable', `${providers[method].label} is not a manual wallet`);
  const settings = await requireOffered(db, payment, method);
  // The method's fee and who bears it are frozen on the payment now; the SMS must then carry the charged amount.
  return { settings, price: priceWith(payment, settings) };
}

/** Claims a TrxID for this payment; the claim's primary key makes a TrxID pay at most one payment per method, also when two submissions race. */
export async function claimTransactionId(trx: Trx, payment: PaymentRow, method: MethodId, transactionId: string, now: number): Promise<void> {
  if (!(await repo.claimTransaction(trx, payment, method, transactionId, now))) {
    throw new DuarError('transaction_id_used', `This ${providers[method].label} transaction ID has already been used for a payment`, {
      field: 'transaction_id',
    });
  }
}

/**
 * Records a manual wallet submission in the caller's transaction: Completed when an SMS paid it, else Pending with why
 * an SMS carrying its TrxID does not (all null when none does); the IPN is queued in the same transaction. Who decides
 * is SMS settlement (modules/sms/settle.ts `submitWalletPayment`), the one caller.
 */
export function recordWalletSubmission(
  trx: Trx,
  brand: Brand,
  payment: PaymentRow,
  fields: { method: MethodId; senderNumber: string; transactionId: string; price: Price; paidBySms: boolean; verification: VerificationNote },
  now: number,
): Promise<PaymentRow> {
  return recordPaying(trx, brand, payment, fields.paidBySms ? 'completed' : 'pending', fields, now);
}
