import type { Kysely } from '../kysely.js';

/**
 * TOTP two-factor sign-in (PRODUCT.md §9, docs/decisions/081-two-factor-sign-in.md):
 * - admins: the TOTP secret (encrypted under the app key) once turned on, the one being enrolled, when it was turned
 *   on, and the last time step a code was accepted for (a code is never accepted twice);
 * - `recovery_codes`: SHA-256 of each of the 10 one-time codes, and when each was used;
 * A brand's "require two-factor for everyone" is a row of `settings` (`require_two_factor:<brand id>`), so the brand
 * row, which the API key hot path reads, keeps its shape.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    db.schema.alterTable('admins').addColumn('totp_secret', 'text'),
    db.schema.alterTable('admins').addColumn('totp_pending_secret', 'text'),
    db.schema.alterTable('admins').addColumn('totp_enabled_at', 'bigint'),
    db.schema.alterTable('admins').addColumn('totp_last_step', 'bigint'),
  ];
  // SQLite adds one column per ALTER TABLE.
  for (const statement of statements) await statement.execute();
  await db.schema
    .createTable('recovery_codes')
    .addColumn('admin_id', 'text', (c) => c.notNull().references('admins.id').onDelete('cascade'))
    .addColumn('code_digest', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['admin_id', 'code_digest'])
    .execute();
}
