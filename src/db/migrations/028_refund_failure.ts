import type { Kysely } from '../kysely.js';

/**
 * Why a refund failed, in the gateway's words (or the recovery job's, when the gateway could not tell): the
 * `refund.failed` alert and the payment's refund list say it, instead of a bare "failed". Null for every other refund.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('refunds').addColumn('failure', 'text').execute();
}
