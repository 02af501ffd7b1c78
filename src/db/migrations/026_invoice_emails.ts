import { type Kysely, sql } from '../kysely.js';

/**
 * Invoice reminders and receipts (PRODUCT.md §6):
 * - invoice_emails: one row per email the reminder job sent a customer (a reminder per due date, the receipt once),
 *   written before sending, so of several instances one sends it, and removed again when sending fails, so the next run
 *   retries;
 * - brands.invoice_reminders: the brand's toggle for the reminders (on by default; receipts are always sent);
 * - two indexes, so each run of the job reads one range: open invoices by due date, paid ones by the time they were paid.
 * Invoices paid before this migration count as receipted: an upgrade mails no customer about an old payment.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('invoice_emails')
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // The due date the reminder was about: a new due date arms the reminders again. Empty for a receipt.
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_emails_pk', ['invoice_id', 'kind', 'due_on'])
    .execute();
  await sql`insert into invoice_emails (invoice_id, kind, due_on, sent_at)
    select id, 'receipt', '', paid_at from invoices where status in ('paid', 'refunded') and paid_at is not null`.execute(db);
  await db.schema.createIndex('invoices_due_idx').on('invoices').columns(['status', 'due_on']).execute();
  await db.schema.createIndex('invoices_paid_idx').on('invoices').columns(['status', 'paid_at']).execute();
  await db.schema
    .alterTable('brands')
    .addColumn('invoice_reminders', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}
