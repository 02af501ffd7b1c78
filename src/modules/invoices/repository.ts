import { sql } from '../../db/kysely.js';
import type { Executor } from '../../db/index.js';
import type { InvoicesTable } from '../../db/tables/invoices.js';
import { INVOICE_TRANSITIONS, type InvoiceState, type InvoiceTarget, type InvoiceTransition } from './states.js';

export type InvoiceRow = InvoicesTable;

export const DEFAULT_PREFIX = 'INV-';

/**
 * Takes the brand's next invoice number in the caller's transaction: the UPDATE … RETURNING holds the sequence row's
 * lock (PostgreSQL) or the write lock (SQLite) until the invoice is inserted, so numbers are distinct under concurrency,
 * and a rolled-back creation gives its number back, so they are gapless (ADR 121).
 */
export async function nextNumber(db: Executor, brandId: string, now: number): Promise<{ prefix: string; sequence: number }> {
  await db
    .insertInto('invoice_sequences')
    .values({ brand_id: brandId, prefix: DEFAULT_PREFIX, last_number: 0, updated_at: now })
    .onConflict((oc) => oc.column('brand_id').doNothing())
    .execute();
  const row = await db
    .updateTable('invoice_sequences')
    .set((eb) => ({ last_number: eb('last_number', '+', 1), updated_at: now }))
    .where('brand_id', '=', brandId)
    .returning(['prefix', 'last_number'])
    .executeTakeFirstOrThrow();
  return { prefix: row.prefix, sequence: Number(row.last_number) };
}

export async function numbering(db: Executor, brandId: string): Promise<{ prefix: string; last_number: number }> {
  const row = await db.selectFrom('invoice_sequences').select(['prefix', 'last_number']).where('brand_id', '=', brandId).executeTakeFirst();
  return { prefix: row?.prefix ?? DEFAULT_PREFIX, last_number: Number(row?.last_number ?? 0) };
}

export async function setPrefix(db: Executor, brandId: string, prefix: string, now: number): Promise<void> {
  await db
    .insertInto('invoice_sequences')
    .values({ brand_id: brandId, prefix, last_number: 0, updated_at: now })
    .onConflict((oc) => oc.column('brand_id').doUpdateSet({ prefix, updated_at: now }))
    .execute();
}

export async function insertInvoice(db: Executor, row: InvoiceRow): Promise<void> {
  await db.insertInto('invoices').values(row).execute();
}

export function findInvoice(db: Executor, brandId: string, id: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('invoices').selectAll().where('brand_id', '=', brandId).where('id', '=', id).executeTakeFirst();
}

export function findInvoiceByNumber(db: Executor, brandId: string, number: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('invoices').selectAll().where('brand_id', '=', brandId).where('number', '=', number).executeTakeFirst();
}

