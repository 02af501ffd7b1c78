import { sql } from '../../db/kysely.js';
import { postgresPool, type Executor } from '../../db/index.js';
import { prepared, preparedInsert } from '../../db/prepared.js';
import type { PaymentsTable } from '../../db/tables/payments.js';
import type { MethodId } from '../gateways/types.js';
import { PAYMENT_TRANSITIONS, type PaymentTarget, type PaymentTransition } from './states.js';

export type PaymentRow = PaymentsTable;

/** Built and compiled once (src/db/prepared.ts): checkout-v2 runs it on every request. */
const insertPaymentRow = preparedInsert('payments', {
  id: true,
  brand_id: true,
  invoice_id: true,
  api_key_id: true,
  variant: true,
  full_name: true,
  email: true,
  amount: true,
  fee: true,
  currency: true,
  exchange_rate: true,
  charged_amount: true,
  fee_bearer: true,
  metadata: true,
  order_number: true,
  redirect_url: true,
  cancel_url: true,
  return_type: true,
  webhook_url: true,
  status: true,
  payment_method: true,
  sender_number: true,
  transaction_id: true,
  refunded_amount: true,
  created_at: true,
  updated_at: true,
  expires_at: true,
  paid_at: true,
  completed_at: true,
  decided_by: true,
  decision_note: true,
  verification_note: true,
  verification_issue: true,
  verification_sms_amount: true,
  livemode: true,
});

export function insertPayment(db: Executor, row: PaymentRow): Promise<void> {
  return insertPaymentRow(db, row);
}

/** Built and compiled once (src/db/prepared.ts): verify-payment runs it on every request. */
const paymentOfBrandByInvoice = prepared((db: Executor, invoiceId: string, brandId: string) =>
  db.selectFrom('payments').selectAll().where('invoice_id', '=', invoiceId).where('brand_id', '=', brandId),
);

/** What verify-payment reads of a payment: the fields of its answer (verify-object.ts), its mode and what expiring it needs. */
const VERIFY_COLUMNS = [
  'id',
  'brand_id',
  'invoice_id',
  'full_name',
  'email',
  'amount',
  'fee',
  'charged_amount',
  'metadata',
  'payment_method',
  'sender_number',
  'transaction_id',
  'status',
  'refunded_amount',
  'currency',
  'exchange_rate',
  'created_at',
  'paid_at',
  'expires_at',
  'livemode',
] as const satisfies readonly (keyof PaymentRow)[];
export type VerifyRow = Pick<PaymentRow, (typeof VERIFY_COLUMNS)[number]>;

/** Compiled once like the one above, and only 20 of the 34 columns: fewer values to read and build on every verify. */
const paymentToVerify = prepared((db: Executor, invoiceId: string, brandId: string) =>
  db.selectFrom('payments').select(VERIFY_COLUMNS).where('invoice_id', '=', invoiceId).where('brand_id', '=', brandId),
);

export async function findPaymentToVerify(db: Executor, invoiceId: string, brandId: string): Promise<VerifyRow | undefined> {
  return (await paymentToVerify(db, invoiceId, brandId))[0];
}

/**
 * PostgreSQL only: findPaymentToVerify for several (invoice id, brand id) pairs in one round trip, for verify requests
 * that arrive together (lookup.ts); keyed by invoice id and brand id joined by NUL, unknown pairs absent.
 */
const PAYMENTS_TO_VERIFY = `SELECT ${VERIFY_COLUMNS.map((c) => `p."${c}"`).join(', ')}
FROM unnest($1::text[], $2::text[]) AS q(invoice_id, brand_id)
JOIN payments p ON p.invoice_id = q.invoice_id AND p.brand_id = q.brand_id`;

export async function findPaymentsToVerify(db: Executor, pairs: readonly { invoiceId: string; brandId: string }[]): Promise<Map<string, VerifyRow>> {
  const pool = postgresPool(db);
  if (!pool) throw new Error('findPaymentsToVerify: PostgreSQL only, outside a transaction');
  const { rows } = await pool.query<VerifyRow>({
    name: 'duar_payments_to_verify',
    text: PAYMENTS_TO_VERIFY,
    values: [pairs.map((p) => p.invoiceId), pairs.map((p) => p.brandId)],
  });
  return new Map(rows.map((row) => [`${row.invoice_id}\u0000${row.brand_id}`, row]));
}

export async function findPaymentByInvoice(db: Executor, invoiceId: string, brandId?: string): Promise<PaymentRow | undefined> {
  if (brandId) return (await paymentOfBrandByInvoice(db, invoiceId, brandId))[0];
  return db.selectFrom('payments').selectAll().where('invoice_id', '=', invoiceId).executeTakeFirst();
}

export function findPaymentById(db: Executor, id: string, brandId: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', id).where('brand_id', '=', brandId).executeTakeFirst();
}

/** Invoice ids by payment id, for those of `ids` that are the brand's payments (one query through the primary key). */
export async function invoiceIdsByPaymentId(db: Executor, brandId: string, ids: readonly string[]): Promise<{ id: string; invoice_id: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('payments').select(['id', 'invoice_id']).where('brand_id', '=', brandId).where('id', 'in', ids).execute();
}

