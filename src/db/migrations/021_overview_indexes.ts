import type { Kysely } from '../kysely.js';

/**
 * The Overview (PRODUCT.md §7, src/modules/overview/repository.ts): each figure reads one range of one index that holds
 * every column it needs, so a 30-day figure costs the same at 10⁶ payments as at 10³ (bench/list.ts measures it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('payments_overview_completed_idx')
    .on('payments')
    .columns(['brand_id', 'livemode', 'completed_at', 'status', 'payment_method', 'charged_amount'])
    .execute();
  await db.schema.createIndex('payments_overview_created_idx').on('payments').columns(['brand_id', 'livemode', 'created_at', 'status']).execute();
  await db.schema.createIndex('sms_messages_brand_status_idx').on('sms_messages').columns(['brand_id', 'status', 'created_at', 'amount']).execute();
}
