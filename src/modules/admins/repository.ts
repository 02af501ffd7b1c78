import type { Insertable } from '../../db/kysely.js';
import type { Executor } from '../../db/index.js';
import type { PasswordResetsTable, SessionsTable } from '../../db/schema.js';

export async function countAdmins(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('admins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findAdminByEmail(db: Executor, email: string) {
  return db.selectFrom('admins').select(['id', 'email', 'password_hash']).where('email', '=', email).executeTakeFirst();
}

export async function insertAdmin(
  db: Executor,
  row: { id: string; email: string; password_hash: string; created_at: number; last_sign_in_at: number | null; installation_owner: number },
): Promise<void> {
  await db.insertInto('admins').values(row).execute();
}

export async function isInstallationOwner(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('admins').select('installation_owner').where('id', '=', id).executeTakeFirst();
  return row?.installation_owner === 1;
}

export async function hasTwoFactor(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('admins').select('totp_enabled_at').where('id', '=', id).executeTakeFirst();
  return row?.totp_enabled_at != null;
}

export async function recordSignIn(db: Executor, id: string, at: number): Promise<void> {
  await db.updateTable('admins').set({ last_sign_in_at: at }).where('id', '=', id).execute();
}

export async function upsertSetting(db: Executor, name: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ name, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
    .execute();
}

export function findSetting(db: Executor, name: string): Promise<{ value: string } | undefined> {
  return db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
}

/** Guarded: deletes the setting only while it still holds `value`; 1 = this caller consumed it. */
export async function deleteSettingIfValue(db: Executor, name: string, value: string): Promise<number> {
  const result = await db.deleteFrom('settings').where('name', '=', name).where('value', '=', value).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertSession(db: Executor, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export function findSessionByDigest(db: Executor, tokenDigest: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('admins', 'admins.id', 'sessions.admin_id')
    .select([
      'admins.id',
      'admins.email',
      'admins.installation_owner',
      'admins.totp_enabled_at',
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_active_at',
    ])
    .where('sessions.token_digest', '=', tokenDigest)
    .executeTakeFirst();
}

export async function deleteSessionByDigest(db: Executor, tokenDigest: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_digest', '=', tokenDigest).execute();
}

/** Deletes sessions that ended at or before `now`; returns how many. */
export async function deleteExpiredSessions(db: Executor, now: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function listAdminEmails(db: Executor): Promise<{ email: string }[]> {
  return db.selectFrom('admins').select('email').execute();
}

/** Guarded: moves "last active" only forward, at most once a minute per session (one write, not one per request). */
export async function touchSession(db: Executor, id: string, now: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_active_at: now })
    .where('id', '=', id)
    .where('last_active_at', '<', now - 60_000)
    .execute();
}

/** The administrator's sessions that have not ended, most recently active first. */
export function listSessions(db: Executor, adminId: string, now: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'ip', 'user_agent', 'created_at', 'last_active_at', 'expires_at'])
    .where('admin_id', '=', adminId)
    .where('expires_at', '>', now)
    .orderBy('last_active_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Ends one of the administrator's sessions (never another administrator's); returns how many ended. */
export async function deleteSessionById(db: Executor, adminId: string, id: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('admin_id', '=', adminId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Ends every session of the administrator but `keepId` (none with null); returns how many ended. */
export async function deleteSessionsExcept(db: Executor, adminId: string, keepId: string | null): Promise<number> {
  let query = db.deleteFrom('sessions').where('admin_id', '=', adminId);
  if (keepId !== null) query = query.where('id', '<>', keepId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function findPasswordHash(db: Executor, id: string) {
  return db.selectFrom('admins').select(['email', 'password_hash']).where('id', '=', id).executeTakeFirst();
}

export async function setPasswordHash(db: Executor, id: string, passwordHash: string): Promise<void> {
  await db.updateTable('admins').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

export async function insertPasswordReset(db: Executor, row: Insertable<PasswordResetsTable>): Promise<void> {
  await db.insertInto('password_resets').values(row).execute();
}

export function findUsablePasswordReset(db: Executor, tokenDigest: string, now: number) {
  return db
    .selectFrom('password_resets')
    .innerJoin('admins', 'admins.id', 'password_resets.admin_id')
    .select(['admins.id', 'admins.email'])
    .where('password_resets.token_digest', '=', tokenDigest)
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', now)
    .executeTakeFirst();
}

/** Guarded: uses the reset link only while it is still usable; 1 = this caller used it. */
export async function markPasswordResetUsed(db: Executor, tokenDigest: string, now: number): Promise<number> {
  const result = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_digest', '=', tokenDigest)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A password change makes every other reset link of the administrator useless. */
export async function deletePasswordResets(db: Executor, adminId: string): Promise<void> {
  await db.deleteFrom('password_resets').where('admin_id', '=', adminId).execute();
}
