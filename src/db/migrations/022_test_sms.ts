import type { Kysely } from '../kysely.js';

/**
 * Test SMS (docs/decisions/035-test-mode-rehearsal.md): a message made by "Send a test SMS" is stored with livemode 0
 * and can complete only test payments. The two unique indexes take livemode, so a test message never makes a real one
 * with the same TrxID (or text) a duplicate, and a real message never blocks a rehearsal. The Overview's index of credits
 * (migration 021) takes it too: the Overview counts real messages only and still reads one range of one index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sms_messages')
    .addColumn('livemode', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.dropIndex('sms_messages_trx_uq').execute();
  await db.schema.dropIndex('sms_messages_body_uq').execute();
  await db.schema.createIndex('sms_messages_trx_uq').on('sms_messages').columns(['brand_id', 'livemode', 'provider', 'trx_id']).unique().execute();
  await db.schema.createIndex('sms_messages_body_uq').on('sms_messages').columns(['brand_id', 'livemode', 'body_digest']).unique().execute();
  await db.schema.dropIndex('sms_messages_brand_status_idx').execute();
  await db.schema.createIndex('sms_messages_brand_status_idx').on('sms_messages').columns(['brand_id', 'livemode', 'status', 'created_at', 'amount']).execute();
}
