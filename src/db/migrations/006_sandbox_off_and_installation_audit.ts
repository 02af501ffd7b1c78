import { sql, SqliteAdapter, type Kysely } from '../kysely.js';

/**
 * 1. New brands start with Sandbox off (src/modules/gateways/settings.ts). A brand that never touched its Sandbox switch
 *    had it on by default; it gets an explicit row saying so, so no existing brand changes behaviour.
 * 2. Sign-ins and sign-outs belong to the installation, not a brand: audit_log.brand_id becomes nullable.
 *    SQLite cannot drop NOT NULL, so its table is rebuilt (same columns, same index).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    INSERT INTO payment_methods (brand_id, method, enabled, account_number, account_type, instructions, updated_at)
    SELECT b.id, 'sandbox', 1, NULL, NULL, NULL, ${Date.now()} FROM brands b
    WHERE NOT EXISTS (SELECT 1 FROM payment_methods m WHERE m.brand_id = b.id AND m.method = 'sandbox')
  `.execute(db);

  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await db.schema
      .alterTable('audit_log')
      .alterColumn('brand_id', (c) => c.dropNotNull())
      .execute();
    return;
  }
  await db.schema
    .createTable('audit_log_new')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.references('brands.id').onDelete('cascade'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO audit_log_new (id, brand_id, actor, action, target_id, changes, ip, created_at)
    SELECT id, brand_id, actor, action, target_id, changes, ip, created_at FROM audit_log`.execute(db);
  await db.schema.dropTable('audit_log').execute();
  await db.schema.alterTable('audit_log_new').renameTo('audit_log').execute();
  await db.schema.createIndex('audit_log_brand_idx').on('audit_log').columns(['brand_id', 'created_at']).execute();
}
