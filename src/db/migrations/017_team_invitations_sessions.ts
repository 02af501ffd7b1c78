import { type Kysely, sql } from '../kysely.js';

/**
 * Team invitations, password resets and listed sessions (PRODUCT.md §9, docs/decisions/082-invitations-sessions-resets.md):
 * - `invitations`: a one-time link to join a brand with a role, valid 7 days; only the SHA-256 of its token is stored.
 * - `password_resets`: a one-time emailed link to set a new password, valid 1 hour; only the SHA-256 of its token.
 * - `sessions` gain a public id (the cookie's digest never leaves the server), the browser and when it was last used.
 *   Sessions of an older version get an id made from their digest, so nobody is signed out by the upgrade.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_digest', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint')
    .execute();
  await db.schema.createIndex('invitations_brand_idx').on('invitations').columns(['brand_id', 'created_at']).execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('token_digest', 'text', (c) => c.primaryKey())
    .addColumn('admin_id', 'text', (c) => c.notNull().references('admins.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();

  const statements = [
    db.schema.alterTable('sessions').addColumn('id', 'text'),
    db.schema.alterTable('sessions').addColumn('user_agent', 'text'),
    db.schema.alterTable('sessions').addColumn('last_active_at', 'bigint'),
  ];
  // SQLite adds one column per ALTER TABLE.
  for (const statement of statements) await statement.execute();
  await sql`UPDATE sessions SET id = 'ses_' || substr(token_digest, 1, 16), last_active_at = created_at`.execute(db);
  await db.schema.createIndex('sessions_id_idx').on('sessions').column('id').unique().execute();
  await db.schema.createIndex('sessions_admin_idx').on('sessions').columns(['admin_id', 'created_at']).execute();
}
