import { z } from 'zod';
import type { Db, Executor } from '../../db/index.js';
import { isoTime } from '../../lib/dates.js';
import { DuarError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { parseInput } from '../../lib/validation.js';
import { createAdmin, email, findAdminId, password, verifyCredentials, type AdminView } from '../admins/service.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import * as repo from './repository.js';
import { roleInput } from './service.js';
import type { Role } from './roles.js';

/** An invitation link works for 7 days and once (PRODUCT.md §9). */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const inviteInput = z.strictObject({ email, role: roleInput });
export const acceptInput = z.strictObject({ token: z.string().min(1).max(200), password: z.string().min(1).max(200) });

/** A pending invitation as the Team page lists it: never its token. */
export type InvitationView = { id: string; email: string; role: Role; invited_by: string | null; created_at: string; expires_at: string };

export async function listInvitations(db: Executor, brandId: string, now: number): Promise<InvitationView[]> {
  const rows = await repo.listPendingInvitations(db, brandId, now);
  return rows.map((r) => ({ ...r, created_at: isoTime(r.created_at), expires_at: isoTime(r.expires_at) }));
}

/**
 * Invites `email` to the brand with `role`. The token is returned this once (for the link) and stored as SHA-256; an
 * earlier pending invitation of the same email to the brand is withdrawn, so only the newest link works.
 */
export async function createInvitation(
  db: Db,
  brandId: string,
  input: z.output<typeof inviteInput>,
  inviter: AdminView,
  actor: Actor,
  now: number,
): Promise<{ invitation: InvitationView; token: string }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findAdminId(trx, input.email);
    if (existing && (await repo.findRole(trx, existing, brandId))) {
      throw new DuarError('already_member', `${input.email} is already a member of this brand; change their role instead`, { field: 'email' });
    }
    await repo.deletePendingInvitations(trx, brandId, { email: input.email });
    const token = randomToken(32);
    const row = {
      id: newId('inv'),
      brand_id: brandId,
      email: input.email,
      role: input.role,
      token_digest: sha256Hex(token),
      invited_by: inviter.id,
      created_at: now,
      expires_at: now + INVITATION_TTL_MS,
      accepted_at: null,
    };
    await repo.insertInvitation(trx, row);
    await recordAudit(trx, { brandId, actor, action: 'team.invited', targetId: row.id, changes: { email: input.email, role: input.role } });
    const invitation = {
      id: row.id,
      email: row.email,
      role: row.role,
      invited_by: inviter.email,
      created_at: isoTime(row.created_at),
      expires_at: isoTime(row.expires_at),
    };
    return { invitation, token };
  });
}

/** Withdraws a pending invitation; its link stops working. */
export async function revokeInvitation(db: Db, brandId: string, id: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if ((await repo.deletePendingInvitations(trx, brandId, { id })) !== 1) throw invalid();
    await recordAudit(trx, { brandId, actor, action: 'team.invitation_revoked', targetId: id, changes: {} });
  });
}

const invalid = () =>
  new DuarError(
    'invitation_invalid',
    'This invitation link is not valid: it was used, withdrawn or is older than 7 days. Ask an owner of the brand for a new one',
  );

/** What the invitation page shows before accepting: the brand, the email, the role, and whether the account exists. */
export async function previewInvitation(db: Executor, token: string, now: number) {
  const found = await repo.findUsableInvitation(db, sha256Hex(token), now);
  if (!found) throw invalid();
  return {
    brand: { name: found.brand_name, slug: found.brand_slug },
    email: found.email,
    role: found.role,
    expires_at: isoTime(found.expires_at),
    /** true: accepting asks for the account's password; false: accepting sets one. */
    account_exists: (await findAdminId(db, found.email)) !== undefined,
  };
}

/**
 * Accepts an invitation: a new account is created with the password given (at least 10 characters); an existing
 * account proves itself with its password. The link is used once (a guarded UPDATE), within its 7 days. It does not sign
 * in: the person signs in next, with two-factor if their account has it.
 */
export async function acceptInvitation(
  db: Db,
  input: z.output<typeof acceptInput>,
  now: number,
  ip: string | null,
): Promise<{ admin: AdminView; brand: { slug: string; name: string }; role: Role }> {
  const found = await repo.findUsableInvitation(db, sha256Hex(input.token), now);
  if (!found) throw invalid();
  return db.transaction().execute(async (trx) => {
    const existing = await findAdminId(trx, found.email);
    const admin = existing
      ? await verifyCredentials(trx, { email: found.email, password: input.password })
      : await createAdmin(trx, { email: found.email, password: parseInput(password, input.password) });
    if ((await repo.markInvitationAccepted(trx, found.id, now)) !== 1) throw invalid();
    await repo.insertMembers(trx, [{ brand_id: found.brand_id, admin_id: admin.id, role: found.role }], now);
    await recordAudit(trx, {
      brandId: found.brand_id,
      actor: { label: admin.email, ip },
      action: 'team.joined',
      targetId: admin.id,
      changes: { email: admin.email, role: found.role, invitation: found.id },
    });
    return { admin, brand: { slug: found.brand_slug, name: found.brand_name }, role: found.role };
  });
}

export function invitationLink(publicUrl: string, token: string): string {
  // The token rides in the fragment: browsers never send it to a server, so it is in no access log or Referer.
  return `${publicUrl}/admin/invitation#${token}`;
}

export function invitationEmail(brandName: string, role: Role, inviter: string, link: string) {
  return {
    subject: `You are invited to ${brandName} on Duar`,
    text: [
      `${inviter} invites you to the team of ${brandName} on Duar, as ${role}.`,
      '',
      'Open this link within 7 days to accept (it works once):',
      link,
      '',
      'If you did not expect this, ignore this email.',
    ].join('\n'),
  };
}
