import type { Kysely } from '../kysely.js';

// Refunds made under an Idempotency-Key carry the key (as a digest) with a unique index, so a request retried after
// its claim's lease ran out finds the refund instead of making a second one; and the recovery job finds refunds left
// `processing` by a crash by status and age. Both dialects allow many NULLs under a unique index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('refunds').addColumn('request_key', 'text').execute();
  await db.schema.createIndex('refunds_request_key_idx').unique().on('refunds').column('request_key').execute();
  await db.schema.createIndex('refunds_status_updated_idx').on('refunds').columns(['status', 'updated_at']).execute();
}
