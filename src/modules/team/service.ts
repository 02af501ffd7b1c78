import { z } from 'zod';
import type { Db, Executor } from '../../db/index.js';
import { isoTime } from '../../lib/dates.js';
import { DuarError } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import * as repo from './repository.js';
import { allows, ROLES, type Permission, type Role } from './roles.js';

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

export const roleInput = z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` });
export const changeRoleInput = z.strictObject({ role: roleInput });

/** A member as the Team page shows them: never a password, secret or session. */
export type MemberView = {
  id: string;
  email: string;
  role: Role;
  joined_at: string;
  last_sign_in_at: string | null;
  two_factor: boolean;
  /** The installation's first administrator: owns every brand; their role cannot be changed or removed. */
  installation_owner: boolean;
};

export async function listMembers(db: Executor, brandId: string): Promise<MemberView[]> {
  const rows = await repo.listMembers(db, brandId);
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    joined_at: isoTime(r.created_at),
    last_sign_in_at: r.last_sign_in_at === null ? null : isoTime(r.last_sign_in_at),
    two_factor: r.totp_enabled_at !== null,
    installation_owner: r.installation_owner === 1,
  }));
}

/** The member, or 404 `member_not_found` (also for an administrator of another brand: nothing about them is told). */
async function memberOf(db: Executor, brandId: string, adminId: string) {
  const member = await repo.findMember(db, brandId, adminId);
  if (!member) throw new DuarError('member_not_found', 'No member with this id in this brand');
  if (member.installation_owner === 1) {
    throw new DuarError('installation_owner_fixed', `${member.email} set up this installation and owns every brand; their role cannot be changed or removed`);
  }
  return member;
}

const lastOwner = () => new DuarError('last_owner', 'A brand needs an owner: make another member owner first');

/** Changes a member's role; never leaves the brand without an owner. Audited with the role before and after. */
export async function changeRole(db: Db, brandId: string, adminId: string, role: Role, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.lockMemberships(trx, brandId);
    const member = await memberOf(trx, brandId, adminId);
    if (member.role === role) return;
    if ((await repo.updateRoleKeepingAnOwner(trx, brandId, adminId, role)) !== 1) throw lastOwner();
    await recordAudit(trx, {
      brandId,
      actor,
      action: 'team.role_changed',
      targetId: adminId,
      changes: { email: member.email, role: { from: member.role, to: role } },
    });
  });
}

/** Removes a member from the brand (their account stays, with their other brands); never the last owner. */
export async function removeMember(db: Db, brandId: string, adminId: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.lockMemberships(trx, brandId);
    const member = await memberOf(trx, brandId, adminId);
    if ((await repo.deleteMemberKeepingAnOwner(trx, brandId, adminId)) !== 1) throw lastOwner();
    await recordAudit(trx, { brandId, actor, action: 'team.member_removed', targetId: adminId, changes: { email: member.email, role: member.role } });
  });
}

/**
 * `duar team add`: gives an existing administrator a role in the brand, or changes the role they have (never the last
 * owner's, never the installation owner's). Audited.
 */
export async function setMembership(
  db: Db,
  brandId: string,
  admin: { id: string; email: string },
  role: Role,
  actor: Actor,
): Promise<'added' | 'changed' | 'unchanged'> {
  const existing = await repo.findRole(db, admin.id, brandId);
  if (existing) {
    if (existing === role) return 'unchanged';
    await changeRole(db, brandId, admin.id, role, actor);
    return 'changed';
  }
  await db.transaction().execute(async (trx) => {
    await repo.insertMembers(trx, [{ brand_id: brandId, admin_id: admin.id, role }], Date.now());
    await recordAudit(trx, { brandId, actor, action: 'team.member_added', targetId: admin.id, changes: { email: admin.email, role } });
  });
  return 'added';
}
