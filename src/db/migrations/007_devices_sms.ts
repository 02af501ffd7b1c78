import type { Kysely } from '../kysely.js';

// Same column types on SQLite and PostgreSQL: text, integer (0/1, counts), bigint (epoch ms, paisa).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_digest', 'text', (c) => c.notNull().unique())
    // The key is also the SMS Gateway for Android signing key, so it is kept sealed under the application key.
    .addColumn('key_ciphertext', 'text', (c) => c.notNull())
    .addColumn('hint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_seen_at', 'bigint')
    .addColumn('last_seen_ip', 'text')
    .addColumn('sms_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('devices_brand_idx').on('devices').columns(['brand_id', 'created_at']).execute();

  await db.schema
    .createTable('sms_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('device_id', 'text')
    .addColumn('wallet', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_digest', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('amount', 'bigint')
    .addColumn('fee', 'bigint')
    .addColumn('balance', 'bigint')
    .addColumn('payer', 'text')
    .addColumn('ref', 'text')
    .addColumn('trx_id', 'text')
    .addColumn('sms_at', 'bigint')
    .addColumn('sent_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('payment_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // A TrxID is stored once per brand and provider (NULLs, for unrecognised messages, do not collide on either database);
  // the body digest makes a forwarder's retry of any stored message a duplicate.
  await db.schema.createIndex('sms_messages_trx_uq').on('sms_messages').columns(['brand_id', 'provider', 'trx_id']).unique().execute();
  await db.schema.createIndex('sms_messages_body_uq').on('sms_messages').columns(['brand_id', 'body_digest']).unique().execute();
  await db.schema.createIndex('sms_messages_brand_created_idx').on('sms_messages').columns(['brand_id', 'created_at']).execute();
  await db.schema.createIndex('sms_messages_status_idx').on('sms_messages').columns(['status', 'provider']).execute();

  await db.schema
    .createTable('sms_wallets')
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('wallet', 'text', (c) => c.notNull())
    .addColumn('balance', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sms_wallets_pk', ['brand_id', 'provider', 'wallet'])
    .execute();

  await db.schema
    .createTable('sms_senders')
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    /** JSON array of sender IDs. */
    .addColumn('sender_ids', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sms_senders_pk', ['brand_id', 'provider'])
    .execute();

  // Per wallet method: how much more than the due an SMS may show, and which credit kinds can pay a checkout.
  await db.schema
    .alterTable('payment_methods')
    .addColumn('sms_tolerance', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('payment_methods').addColumn('sms_credit_kinds', 'text').execute();
  // Why a submitted wallet payment is still Pending although an SMS carries its TrxID (underpaid, payer differs, …).
  await db.schema.alterTable('payments').addColumn('verification_note', 'text').execute();
}
