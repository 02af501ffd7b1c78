import { type Kysely, sql } from '../kysely.js';

/**
 * Currencies, fees and limits (docs/decisions/060-currencies-fees-and-rounding.md), and the structured reason a
 * submitted wallet payment waits (docs/decisions/061-approving-a-mismatch.md):
 * - `currency_rates`: per brand, BDT per unit of another currency, in ten-thousandths (122.5 → 1225000).
 * - payments: the rate and what the customer is charged in BDT, frozen when the payment is created and when its method
 *   is chosen. Every existing payment was read as taka: rate 1, charged its amount plus its fee (always 0 until now).
 * - payment_methods: fee (fixed paisa + hundredths of a percent, and who bears it) and the amounts a method takes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('currency_rates')
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('rate', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('currency_rates_pk', ['brand_id', 'currency'])
    .execute();

  const statements = [
    db.schema.alterTable('payments').addColumn('exchange_rate', 'bigint', (c) => c.notNull().defaultTo(10_000)),
    db.schema.alterTable('payments').addColumn('charged_amount', 'bigint', (c) => c.notNull().defaultTo(0)),
    db.schema.alterTable('payments').addColumn('fee_bearer', 'text', (c) => c.notNull().defaultTo('merchant')),
    db.schema.alterTable('payments').addColumn('verification_issue', 'text'),
    db.schema.alterTable('payments').addColumn('verification_sms_amount', 'bigint'),
    db.schema.alterTable('payment_methods').addColumn('fee_fixed', 'bigint', (c) => c.notNull().defaultTo(0)),
    db.schema.alterTable('payment_methods').addColumn('fee_percent', 'integer', (c) => c.notNull().defaultTo(0)),
    db.schema.alterTable('payment_methods').addColumn('fee_bearer', 'text', (c) => c.notNull().defaultTo('merchant')),
    db.schema.alterTable('payment_methods').addColumn('min_amount', 'bigint'),
    db.schema.alterTable('payment_methods').addColumn('max_amount', 'bigint'),
  ];
  // SQLite adds one column per ALTER TABLE.
  for (const statement of statements) await statement.execute();
  await sql`UPDATE payments SET charged_amount = amount + fee`.execute(db);
}
