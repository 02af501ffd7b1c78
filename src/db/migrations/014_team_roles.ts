import { type Kysely, sql } from '../kysely.js';

/**
 * Roles per brand (PRODUCT.md §9, docs/decisions/080-route-permission-table.md):
 * - `brand_members`: an administrator's role in one brand (`owner` | `admin` | `manager` | `viewer`).
 * - `admins.installation_owner`: 1 for the installation's first administrator, who owns every brand and alone creates brands.
 * Nobody loses access on upgrade: every existing administrator becomes owner of every existing brand, and the earliest
 * created one the installation owner.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('brand_members')
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('admin_id', 'text', (c) => c.notNull().references('admins.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('brand_members_pk', ['brand_id', 'admin_id'])
    .execute();
  await db.schema.createIndex('brand_members_admin_idx').on('brand_members').columns(['admin_id', 'brand_id']).execute();
  await db.schema
    .alterTable('admins')
    .addColumn('installation_owner', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await sql`INSERT INTO brand_members (brand_id, admin_id, role, created_at)
            SELECT brands.id, admins.id, 'owner', ${Date.now()} FROM brands CROSS JOIN admins`.execute(db);
  await sql`UPDATE admins SET installation_owner = 1
            WHERE id = (SELECT id FROM admins ORDER BY created_at, id LIMIT 1)`.execute(db);
}
