import argon2 from 'argon2';
import { z } from 'zod';
import type { Db, Executor } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { randomToken, safeEqual, sha256Hex } from '../../lib/crypto.js';
import * as repo from './repository.js';
import { recordAudit } from '../audit/audit.js';
import { makeInstallationOwner } from '../team/service.js';
import { nameDefaultBrand, shopName } from '../brands/service.js';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const SETUP_TOKEN_SETTING = 'setup_token_digest';

export const email = z.email({ message: 'email must be an email address such as admin@example.com' }).trim().toLowerCase().max(254);
export const password = z.string().min(10, 'password must have at least 10 characters').max(200);
export const credentialsInput = z.strictObject({
  email,
  password: z.string().min(1).max(200),
  /** With two-factor on: the current 6-digit code, or a recovery code. */
  code: z.string().trim().max(40).optional(),
});
/** `shop_name` names the default brand (what customers read on the checkout); the dashboard's setup form asks for it. */
export const setupInput = z.strictObject({ token: z.string().min(1).max(200), email, password, shop_name: shopName.optional() });

export type AdminView = { id: string; email: string };

export { countAdmins, deleteExpiredSessions, listAdminEmails } from './repository.js';

/** Creates an administrator; the installation's first becomes its owner (every brand, and alone creates brands). */
export async function createAdmin(db: Executor, input: { email: string; password: string }): Promise<AdminView> {
  const existing = await repo.findAdminByEmail(db, input.email);
  if (existing) throw new DuarError('email_taken', `An administrator with email ${input.email} already exists`, { field: 'email' });
  const first = (await repo.countAdmins(db)) === 0;
  const admin = { id: newId('adm'), email: input.email };
  await repo.insertAdmin(db, {
    ...admin,
    password_hash: await argon2.hash(input.password, { type: argon2.argon2id }),
    created_at: Date.now(),
    last_sign_in_at: null,
    installation_owner: 0,
  });
  if (first) await makeInstallationOwner(db, admin.id);
  return admin;
}

// Verified against when the email is unknown, so timing does not reveal which emails exist.
const decoyHash = argon2.hash(randomToken(), { type: argon2.argon2id });

export async function verifyCredentials(db: Executor, input: { email: string; password: string }): Promise<AdminView> {
  const row = await repo.findAdminByEmail(db, input.email);
  const ok = await argon2.verify(row?.password_hash ?? (await decoyHash), input.password);
  if (!row || !ok) throw new DuarError('invalid_credentials', 'The email or password is not correct');
  await repo.recordSignIn(db, row.id, Date.now());
  return { id: row.id, email: row.email };
}

/** A new setup token replaces any earlier one; only its digest is stored. */
export async function issueSetupToken(db: Executor): Promise<string> {
  const token = randomToken(24);
  const value = sha256Hex(token);
  await repo.upsertSetting(db, SETUP_TOKEN_SETTING, value);
  return token;
}

/** Creates the first administrator with the one-time token; two racing requests cannot both succeed. */
export async function completeSetup(db: Db, input: z.output<typeof setupInput>): Promise<AdminView> {
  return db.transaction().execute(async (trx) => {
    if ((await repo.countAdmins(trx)) > 0) throw new DuarError('setup_already_done', 'Duar already has an administrator; sign in instead');
    const stored = await repo.findSetting(trx, SETUP_TOKEN_SETTING);
    if (!stored || !safeEqual(sha256Hex(input.token), stored.value)) {
      throw new DuarError('setup_token_invalid', 'The setup token is not valid; use the one the server printed on start, or run `duar admin setup-token`', {
        field: 'token',
      });
    }
    if ((await repo.deleteSettingIfValue(trx, SETUP_TOKEN_SETTING, stored.value)) !== 1)
      throw new DuarError('setup_token_invalid', 'The setup token was already used', { field: 'token' });
    const admin = await createAdmin(trx, input);
    if (input.shop_name) await nameDefaultBrand(trx, input.shop_name, { label: admin.email, ip: null });
    return admin;
  });
}

export type Session = {
  admin: AdminView;
  csrfToken: string;
  expiresAt: number;
  /** The installation's first administrator: owns every brand and alone creates brands. */
  installationOwner: boolean;
  /** Two-factor sign-in is on for this administrator. */
  twoFactor: boolean;
};

export async function createSession(db: Executor, admin: AdminView, ip: string | null): Promise<{ token: string; session: Session }> {
  const token = randomToken(32);
  const now = Date.now();
  const session = {
    admin,
    csrfToken: randomToken(24),
    expiresAt: now + SESSION_TTL_MS,
    installationOwner: await repo.isInstallationOwner(db, admin.id),
    twoFactor: await repo.hasTwoFactor(db, admin.id),
  };
  await repo.insertSession(db, {
    token_digest: sha256Hex(token),
    admin_id: admin.id,
    csrf_token: session.csrfToken,
    created_at: now,
    expires_at: session.expiresAt,
    ip,
  });
  return { token, session };
}

export async function findSession(db: Executor, token: string, now = Date.now()): Promise<Session | null> {
  const row = await repo.findSessionByDigest(db, sha256Hex(token));
  if (!row || row.expires_at <= now) return null;
  return {
    admin: { id: row.id, email: row.email },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    installationOwner: row.installation_owner === 1,
    twoFactor: row.totp_enabled_at !== null,
  };
}

export async function deleteSession(db: Executor, token: string): Promise<void> {
  await repo.deleteSessionByDigest(db, sha256Hex(token));
  await repo.deleteExpiredSessions(db, Date.now());
}

// Sign-ins belong to the installation, not a brand: brandId null shows them in every brand's audit log.

/** Signs an administrator in: the session and its audit entry commit together. */
export async function startSession(db: Db, admin: AdminView, ip: string | null): Promise<{ token: string; session: Session }> {
  return db.transaction().execute(async (trx) => {
    const created = await createSession(trx, admin, ip);
    await recordAudit(trx, { brandId: null, actor: { label: admin.email, ip }, action: 'session.signed_in', targetId: admin.id, changes: {} });
    return created;
  });
}

/** A refused sign-in is audited with the email tried, never the password. */
export async function recordFailedSignIn(db: Executor, email: string, ip: string | null): Promise<void> {
  await recordAudit(db, { brandId: null, actor: { label: email, ip }, action: 'session.sign_in_failed', targetId: email, changes: { email } });
}

/** Signs out: the session ends and the audit entry is written together. */
export async function endSession(db: Db, token: string, admin: AdminView, ip: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deleteSession(trx, token);
    await recordAudit(trx, { brandId: null, actor: { label: admin.email, ip }, action: 'session.signed_out', targetId: admin.id, changes: {} });
  });
}
