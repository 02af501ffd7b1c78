import { type Kysely, PostgresAdapter, sql } from '../kysely.js';

/**
 * The shop's order number (metadata `order_id`, `invoice_id`, …: modules/payments/order-number.ts) in a column of its
 * own with a prefix-search index like migration 010's, so searching it costs one index range at any table size instead
 * of reading every payment's metadata (docs/decisions/036-searching-order-numbers-and-phones.md). Older payments get
 * theirs here, by the same rule in SQL: the first of the keys holding a string (trimmed, 1–64 characters) or a whole number.
 */
// As modules/payments/order-number.ts had them when this migration was written: a migration does not change with the code.
const ORDER_NUMBER_KEYS = ['order_id', 'invoice_id', 'order_number', 'order_no', 'orderId', 'invoiceId'];
const ORDER_NUMBER_MAX = 64;

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('payments').addColumn('order_number', 'text').execute();
  await backfillOrderNumbers(db);
  const key = postgres ? '(lower(order_number) COLLATE "C")' : '(lower(order_number))';
  await sql.raw(`CREATE INDEX payments_search_order_number_idx ON payments (brand_id, livemode, ${key})`).execute(db);
}

/** Sets `order_number` from the metadata of every payment that has none (exported for test/payments/order-number-search.test.ts). */
export async function backfillOrderNumbers(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const candidates = ORDER_NUMBER_KEYS.map((k) => {
    if (postgres) {
      const value = `(metadata::jsonb ->> '${k}')`;
      const type = `jsonb_typeof(metadata::jsonb -> '${k}')`;
      return `CASE WHEN ${type} = 'string' AND length(trim(${value})) BETWEEN 1 AND ${ORDER_NUMBER_MAX} THEN trim(${value})
        WHEN ${type} = 'number' AND ${value} ~ '^-?[0-9]{1,16}$' THEN ${value} END`;
    }
    const value = `json_extract(metadata, '$.${k}')`;
    const type = `json_type(metadata, '$.${k}')`;
    return `CASE WHEN ${type} = 'text' AND length(trim(${value})) BETWEEN 1 AND ${ORDER_NUMBER_MAX} THEN trim(${value})
      WHEN ${type} = 'integer' AND abs(${value}) <= 9007199254740991 THEN CAST(${value} AS TEXT) END`;
  });
  // Only objects can hold the keys; '{}' (most payments without metadata) is skipped without parsing it.
  const objectOnly = postgres ? `metadata LIKE '{%' AND metadata <> '{}'` : `json_type(metadata) = 'object' AND metadata <> '{}'`;
  await sql.raw(`UPDATE payments SET order_number = COALESCE(${candidates.join(', ')}) WHERE order_number IS NULL AND ${objectOnly}`).execute(db);
}
