import { randomInt } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Db, Executor } from '../../db/index.js';
import { decrypt, encrypt, sha256Hex } from '../../lib/crypto.js';
import { DuarError } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import * as repo from './repository.js';

/** RFC 6238 as authenticator apps expect it (PRODUCT.md §9): SHA-1, 6 digits, 30-second steps. */
export const TOTP_PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** A code of the previous or the next step is accepted too (clocks drift; typing takes time). */
const WINDOW = 1;
const RECOVERY_CODES = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export const codeInput = z.strictObject({ code: z.string().trim().min(1, 'code is required').max(40) });

/** The step the code is valid for at `now` (± one step), or null. */
export function matchingStep(secretBase32: string, code: string, now: number): number | null {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secretBase32), ...TOTP_PARAMETERS });
  const delta = totp.validate({ token: code, timestamp: now, window: WINDOW });
  return delta === null ? null : Math.floor(now / 1000 / TOTP_PARAMETERS.period) + delta;
}

/** `xxxxx-xxxxx` from an alphabet without look-alikes (about 49 bits). */
function recoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}
const recoveryDigest = (code: string) => sha256Hex(code.toLowerCase().replace(/[^a-z0-9]/g, ''));

const wrongCode = () =>
  new DuarError('invalid_two_factor_code', 'The code is not correct or was already used; enter the current code from your app or an unused recovery code', {
    field: 'code',
  });

async function account(db: Executor, adminId: string) {
  const row = await repo.findTwoFactor(db, adminId);
  if (!row) throw new DuarError('admin_not_found', 'No such administrator');
  return row;
}

/** Starts (or restarts) enrolment: a new secret, shown as an otpauth URL and its QR code; nothing changes until confirmed. */
export async function startEnrolment(db: Executor, appKey: Buffer, adminId: string) {
  const row = await account(db, adminId);
  if (row.totp_enabled_at !== null) throw new DuarError('two_factor_already_on', 'Two-factor sign-in is already on; turn it off first to enrol again');
  const secret = new OTPAuth.Secret({ size: 20 });
  await repo.setPendingSecret(db, adminId, encrypt(appKey, secret.base32));
  const url = new OTPAuth.TOTP({ issuer: 'Duar', label: row.email, secret, ...TOTP_PARAMETERS }).toString();
  return { otpauth_url: url, qr_code: await QRCode.toDataURL(url, { margin: 1, width: 240 }), secret: secret.base32 };
}

/** Confirms enrolment with a current code: two-factor is on, and the 10 recovery codes are returned this once. */
export async function confirmEnrolment(db: Db, appKey: Buffer, adminId: string, code: string, now: number, actor: Actor): Promise<string[]> {
  const row = await account(db, adminId);
  if (row.totp_enabled_at !== null) throw new DuarError('two_factor_already_on', 'Two-factor sign-in is already on');
  if (!row.totp_pending_secret) throw new DuarError('two_factor_not_started', 'Start enrolment first (POST /admin/api/me/two-factor)');
  const step = matchingStep(decrypt(appKey, row.totp_pending_secret), code, now);
  if (step === null) throw wrongCode();
  const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
  return db.transaction().execute(async (trx) => {
    if ((await repo.enable(trx, adminId, row.totp_pending_secret!, step, now)) !== 1)
      throw new DuarError('two_factor_already_on', 'Two-factor sign-in is already on');
    await repo.replaceRecoveryCodes(trx, adminId, codes.map(recoveryDigest));
    await recordAudit(trx, { brandId: null, actor, action: 'two_factor.enabled', targetId: adminId, changes: {} });
    return codes;
  });
}

/**
 * Checks a second factor: a 6-digit code of the current step (never one accepted before) or an unused recovery code,
 * which is used up. Throws 401 `invalid_two_factor_code` otherwise.
 */
export async function verifySecondFactor(db: Executor, appKey: Buffer, adminId: string, code: string, now: number, actor: Actor): Promise<void> {
  const row = await account(db, adminId);
  if (!row.totp_secret) throw wrongCode();
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed)) {
    const step = matchingStep(decrypt(appKey, row.totp_secret), trimmed, now);
    if (step !== null && (await repo.claimStep(db, adminId, step)) === 1) return;
    throw wrongCode();
  }
  if ((await repo.useRecoveryCode(db, adminId, recoveryDigest(trimmed), now)) !== 1) throw wrongCode();
  await recordAudit(db, {
    brandId: null,
    actor,
    action: 'two_factor.recovery_code_used',
    targetId: adminId,
    changes: { left: await repo.unusedRecoveryCodes(db, adminId) },
  });
}

/** Turns two-factor off, with a current code or a recovery code; the recovery codes go with it. */
export async function turnOff(db: Db, appKey: Buffer, adminId: string, code: string, now: number, actor: Actor): Promise<void> {
  await verifySecondFactor(db, appKey, adminId, code, now, actor);
  await db.transaction().execute(async (trx) => {
    await repo.disable(trx, adminId);
    await recordAudit(trx, { brandId: null, actor, action: 'two_factor.disabled', targetId: adminId, changes: {} });
  });
}

export async function twoFactorState(db: Executor, adminId: string) {
  const row = await account(db, adminId);
  return { enabled: row.totp_enabled_at !== null, recovery_codes_left: row.totp_enabled_at === null ? 0 : await repo.unusedRecoveryCodes(db, adminId) };
}

export async function hasTwoFactor(db: Executor, adminId: string): Promise<boolean> {
  return (await account(db, adminId)).totp_enabled_at !== null;
}

export { isRequired as isTwoFactorRequired } from './repository.js';

/** The brand's "require two-factor for everyone" switch. */
export async function setTwoFactorRequired(db: Db, brandId: string, required: boolean, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.isRequired(trx, brandId);
    if (before === required) return;
    await repo.setRequired(trx, brandId, required);
    await recordAudit(trx, { brandId, actor, action: 'brand.updated', targetId: brandId, changes: { require_two_factor: { from: before, to: required } } });
  });
}
