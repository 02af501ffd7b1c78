import type { Executor } from '../../db/index.js';

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

export async function insertSession(
  db: Executor,
  row: { token_digest: string; admin_id: string; csrf_token: string; created_at: number; expires_at: number; ip: string | null },
): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export function findSessionByDigest(db: Executor, tokenDigest: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('admins', 'admins.id', 'sessions.admin_id')
    .select(['admins.id', 'admins.email', 'admins.installation_owner', 'admins.totp_enabled_at', 'sessions.csrf_token', 'sessions.expires_at'])
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
