import type { Executor } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import * as repo from './repository.js';
import { allows, type Permission, type Role } from './roles.js';

export { rolesOf } from './repository.js';

/**
 * The administrator's role in the brand, checked against the permission. A brand they do not belong to answers exactly
 * like a brand that does not exist (404 `brand_not_found`), so a member of one brand cannot learn another's slugs.
 */
export async function authorize(db: Executor, adminId: string, brand: { id: string; slug: string }, permission: Permission): Promise<Role> {
  const role = await repo.findRole(db, adminId, brand.id);
  if (!role) throw new DuarError('brand_not_found', `No brand with slug "${brand.slug}"`);
  if (!allows(role, permission)) {
    throw new DuarError('forbidden', `Your role in this brand (${role}) does not allow this; ask an owner of the brand`);
  }
  return role;
}

/** Gives the administrator a role in the brand (an existing membership keeps its role). */
export async function addMember(db: Executor, adminId: string, brandId: string, role: Role): Promise<void> {
  await repo.insertMembers(db, [{ brand_id: brandId, admin_id: adminId, role }], Date.now());
}

/** Makes the administrator owner of every brand that exists now (the first administrator; `duar admin create`). */
export async function ownEveryBrand(db: Executor, adminId: string): Promise<void> {
  const brandIds = await repo.allBrandIds(db);
  await repo.insertMembers(
    db,
    brandIds.map((brand_id) => ({ brand_id, admin_id: adminId, role: 'owner' as const })),
    Date.now(),
  );
}

/** The installation's first administrator: owner of every brand, now and later, and the only one who creates brands. */
export async function makeInstallationOwner(db: Executor, adminId: string): Promise<void> {
  await repo.setInstallationOwner(db, adminId);
  await ownEveryBrand(db, adminId);
}

/** A new brand belongs to the installation owner. */
export async function addBrandOwners(db: Executor, brandId: string): Promise<void> {
  const owners = await repo.installationOwnerIds(db);
  await repo.insertMembers(
    db,
    owners.map((admin_id) => ({ brand_id: brandId, admin_id, role: 'owner' as const })),
    Date.now(),
  );
}
