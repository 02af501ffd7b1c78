import { type ExpressionBuilder, type Insertable, PostgresAdapter } from '../../db/kysely.js';
import type { Executor } from '../../db/index.js';
import type { Database, InvitationsTable } from '../../db/schema.js';
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

/** The brand's members with their accounts, owners first, then by when they joined. */
export function listMembers(db: Executor, brandId: string) {
  return db
    .selectFrom('brand_members')
    .innerJoin('admins', 'admins.id', 'brand_members.admin_id')
    .select([
      'admins.id',
      'admins.email',
      'brand_members.role',
      'brand_members.created_at',
      'admins.last_sign_in_at',
      'admins.totp_enabled_at',
      'admins.installation_owner',
    ])
    .where('brand_members.brand_id', '=', brandId)
    .orderBy('brand_members.created_at')
    .orderBy('admins.email')
    .execute();
}

export function findMember(db: Executor, brandId: string, adminId: string) {
  return db
    .selectFrom('brand_members')
    .innerJoin('admins', 'admins.id', 'brand_members.admin_id')
    .select(['admins.id', 'admins.email', 'admins.installation_owner', 'brand_members.role'])
    .where('brand_members.brand_id', '=', brandId)
    .where('brand_members.admin_id', '=', adminId)
    .executeTakeFirst();
}

/**
 * Locks the brand's memberships until the transaction ends, so the "another owner" guard below reads what is really
 * there: two owners demoting or removing each other at once run one after the other. On PostgreSQL (READ COMMITTED)
 * each UPDATE would otherwise see the other owner in its own snapshot, and both would pass; rows are locked in one
 * order, so two such transactions wait instead of deadlocking. SQLite has one writer at a time: its transaction holds
 * the database's write lock from its first write, and Kysely runs one transaction at a time on the connection.
 * docs/decisions/083-team-screens-and-owner-lock.md.
 */
export async function lockMemberships(db: Executor, brandId: string): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await db.selectFrom('brand_members').select('admin_id').where('brand_id', '=', brandId).orderBy('admin_id').forUpdate().execute();
}

/**
 * Guarded: changes the role only while the brand keeps another owner if this member is one; 0 rows = the last owner.
 * Call it after lockMemberships in the same transaction: the guard alone is not a lock.
 */
export async function updateRoleKeepingAnOwner(db: Executor, brandId: string, adminId: string, role: Role): Promise<number> {
  let query = db.updateTable('brand_members').set({ role }).where('brand_id', '=', brandId).where('admin_id', '=', adminId);
  if (role !== 'owner') query = query.where((eb) => eb.or([eb('role', '<>', 'owner'), anotherOwner(eb, brandId, adminId)]));
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Guarded like updateRoleKeepingAnOwner: 0 rows = the last owner (or no such member). */
export async function deleteMemberKeepingAnOwner(db: Executor, brandId: string, adminId: string): Promise<number> {
  const result = await db
    .deleteFrom('brand_members')
    .where('brand_id', '=', brandId)
    .where('admin_id', '=', adminId)
    .where((eb) => eb.or([eb('role', '<>', 'owner'), anotherOwner(eb, brandId, adminId)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

function anotherOwner(eb: ExpressionBuilder<Database, 'brand_members'>, brandId: string, adminId: string) {
  return eb.exists(
    eb.selectFrom('brand_members as o').select('o.admin_id').where('o.brand_id', '=', brandId).where('o.role', '=', 'owner').where('o.admin_id', '<>', adminId),
  );
}

export async function insertInvitation(db: Executor, row: Insertable<InvitationsTable>): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

/** Pending invitations of the brand (not accepted, not expired at `now`), newest first, with who sent them. */
export function listPendingInvitations(db: Executor, brandId: string, now: number) {
  return db
    .selectFrom('invitations')
    .leftJoin('admins', 'admins.id', 'invitations.invited_by')
    .select(['invitations.id', 'invitations.email', 'invitations.role', 'invitations.created_at', 'invitations.expires_at', 'admins.email as invited_by'])
    .where('invitations.brand_id', '=', brandId)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.expires_at', '>', now)
    .orderBy('invitations.created_at', 'desc')
    .execute();
}

/** Withdraws the brand's unaccepted invitations for `email` (a new one replaces them), or the one with `id`. */
export async function deletePendingInvitations(db: Executor, brandId: string, by: { email: string } | { id: string }): Promise<number> {
  let query = db.deleteFrom('invitations').where('brand_id', '=', brandId).where('accepted_at', 'is', null);
  query = 'email' in by ? query.where('email', '=', by.email) : query.where('id', '=', by.id);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A usable invitation: not accepted and not expired at `now`. */
export function findUsableInvitation(db: Executor, tokenDigest: string, now: number) {
  return db
    .selectFrom('invitations')
    .innerJoin('brands', 'brands.id', 'invitations.brand_id')
    .select([
      'invitations.id',
      'invitations.brand_id',
      'invitations.email',
      'invitations.role',
      'invitations.expires_at',
      'brands.name as brand_name',
      'brands.slug as brand_slug',
    ])
    .where('invitations.token_digest', '=', tokenDigest)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.expires_at', '>', now)
    .executeTakeFirst();
}

/** Guarded: marks the invitation used only while it is still usable; 1 = this caller used it. */
export async function markInvitationAccepted(db: Executor, id: string, now: number): Promise<number> {
  const result = await db
    .updateTable('invitations')
    .set({ accepted_at: now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
