import { type Kysely, PostgresAdapter, sql } from '../kysely.js';

/**
 * The admin payments list at any size (docs/decisions/040-production-build-and-hot-path.md, "Payments at scale"):
 * newest first by (created_at, id) per brand and mode, with or without a status or method filter, read in keyset order;
 * and a case-insensitive prefix search per field on `lower(column)`. PostgreSQL compares these in the "C" collation
 * (code point order, as SQLite's default), so a prefix is a plain index range whatever the database's locale.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const listIndexes: Record<string, string[]> = {
    payments_list_idx: ['brand_id', 'livemode', 'created_at', 'id'],
    payments_list_status_idx: ['brand_id', 'livemode', 'status', 'created_at', 'id'],
    payments_list_method_idx: ['brand_id', 'livemode', 'payment_method', 'created_at', 'id'],
  };
  for (const [name, columns] of Object.entries(listIndexes)) await db.schema.createIndex(name).on('payments').columns(columns).execute();
  for (const column of ['invoice_id', 'transaction_id', 'email', 'full_name', 'sender_number']) {
    const key = postgres ? `(lower(${column}) COLLATE "C")` : `(lower(${column}))`;
    await sql.raw(`CREATE INDEX payments_search_${column}_idx ON payments (brand_id, livemode, ${key})`).execute(db);
  }
}
