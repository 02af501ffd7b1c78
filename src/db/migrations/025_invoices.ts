import type { Kysely } from '../kysely.js';

/**
 * Invoices (PRODUCT.md §6, docs/decisions/121-invoice-numbers-and-public-ids.md) and the brand's default webhook URL.
 * Same column types on both dialects: amounts in paisa (bigint), times in epoch ms, JSON as text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per brand, made at its first invoice: the last number given and the prefix of the next.
  await db.schema
    .createTable('invoice_sequences')
    .addColumn('brand_id', 'text', (c) => c.primaryKey().references('brands.id').onDelete('cascade'))
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('customer_name', 'text', (c) => c.notNull())
    .addColumn('customer_email', 'text')
    .addColumn('customer_phone', 'text')
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('discount', 'bigint', (c) => c.notNull())
    .addColumn('vat_percent', 'integer', (c) => c.notNull())
    .addColumn('vat', 'bigint', (c) => c.notNull())
    .addColumn('shipping', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('due_on', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('private_note', 'text', (c) => c.notNull())
    .addColumn('webhook_url', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text', (c) => c.references('payments.id').onDelete('set null'))
    .addColumn('paid_method', 'text')
    .addColumn('paid_transaction_id', 'text')
    .addColumn('paid_note', 'text')
    .addColumn('api_key_id', 'text')
    .addColumn('livemode', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('paid_at', 'bigint')
    .addColumn('voided_at', 'bigint')
    .addUniqueConstraint('invoices_number', ['brand_id', 'number'])
    .addUniqueConstraint('invoices_sequence', ['brand_id', 'sequence'])
    .execute();
  await db.schema.createIndex('invoices_brand_idx').on('invoices').columns(['brand_id', 'created_at']).execute();

  // Every checkout an invoice's page started: completing one pays the invoice (invoices/settle.ts).
  await db.schema
    .createTable('invoice_payments')
    .addColumn('payment_id', 'text', (c) => c.primaryKey().references('payments.id').onDelete('cascade'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoice_payments_invoice_idx').on('invoice_payments').columns(['invoice_id', 'payment_id']).execute();

  // Brand Settings → Webhooks: where link and invoice payments' IPNs go when the link or invoice names no webhook_url.
  await db.schema
    .createTable('brand_webhook_settings')
    .addColumn('brand_id', 'text', (c) => c.primaryKey().references('brands.id').onDelete('cascade'))
    .addColumn('default_url', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
