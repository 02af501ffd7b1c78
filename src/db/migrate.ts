import { Migrator, type Migration } from './kysely.js';
import type { Db } from './index.js';
import type { MigrationName } from './migration-names.js';
import * as m001 from './migrations/001_api_settings.js';
import * as m002 from './migrations/002_payments.js';
import * as m003 from './migrations/003_webhooks.js';
import * as m005 from './migrations/005_refund_recovery.js';
import * as m006 from './migrations/006_sandbox_off_and_installation_audit.js';
import * as m007 from './migrations/007_devices_sms.js';
import * as m009 from './migrations/009_key_lifecycle.js';
import * as m010 from './migrations/010_payment_search.js';
import * as m011 from './migrations/011_audit_filters.js';
import * as m012 from './migrations/012_currencies_fees_limits.js';
import * as m013 from './migrations/013_alerts.js';
import * as m014 from './migrations/014_team_roles.js';
import * as m015 from './migrations/015_export_indexes.js';
import * as m016 from './migrations/016_two_factor.js';
import * as m017 from './migrations/017_team_invitations_sessions.js';
import * as m018 from './migrations/018_payment_links.js';
import * as m020 from './migrations/020_customer_pages.js';
import * as m021 from './migrations/021_overview_indexes.js';
import * as m022 from './migrations/022_test_sms.js';
import * as m023 from './migrations/023_payment_order_numbers.js';
import * as m025 from './migrations/025_invoices.js';
import * as m026 from './migrations/026_invoice_emails.js';
import * as m028 from './migrations/028_refund_failure.js';
import * as m029 from './migrations/029_link_bangla.js';

/**
 * Every migration, in order, under the names src/db/migration-names.ts lists (`satisfies` refuses one missing or extra).
 * One set serves SQLite and PostgreSQL (test/upgrade.test.ts upgrades data through each).
 */
export const migrations: Record<string, Migration> = {
  '001_api_settings': m001,
  '002_payments': m002,
  '003_webhooks': m003,
  '005_refund_recovery': m005,
  '006_sandbox_off_and_installation_audit': m006,
  '007_devices_sms': m007,
  '009_key_lifecycle': m009,
  '010_payment_search': m010,
  '011_audit_filters': m011,
  '012_currencies_fees_limits': m012,
  '013_alerts': m013,
  '014_team_roles': m014,
  '015_export_indexes': m015,
  '016_two_factor': m016,
  '017_team_invitations_sessions': m017,
  '018_payment_links': m018,
  '020_customer_pages': m020,
  '021_overview_indexes': m021,
  '022_test_sms': m022,
  '023_payment_order_numbers': m023,
  '025_invoices': m025,
  '026_invoice_emails': m026,
  '028_refund_failure': m028,
  '029_link_bangla': m029,
} satisfies Record<MigrationName, Migration>;

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations this version has that the database has not applied yet (for GET /ready). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  return (await migrator.getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}
