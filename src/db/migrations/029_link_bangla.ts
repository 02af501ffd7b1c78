import type { Kysely } from '../kysely.js';

/**
 * A payment link's title and description in Bangla beside the ones the merchant already wrote (issue 23, ADR 100):
 * a Bangla page shows them when given, else the link's own words as written. Nullable, so every link keeps working.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('payment_links').addColumn('title_bn', 'text').execute();
  await db.schema.alterTable('payment_links').addColumn('description_bn', 'text').execute();
}
