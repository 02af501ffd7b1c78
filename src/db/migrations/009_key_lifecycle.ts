import { type Kysely, sql } from '../kysely.js';

/**
 * The API key lifecycle (docs/decisions/008-key-lifecycle.md): test and live keys, rolling with a grace period, allowed
 * IPs, per-key rate limits, notes, daily usage counts and expiry reminders. Every existing key and payment is live, and
 * the per-brand Sandbox switch goes away: Sandbox is now simply how test payments are paid.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const keyColumns = [
    db.schema.alterTable('api_keys').addColumn('mode', 'text', (c) => c.notNull().defaultTo('live')),
    db.schema.alterTable('api_keys').addColumn('note', 'text'),
    db.schema.alterTable('api_keys').addColumn('allowed_ips', 'text', (c) => c.notNull().defaultTo('[]')),
    db.schema.alterTable('api_keys').addColumn('rate_limit_per_minute', 'integer'),
    db.schema.alterTable('api_keys').addColumn('ends_at', 'bigint'),
    db.schema.alterTable('api_keys').addColumn('rolled_to_id', 'text'),
    db.schema.alterTable('api_keys').addColumn('first_used_at', 'bigint'),
  ];
  // SQLite adds one column per ALTER TABLE.
  for (const statement of keyColumns) await statement.execute();

  await db.schema
    .alterTable('payments')
    .addColumn('livemode', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`DELETE FROM payment_methods WHERE method = 'sandbox'`.execute(db);

  await db.schema
    .createTable('api_key_usage')
    .addColumn('key_id', 'text', (c) => c.notNull().references('api_keys.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('api_key_usage_pk', ['key_id', 'date', 'outcome'])
    .execute();
  await db.schema.createIndex('api_key_usage_date_idx').on('api_key_usage').column('date').execute();

  await db.schema
    .createTable('api_key_reminders')
    .addColumn('key_id', 'text', (c) => c.notNull().references('api_keys.id').onDelete('cascade'))
    .addColumn('threshold', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('api_key_reminders_pk', ['key_id', 'threshold', 'expires_on'])
    .execute();
}
