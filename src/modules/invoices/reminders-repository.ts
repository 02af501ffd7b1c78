import { sql } from '../../db/kysely.js';
import type { Executor } from '../../db/index.js';
import type { InvoiceEmailsTable } from '../../db/tables/invoice-emails.js';

/** What an invoice email says and where it goes: the invoice with its brand. */
const COLUMNS = [
  'invoices.id',
  'invoices.brand_id',
  'invoices.number',
  'invoices.public_id',
  'invoices.customer_name',
  'invoices.customer_email',
  'invoices.currency',
  'invoices.total',
  'invoices.due_on',
  'invoices.sent_at',
  'invoices.created_at',
  'invoices.paid_at',
  'invoices.paid_method',
  'invoices.paid_transaction_id',
  'brands.name as brand_name',
  'brands.timezone',
] as const;

/**
 * Open invoices with a customer email due between `fromDue` and `toDue` (YYYY-MM-DD, both included) in brands whose
 * reminders are on: the candidates for a reminder (each brand's own calendar day decides; the range is wide enough for
 * every time zone). One range of the `invoices_due_idx` index.
 */
export function reminderCandidates(db: Executor, fromDue: string, toDue: string) {
  return db
    .selectFrom('invoices')
    .innerJoin('brands', 'brands.id', 'invoices.brand_id')
    .select(COLUMNS)
    .where('invoices.status', '=', 'open')
    .where('invoices.due_on', '>=', fromDue)
    .where('invoices.due_on', '<=', toDue)
    .where('invoices.customer_email', 'is not', null)
    .where('brands.invoice_reminders', '=', 1)
    .execute();
}
export type InvoiceEmailRow = Awaited<ReturnType<typeof reminderCandidates>>[number];

/** Invoices paid since `paidSince` with a customer email and no receipt yet. One range of `invoices_paid_idx`. */
export function receiptCandidates(db: Executor, paidSince: number): Promise<InvoiceEmailRow[]> {
  return db
    .selectFrom('invoices')
    .innerJoin('brands', 'brands.id', 'invoices.brand_id')
    .select(COLUMNS)
    .where('invoices.status', '=', 'paid')
    .where('invoices.paid_at', '>=', paidSince)
    .where('invoices.customer_email', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('invoice_emails')
            .select(sql<number>`1`.as('one'))
            .whereRef('invoice_emails.invoice_id', '=', 'invoices.id')
            .where('invoice_emails.kind', '=', 'receipt'),
        ),
      ),
    )
    .execute();
}

/** Insert-or-ignore of an email's row: true when this call wrote it (the primary key makes each email once). */
export async function claimEmail(db: Executor, row: InvoiceEmailsTable): Promise<boolean> {
  const inserted = await db
    .insertInto('invoice_emails')
    .values(row)
    .onConflict((oc) => oc.columns(['invoice_id', 'kind', 'due_on']).doNothing())
    .returning('kind')
    .execute();
  return inserted.length === 1;
}

/** Gives a claim back (sending failed), only the one this run wrote. */
export async function releaseEmail(db: Executor, row: InvoiceEmailsTable): Promise<void> {
  await db
    .deleteFrom('invoice_emails')
    .where('invoice_id', '=', row.invoice_id)
    .where('kind', '=', row.kind)
    .where('due_on', '=', row.due_on)
    .where('sent_at', '=', row.sent_at)
    .execute();
}

export async function setReminders(db: Executor, brandId: string, on: boolean): Promise<void> {
  await db
    .updateTable('brands')
    .set({ invoice_reminders: on ? 1 : 0 })
    .where('id', '=', brandId)
    .execute();
}

export async function readReminders(db: Executor, brandId: string): Promise<boolean> {
  const row = await db.selectFrom('brands').select('invoice_reminders').where('id', '=', brandId).executeTakeFirstOrThrow();
  return Number(row.invoice_reminders) === 1;
}
