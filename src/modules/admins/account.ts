import argon2 from 'argon2';
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import { isoTime } from '../../lib/dates.js';
import { DuarError } from '../../lib/errors.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import * as repo from './repository.js';
import { password, type AdminView } from './service.js';

/**
 * A person's own account: their sessions, their password, a forgotten password
 * (PRODUCT.md §9, docs/decisions/082-invitations-sessions-resets.md). Account events belong to the installation, not a
 * brand: they are audited with brandId null, like sign-ins.
 */

/** A password reset link works once, for an hour. */
export const RESET_TTL_MS = 60 * 60 * 1000;

export const changePasswordInput = z.strictObject({ current_password: z.string().min(1).max(200), new_password: password });
export const resetRequestInput = z.strictObject({ email: z.string().trim().toLowerCase().max(254) });
export const resetInput = z.strictObject({ token: z.string().min(1).max(200), password });

export type SessionListItem = {
  id: string;
  /** A short name of the browser and system, from its User-Agent (`Firefox on Linux`). */
  browser: string;
  user_agent: string | null;
  ip: string | null;
  signed_in_at: string;
  last_active_at: string;
  expires_at: string;
  /** The session this request came with. */
  current: boolean;
};

export async function listSessions(db: Db, adminId: string, currentId: string, now: number): Promise<SessionListItem[]> {
  const rows = await repo.listSessions(db, adminId, now);
  return rows.map((r) => ({
    id: r.id,
    browser: browserName(r.user_agent),
    user_agent: r.user_agent,
    ip: r.ip,
    signed_in_at: isoTime(r.created_at),
    last_active_at: isoTime(r.last_active_at),
    expires_at: isoTime(r.expires_at),
    current: r.id === currentId,
  }));
}

/** Ends one of the administrator's own sessions; another administrator's session id answers like an unknown one. */
export async function revokeSession(db: Db, admin: AdminView, id: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if ((await repo.deleteSessionById(trx, admin.id, id)) !== 1)
      throw new DuarError('session_not_found', 'No session of yours with this id; it may have ended already');
    await recordAudit(trx, { brandId: null, actor, action: 'session.revoked', targetId: id, changes: { admin: admin.email } });
  });
}

/** "Sign out everywhere else": every session of the administrator but this one ends. */
export async function revokeOtherSessions(db: Db, admin: AdminView, currentId: string, actor: Actor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const ended = await repo.deleteSessionsExcept(trx, admin.id, currentId);
    await recordAudit(trx, { brandId: null, actor, action: 'session.others_revoked', targetId: admin.id, changes: { sessions_ended: ended } });
    return ended;
  });
}

const hash = (plain: string) => argon2.hash(plain, { type: argon2.argon2id });

/** Changes the password after checking the current one; every other session ends (one stolen cookie stops working). */
export async function changePassword(db: Db, admin: AdminView, input: z.output<typeof changePasswordInput>, currentId: string, actor: Actor): Promise<number> {
  const row = await repo.findPasswordHash(db, admin.id);
  if (!row || !(await argon2.verify(row.password_hash, input.current_password))) {
    throw new DuarError('wrong_password', 'The current password is not correct', { field: 'current_password' });
  }
  const newHash = await hash(input.new_password);
  return db.transaction().execute(async (trx) => {
    await repo.setPasswordHash(trx, admin.id, newHash);
    await repo.deletePasswordResets(trx, admin.id);
    const ended = await repo.deleteSessionsExcept(trx, admin.id, currentId);
    await recordAudit(trx, { brandId: null, actor, action: 'password.changed', targetId: admin.id, changes: { sessions_ended: ended } });
    return ended;
  });
}

/**
 * A reset link for the email's account, or null when there is none. The caller answers the same either way (and
 * sends the mail after answering), so neither the answer nor its timing says whether the email exists.
 */
export async function createPasswordReset(db: Db, email: string, now: number, ip: string | null): Promise<{ email: string; token: string } | null> {
  const admin = await repo.findAdminByEmail(db, email);
  if (!admin) return null;
  const token = randomToken(32);
  await db.transaction().execute(async (trx) => {
    await repo.insertPasswordReset(trx, { token_digest: sha256Hex(token), admin_id: admin.id, created_at: now, expires_at: now + RESET_TTL_MS, used_at: null });
    await recordAudit(trx, { brandId: null, actor: { label: admin.email, ip }, action: 'password.reset_requested', targetId: admin.id, changes: {} });
  });
  return { email: admin.email, token };
}

/**
 * Sets a new password with a reset link: used once (a guarded UPDATE), within its hour; every session of the account
 * ends. Two-factor sign-in stays on: the link replaces the password, not the second factor.
 */
export async function resetPassword(db: Db, input: z.output<typeof resetInput>, now: number, ip: string | null): Promise<AdminView> {
  const digest = sha256Hex(input.token);
  const found = await repo.findUsablePasswordReset(db, digest, now);
  const invalid = new DuarError('reset_link_invalid', 'This password reset link is not valid: it was used or is older than an hour. Ask for a new one');
  if (!found) throw invalid;
  const newHash = await hash(input.password);
  return db.transaction().execute(async (trx) => {
    if ((await repo.markPasswordResetUsed(trx, digest, now)) !== 1) throw invalid;
    await repo.setPasswordHash(trx, found.id, newHash);
    await repo.deletePasswordResets(trx, found.id);
    const ended = await repo.deleteSessionsExcept(trx, found.id, null);
    await recordAudit(trx, {
      brandId: null,
      actor: { label: found.email, ip },
      action: 'password.reset',
      targetId: found.id,
      changes: { sessions_ended: ended },
    });
    return { id: found.id, email: found.email };
  });
}

export function resetLink(publicUrl: string, token: string): string {
  // In the fragment, like invitation links: never in an access log or a Referer.
  return `${publicUrl}/admin/reset-password#${token}`;
}

export function resetEmail(link: string) {
  return {
    subject: 'Reset your Duar password',
    text: [
      'Someone (hopefully you) asked to reset the password of this Duar account.',
      '',
      'Open this link within an hour to choose a new password (it works once):',
      link,
      '',
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ].join('\n'),
  };
}

/** `Firefox on Linux` from a User-Agent; enough to tell one's own sessions apart. */
export function browserName(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browser =
    [
      [/Edg\//, 'Edge'],
      [/OPR\//, 'Opera'],
      [/Firefox\//, 'Firefox'],
      [/Chrom(e|ium)\//, 'Chrome'],
      [/Safari\//, 'Safari'],
      [/curl\//, 'curl'],
    ].find(([re]) => (re as RegExp).test(userAgent))?.[1] ?? 'Unknown browser';
  const system = [
    [/Android/, 'Android'],
    [/iPhone|iPad/, 'iOS'],
    [/Windows/, 'Windows'],
    [/Mac OS X|Macintosh/, 'macOS'],
    [/Linux/, 'Linux'],
  ].find(([re]) => (re as RegExp).test(userAgent))?.[1];
  return system ? `${browser} on ${system}` : String(browser);
}
