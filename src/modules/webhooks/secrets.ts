import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Db, Executor } from '../../db/index.js';
import { decrypt, encrypt } from '../../lib/crypto.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import * as repo from './repository.js';

/** A brand's Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. Only the view/rotate routes show it. */
export type SigningSecret = { secret: string; createdAt: number };

function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

async function readSecret(db: Executor, appKey: Buffer, brandId: string): Promise<SigningSecret | null> {
  const row = await repo.findSecret(db, brandId);
  return row ? { secret: decrypt(appKey, row.secret_ciphertext), createdAt: row.created_at } : null;
}

/** The brand's secret, created on first use. Two processes creating it at once agree on one (insert-or-ignore, then read). */
export async function getSigningSecret(db: Executor, appKey: Buffer, brandId: string): Promise<SigningSecret> {
  const existing = await readSecret(db, appKey, brandId);
  if (existing) return existing;
  await repo.insertSecretIfAbsent(db, { brand_id: brandId, secret_ciphertext: encrypt(appKey, generateSecret()), created_at: Date.now() });
  return (await readSecret(db, appKey, brandId))!;
}

/** Replaces the brand's secret; deliveries sent from now on (also retries of older ones) are signed with the new one. */
export async function rotateSigningSecret(db: Executor, appKey: Buffer, brandId: string): Promise<SigningSecret> {
  await repo.upsertSecret(db, { brand_id: brandId, secret_ciphertext: encrypt(appKey, generateSecret()), created_at: Date.now() });
  return (await readSecret(db, appKey, brandId))!;
}

/** Rotate from the dashboard: the new secret and its audit entry commit together. */
export async function rotateBrandSigningSecret(db: Db, appKey: Buffer, brandId: string, actor: Actor): Promise<SigningSecret> {
  return db.transaction().execute(async (trx) => {
    const rotated = await rotateSigningSecret(trx, appKey, brandId);
    await recordAudit(trx, { brandId, actor, action: 'webhook_secret.rotated', targetId: brandId, changes: {} });
    return rotated;
  });
}

/** The Standard Webhooks headers of one signed request (IPN or test event); `timestamp` is real time, not a test clock. */
export function signedHeaders(secret: string, id: string, timestamp: Date, body: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'Duar-Webhooks/1',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, timestamp, body),
  };
}