export function findInvoiceByPublicId(db: Executor, publicId: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('invoices').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

/** The list's filter (and the CSV export's): a state, or `overdue` — open and due before `today`, the brand's calendar day. */
export type InvoiceFilter = { status: InvoiceState | 'overdue' | null; today: string };

function filtered(db: Executor, brandId: string, filter: InvoiceFilter) {
  const query = db.selectFrom('invoices').where('brand_id', '=', brandId);
  if (filter.status === 'overdue') return query.where('status', '=', 'open').where('due_on', '<', filter.today);
  return filter.status === null ? query : query.where('status', '=', filter.status);
}

export function listInvoices(db: Executor, brandId: string, filter: InvoiceFilter, limit: number, offset: number): Promise<InvoiceRow[]> {
  return filtered(db, brandId, filter).selectAll().orderBy('sequence', 'desc').limit(limit).offset(offset).execute();
}

export async function countInvoices(db: Executor, brandId: string, filter: InvoiceFilter): Promise<number> {
  const row = await filtered(db, brandId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A page of the CSV export (docs/decisions/073-csv-exports.md): newest first in (created_at, id) order, just after
 * `after`, so every page is one range of `invoices_brand_idx`.
 */
export function invoicesPage(db: Executor, brandId: string, filter: InvoiceFilter, after: { createdAt: number; id: string } | null, limit: number) {
  let query = filtered(db, brandId, filter).selectAll();
  if (after) query = query.where(sql<boolean>`(created_at, id) < (${after.createdAt}, ${after.id})`);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Saves an edit of a row still in `from` (the guard against a concurrent send, void or payment); undefined when it moved. */
export function updateInvoice(db: Executor, row: InvoiceRow, from: readonly InvoiceRow['status'][]): Promise<InvoiceRow | undefined> {
  const { id, brand_id, number, sequence, public_id, created_at, status, ...changes } = row;
  return db
    .updateTable('invoices')
    .set(changes)
    .where('id', '=', id)
    .where('brand_id', '=', brand_id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Moves an invoice along one of its transitions (states.ts), guarded on the states it may start from; the updated row,
 * or undefined when it was not in one of them (another request moved it first).
 */
export function transitionInvoice<T extends InvoiceTransition>(
  db: Executor,
  id: string,
  transition: T,
  changes: Partial<Omit<InvoiceRow, 'id' | 'brand_id' | 'status'>> & { status: InvoiceTarget<T>; updated_at: number },
  guard: { paymentId?: string } = {},
): Promise<InvoiceRow | undefined> {
  let query = db.updateTable('invoices').set(changes).where('id', '=', id).where('status', 'in', INVOICE_TRANSITIONS[transition].from);
  if (guard.paymentId !== undefined) query = query.where('payment_id', '=', guard.paymentId);
  return query.returningAll().executeTakeFirst();
}

export async function insertInvoicePayment(db: Executor, invoiceId: string, paymentId: string, now: number): Promise<void> {
  await db.insertInto('invoice_payments').values({ invoice_id: invoiceId, payment_id: paymentId, created_at: now }).execute();
}

/** The invoice a checkout was started from, if any. */
export async function invoiceOfPayment(db: Executor, paymentId: string): Promise<InvoiceRow | undefined> {
  return db
    .selectFrom('invoice_payments as ip')
    .innerJoin('invoices as i', 'i.id', 'ip.invoice_id')
    .selectAll('i')
    .where('ip.payment_id', '=', paymentId)
    .executeTakeFirst();
}

/** The invoice's checkout a customer can still finish (not expired at `now`) or has submitted (Pending): Pay reuses it. */
export function openCheckoutOf(db: Executor, invoiceId: string, now: number) {
  return db
    .selectFrom('invoice_payments as ip')
    .innerJoin('payments as p', 'p.id', 'ip.payment_id')
    .select(['p.id', 'p.invoice_id', 'p.status'])
    .where('ip.invoice_id', '=', invoiceId)
    .where((eb) => eb.or([eb('p.status', '=', 'pending'), eb.and([eb('p.status', '=', 'initiated'), eb('p.expires_at', '>', now)])]))
    .orderBy('p.created_at', 'desc')
    .executeTakeFirst();
}

/** Takes the invoice's row lock for the rest of the transaction (a no-op UPDATE, as links/repository.ts lockLink). */
export function lockInvoice(db: Executor, id: string): Promise<InvoiceRow | undefined> {
  return db
    .updateTable('invoices')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function markSent(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable('invoices').set({ sent_at: now }).where('id', '=', id).execute();
}

/** The ids of the invoice's checkouts nobody has paid yet (Initiated). */
export async function unpaidCheckoutsOf(db: Executor, invoiceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('invoice_payments as ip')
    .innerJoin('payments as p', 'p.id', 'ip.payment_id')
    .select('p.id')
    .where('ip.invoice_id', '=', invoiceId)
    .where('p.status', '=', 'initiated')
    .execute();
  return rows.map((r) => r.id);
}
