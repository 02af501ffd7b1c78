import type { Kysely } from '../kysely.js';

// CSV exports (docs/decisions/073-csv-exports.md): a brand's refunds are read newest first in pages, through this index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('refunds_brand_created_idx').on('refunds').columns(['brand_id', 'created_at', 'id']).execute();
}
