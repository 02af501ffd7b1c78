import type { Executor } from '../../db/index.js';
import type { Role } from './roles.js';

export async function findRole(db: Executor, adminId: string, brandId: string): Promise<Role | undefined> {
  const row = await db.selectFrom('brand_members').select('role').where('brand_id', '=', brandId).where('admin_id', '=', adminId).executeTakeFirst();
  return row?.role;
}

/** The administrator's role in each brand they belong to, by brand id. */
export async function rolesOf(db: Executor, adminId: string): Promise<Map<string, Role>> {
  const rows = await db.selectFrom('brand_members').select(['brand_id', 'role']).where('admin_id', '=', adminId).execute();
  return new Map(rows.map((r) => [r.brand_id, r.role]));
}

/** Gives the administrator `role` in each brand (an existing membership keeps its role). */
export async function insertMembers(db: Executor, rows: { brand_id: string; admin_id: string; role: Role }[], now: number): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('brand_members')
    .values(rows.map((r) => ({ ...r, created_at: now })))
    .onConflict((oc) => oc.columns(['brand_id', 'admin_id']).doNothing())
    .execute();
}

export async function allBrandIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom('brands').select('id').execute()).map((r) => r.id);
}

export async function installationOwnerIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom('admins').select('id').where('installation_owner', '=', 1).execute()).map((r) => r.id);
}

export async function setInstallationOwner(db: Executor, adminId: string): Promise<void> {
  await db.updateTable('admins').set({ installation_owner: 1 }).where('id', '=', adminId).execute();
}