export function findPaymentsByTransaction(db: Executor, brandId: string, transactionId: string, method?: MethodId, livemode?: boolean): Promise<PaymentRow[]> {
  let query = db.selectFrom('payments').selectAll().where('brand_id', '=', brandId).where('transaction_id', '=', transactionId);
  if (livemode !== undefined) query = query.where('livemode', '=', livemode ? 1 : 0);
  if (method) query = query.where('payment_method', '=', method);
  return query.limit(5).execute();
}

/**
 * Guarded transition: changes the payment only if it is still in a state `transition` may start from
 * (PAYMENT_TRANSITIONS), for `unexpiredAt` not past its expiry, and for `agreeing` with no verification note. Returns the updated row, or undefined when another
 * request moved it first.
 */
export function transitionPayment<T extends PaymentTransition>(
  db: Executor,
  id: string,
  transition: T,
  changes: Partial<Omit<PaymentRow, 'id' | 'brand_id' | 'invoice_id' | 'status'>> & { status: PaymentTarget<T>; updated_at: number },
  guard: { unexpiredAt?: number; expiredAt?: number; agreeing?: boolean } = {},
): Promise<PaymentRow | undefined> {
  let query = db.updateTable('payments').set(changes).where('id', '=', id).where('status', 'in', PAYMENT_TRANSITIONS[transition].from);
  if (guard.unexpiredAt !== undefined) query = query.where('expires_at', '>', guard.unexpiredAt);
  if (guard.expiredAt !== undefined) query = query.where('expires_at', '<=', guard.expiredAt);
  // No forwarded SMS disagrees with it (an unconfirmed approval, docs/decisions/061-approving-a-mismatch.md).
  if (guard.agreeing) query = query.where('verification_note', 'is', null);
  return query.returningAll().executeTakeFirst();
}

/**
 * Takes the payment's row lock for the rest of the transaction (a no-op UPDATE, the same on SQLite and PostgreSQL) and
 * returns the row as committed now. Used where an IPN is queued without a status change, so it carries the current state
 * and is ordered after any concurrent status change's IPN (ADR 021).
 */
export function lockPayment(db: Executor, id: string): Promise<PaymentRow | undefined> {
  return db
    .updateTable('payments')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Marks every unpaid checkout of a brand that is past its expiry as expired (one statement, cheap with the status index). */
export async function expireDue(db: Executor, brandId: string, now: number): Promise<void> {
  await db
    .updateTable('payments')
    .set({ status: 'expired', updated_at: now })
    .where('brand_id', '=', brandId)
    .where('status', 'in', PAYMENT_TRANSITIONS.expire.from)
    .where('expires_at', '<=', now)
    .execute();
}

/**
 * Adds `amount` to the refunded total only while the invariant holds: the payment is refundable and the new total
 * stays within what the customer paid (`charged_amount`, BDT). The status follows in the same statement. Zero rows = a concurrent refund won.
 */
export function addRefunded(db: Executor, id: string, amount: number, now: number): Promise<PaymentRow | undefined> {
  return db
    .updateTable('payments')
    .set({
      refunded_amount: sql<number>`refunded_amount + ${amount}`,
      status: sql<PaymentTarget<'refund'>>`CASE WHEN refunded_amount + ${amount} >= charged_amount THEN 'refunded' ELSE 'partially_refunded' END`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', 'in', PAYMENT_TRANSITIONS.refund.from)
    .where(sql<boolean>`refunded_amount + ${amount} <= charged_amount`)
    .returningAll()
    .executeTakeFirst();
}

/** Gives back a reservation made by addRefunded when the gateway refused the refund. */
export function releaseRefunded(db: Executor, id: string, amount: number, now: number): Promise<PaymentRow | undefined> {
  return db
    .updateTable('payments')
    .set({
      refunded_amount: sql<number>`refunded_amount - ${amount}`,
      status: sql<PaymentTarget<'release'>>`CASE WHEN refunded_amount - ${amount} <= 0 THEN 'completed' ELSE 'partially_refunded' END`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', 'in', PAYMENT_TRANSITIONS.release.from)
    .where('refunded_amount', '>=', amount)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Claims a (method, TrxID) pair for a payment; false when another payment already holds it (primary key). Test
 * payments claim in their own namespace (`test:` cannot start a TrxID, which is letters and digits), so a rehearsal
 * never makes a real customer's TrxID "already used", nor a real payment a rehearsal's.
 */
export async function claimTransaction(
  db: Executor,
  payment: Pick<PaymentsTable, 'id' | 'livemode'>,
  method: MethodId,
  transactionId: string,
  now: number,
): Promise<boolean> {
  const claimed = payment.livemode === 1 ? transactionId : `test:${transactionId}`;
  const result = await db
    .insertInto('transaction_claims')
    .values({ payment_method: method, transaction_id: claimed, payment_id: payment.id, created_at: now })
    .onConflict((oc) => oc.columns(['payment_method', 'transaction_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function releaseTransactionClaims(db: Executor, paymentId: string): Promise<void> {
  await db.deleteFrom('transaction_claims').where('payment_id', '=', paymentId).execute();
}
