import type { Db } from './index.js';

/**
 * Every migration's name, in order (src/db/migrate.ts holds the migrations under these names; the compiler keeps the two
 * lists equal; a restore refuses a database with others: src/modules/backups/restore.ts). Apart from them so a command can see the database is up to date without loading Kysely's migrator and
 * every migration, which cost more than most commands do (ADR 043).
 */
export const migrationNames = [
  '001_api_settings',
  '002_payments',
  '003_webhooks',
  '005_refund_recovery',
  '006_sandbox_off_and_installation_audit',
  '007_devices_sms',
  '009_key_lifecycle',
  '010_payment_search',
  '011_audit_filters',
  '012_currencies_fees_limits',
  '013_alerts',
  '014_team_roles',
  '015_export_indexes',
  '016_two_factor',
  '017_team_invitations_sessions',
  '018_payment_links',
  '020_customer_pages',
  '021_overview_indexes',
  '022_test_sms',
  '023_payment_order_numbers',
  '025_invoices',
  '026_invoice_emails',
  '028_refund_failure',
  '029_link_bangla',
] as const;

export type MigrationName = (typeof migrationNames)[number];

/**
 * True when the database has applied exactly this version's migrations, in this order, so migrating would do nothing.
 * Anything else (no migration table yet, one pending, one this version does not know, an order Kysely refuses, a
 * failed read) is false: the caller then runs Kysely's migrator, which applies, refuses or fails as it always has.
 * The order is the one Kysely checks: by the time each was applied, then by name (Kysely's Migrator).
 */
export async function allMigrationsApplied(db: Db): Promise<boolean> {
  let applied: { name: string; timestamp: string }[];
  try {
    applied = await db
      .withTables<{ kysely_migration: { name: string; timestamp: string } }>()
      .selectFrom('kysely_migration')
      .select(['name', 'timestamp'])
      .execute();
  } catch {
    return false;
  }
  applied.sort((a, b) => (a.timestamp === b.timestamp ? a.name.localeCompare(b.name) : new Date(a.timestamp).getTime() - new Date(b.timestamp).getTime()));
  const known = [...migrationNames].sort();
  return applied.length === known.length && applied.every((m, i) => m.name === known[i]);
}
