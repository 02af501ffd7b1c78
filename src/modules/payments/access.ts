import type { Executor } from '../../db/index.js';
import type { MethodId } from '../gateways/types.js';
import { listPayments, type ListPosition, type PaymentFilter } from './list-repository.js';
import * as repo from './repository.js';
import type { VerificationNote } from './states.js';

/**
 * What other modules read and change on a payment (SMS settlement, refunds, exports), each a named function over the
 * repository, so no other module reads payments/repository.ts or list-repository.ts. A function given a transaction runs
 * in it. Payments never imports sms/: SMS settlement (sms/settle.ts) owns "this SMS pays this payment" and calls this
 * door, and `wallet-submission.ts` for the payment's steps of a manual wallet submission (docs/decisions/075-one-owner-per-rule.md).
 */

export type PaymentRow = repo.PaymentRow;

/** A payment of a brand as stored, or undefined (no expiry pass, no error: the caller decides). */
export function findPayment(db: Executor, id: string, brandId: string): Promise<PaymentRow | undefined> {
  return repo.findPaymentById(db, id, brandId);
}

/** The invoice ids of a brand's payments by payment id: the audit log names payments by them, not by `pay_…` ids. */
export async function invoiceIdsOf(db: Executor, brandId: string, ids: readonly string[]): Promise<Map<string, string>> {
  return new Map((await repo.invoiceIdsByPaymentId(db, brandId, [...new Set(ids)])).map((r) => [r.id, r.invoice_id]));
}

/** The id of the brand's payment with this invoice id, or undefined. */
export async function paymentIdOfInvoice(db: Executor, brandId: string, invoiceId: string): Promise<string | undefined> {
  return (await repo.findPaymentByInvoice(db, invoiceId, brandId))?.id;
}

/** The live (or test) payments of a brand a method's transaction id was submitted for. */
export function findPaymentsPaidWith(db: Executor, brandId: string, transactionId: string, method: MethodId, livemode: boolean): Promise<PaymentRow[]> {
  return repo.findPaymentsByTransaction(db, brandId, transactionId, method, livemode);
}

/** A Pending payment completed by the SMS that pays it (the `approve` move); undefined when it is no longer Pending. */
export function completeBySms(db: Executor, id: string, now: number): Promise<PaymentRow | undefined> {
  return repo.transitionPayment(db, id, 'approve', {
    status: 'completed',
    completed_at: now,
    verification_note: null,
    verification_issue: null,
    verification_sms_amount: null,
    updated_at: now,
  });
}

/** Why a Pending payment's SMS does not complete it yet (sentence, code, the SMS's paisa); nothing when it is no longer Pending. */
export async function noteVerification(db: Executor, id: string, v: VerificationNote, now: number): Promise<void> {
  const changes = { status: 'pending', verification_note: v.note, verification_issue: v.issue, verification_sms_amount: v.smsAmount, updated_at: now } as const;
  await repo.transitionPayment(db, id, 'note', changes);
}

/** Cancels a checkout nobody has paid yet (Initiated), as its Cancel button does; false when it had moved on. */
export async function cancelCheckout(db: Executor, id: string, now: number): Promise<boolean> {
  return (await repo.transitionPayment(db, id, 'cancel', { status: 'canceled', updated_at: now })) !== undefined;
}

/** Reserves a refund's amount within the payment's bound (repository `addRefunded`); undefined when the payment changed. */
export function reserveRefund(db: Executor, id: string, amount: number, now: number): Promise<PaymentRow | undefined> {
  return repo.addRefunded(db, id, amount, now);
}

/** Gives back a reservation made by reserveRefund (the gateway refused the refund); the payment as it is now, or undefined. */
export function releaseRefund(db: Executor, id: string, amount: number, now: number): Promise<PaymentRow | undefined> {
  return repo.releaseRefunded(db, id, amount, now);
}

/** Marks a brand's unpaid checkouts past their expiry as expired, as the list does before it reads (an export too). */
export function expireDueCheckouts(db: Executor, brandId: string, now: number): Promise<void> {
  return repo.expireDue(db, brandId, now);
}

/** One page of a brand's payments in the list's keyset order (list-repository.ts `listPayments`). */
export function paymentsPage(db: Executor, brandId: string, filter: PaymentFilter, page: { limit: number; after?: ListPosition }) {
  return listPayments(db, brandId, filter, page);
}
