import type { Kysely } from '../kysely.js';

// Types that mean the same on SQLite and PostgreSQL: text, integer (0/1 flags), bigint (epoch ms, minor units).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().unique())
    // Not a foreign key: deleting a key must not touch its payments (the IPN then goes without a key header).
    .addColumn('api_key_id', 'text')
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('fee', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('redirect_url', 'text', (c) => c.notNull())
    .addColumn('cancel_url', 'text', (c) => c.notNull())
    .addColumn('return_type', 'text', (c) => c.notNull())
    .addColumn('webhook_url', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payment_method', 'text')
    .addColumn('sender_number', 'text')
    .addColumn('transaction_id', 'text')
    .addColumn('refunded_amount', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('decided_by', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema.createIndex('payments_brand_created_idx').on('payments').columns(['brand_id', 'created_at']).execute();
  await db.schema.createIndex('payments_brand_status_idx').on('payments').columns(['brand_id', 'status', 'expires_at']).execute();
  await db.schema.createIndex('payments_brand_trx_idx').on('payments').columns(['brand_id', 'transaction_id']).execute();

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id').onDelete('cascade'))
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payout', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('product_name', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('gateway_reference', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_out_at', 'bigint')
    .addColumn('paid_out_by', 'text')
    .execute();
  await db.schema.createIndex('refunds_payment_idx').on('refunds').columns(['payment_id', 'created_at']).execute();

  await db.schema
    .createTable('payment_methods')
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('account_number', 'text')
    .addColumn('account_type', 'text')
    .addColumn('instructions', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_methods_pk', ['brand_id', 'method'])
    .execute();

  await db.schema
    .createTable('transaction_claims')
    .addColumn('payment_method', 'text', (c) => c.notNull())
    .addColumn('transaction_id', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('transaction_claims_pk', ['payment_method', 'transaction_id'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('api_key_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_digest', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['api_key_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').column('created_at').execute();
}
