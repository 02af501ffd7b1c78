import type { Executor } from '../../db/index.js';
import { sharedRead } from '../../db/shared-read.js';
import { DuarError } from '../../lib/errors.js';
import type { Brand } from '../brands/service.js';
import { isMethodId } from '../gateways/index.js';
import * as repo from './repository.js';

/** A payment as stored. */
export type PaymentRow = repo.PaymentRow;

/** An unpaid checkout past its expiry becomes Expired the first time anyone looks at it (guarded, so once). */
async function expireIfDue<P extends Pick<PaymentRow, 'id' | 'brand_id' | 'status' | 'expires_at'>>(
  db: Executor,
  payment: P,
  now = Date.now(),
): Promise<P | PaymentRow> {
  if (payment.status !== 'initiated' || payment.expires_at > now) return payment;
  const expired = await repo.transitionPayment(db, payment.id, 'expire', { status: 'expired', updated_at: now }, { expiredAt: now });
  return expired ?? (await repo.findPaymentById(db, payment.id, payment.brand_id)) ?? payment;
}

export type VerifyRow = repo.VerifyRow;

/** On PostgreSQL, verify requests that arrive together share the payment read's round trip (src/db/shared-read.ts). */
const paymentToVerify = sharedRead<{ invoiceId: string; brandId: string }, VerifyRow>(
  (db, { invoiceId, brandId }) => repo.findPaymentToVerify(db, invoiceId, brandId),
  repo.findPaymentsToVerify,
  ({ invoiceId, brandId }) => `${invoiceId}\u0000${brandId}`,
);

/** verify-payment's read: the columns its answer uses, for the key's brand and mode only (others look unknown). */
export async function getPaymentToVerify(db: Executor, invoiceId: string, brandId: string, livemode: boolean): Promise<VerifyRow> {
  const found = await paymentToVerify(db, { invoiceId, brandId });
  if (!found || found.livemode !== (livemode ? 1 : 0)) throw unknownInvoice(invoiceId);
  return expireIfDue(db, found);
}

const unknownInvoice = (invoiceId: string) => new DuarError('payment_not_found', `No payment with invoice_id "${invoiceId}"`, { field: 'invoice_id' });

/**
 * The payment behind an invoice id, scoped to a brand (and a key's mode) when given; unknown ids, other brands' payments
 * and the other mode's payments look the same.
 */
export async function getPaymentByInvoice(db: Executor, invoiceId: string, brandId?: string, livemode?: boolean): Promise<PaymentRow> {
  const found = await repo.findPaymentByInvoice(db, invoiceId, brandId);
  if (!found || (livemode !== undefined && found.livemode !== (livemode ? 1 : 0))) throw unknownInvoice(invoiceId);
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
