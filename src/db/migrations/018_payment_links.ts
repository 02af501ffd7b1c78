import type { Kysely } from '../kysely.js';

// Payment links (PRODUCT.md §6, docs/decisions/120-payment-link-stock.md). Same column types on both dialects.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('payment_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('amount_type', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint')
    .addColumn('min_amount', 'bigint')
    .addColumn('max_amount', 'bigint')
    .addColumn('quantity', 'integer')
    .addColumn('expires_on', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('redirect_url', 'text')
    .addColumn('webhook_url', 'text')
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('payment_links_slug', ['brand_id', 'slug'])
    .execute();
  await db.schema.createIndex('payment_links_brand_idx').on('payment_links').columns(['brand_id', 'created_at']).execute();

  // Which payment a link made: the stock and the stats are counted from these rows joined to the payments' states.
  await db.schema
    .createTable('payment_link_payments')
    .addColumn('payment_id', 'text', (c) => c.primaryKey().references('payments.id').onDelete('cascade'))
    .addColumn('link_id', 'text', (c) => c.notNull().references('payment_links.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_link_payments_link_idx').on('payment_link_payments').columns(['link_id', 'payment_id']).execute();
}
