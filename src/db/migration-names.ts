import type { Db } from './index.js';

/**
 * Every migration's name, in order (src/db/migrate.ts holds the migrations under these names; the compiler keeps the two
 * lists equal; a restore refuses a database with others: src/modules/backups/restore.ts). Apart from them so a command
 * can see the database is up to date without loading Kysely's migrator and every migration, which cost more than most
 * commands do (ADR 043).
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
  // Kysely's Migrator orders the known names by sort() and the applied ones by the time each was applied, ties by
  // localeCompare, and refuses when they differ. Once the applied ones are exactly the known ones, that is: no one was
  // applied before the one ahead of it (localeCompare orders these names as sort() does: test/first-start.test.ts).
  // Without the sort, nothing here loads ICU's collator, which costs as much as the rest of this check.
  const known = [...migrationNames].sort();
  const at = new Map(applied.map((m) => [m.name, new Date(m.timestamp).getTime()]));
  return applied.length === known.length && known.every((name, i) => at.has(name) && (i === 0 || at.get(name)! >= at.get(known[i - 1]!)!));
}
