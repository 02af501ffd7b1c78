import { randomBytes } from 'node:crypto';
import type { Executor } from '../../db/index.js';
import { decrypt, encrypt } from '../../lib/crypto.js';

/** A brand's Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. Only the view/rotate routes show it. */
export type SigningSecret = { secret: string; createdAt: number };

function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

async function readSecret(db: Executor, appKey: Buffer, brandId: string): Promise<SigningSecret | null> {
  const row = await db.selectFrom('webhook_secrets').selectAll().where('brand_id', '=', brandId).executeTakeFirst();
  return row ? { secret: decrypt(appKey, row.secret_ciphertext), createdAt: row.created_at } : null;
}

/** The brand's secret, created on first use. Two processes creating it at once agree on one (insert-or-ignore, then read). */
export async function getSigningSecret(db: Executor, appKey: Buffer, brandId: string): Promise<SigningSecret> {
  const existing = await readSecret(db, appKey, brandId);
  if (existing) return existing;
  await db
    .insertInto('webhook_secrets')
    .values({ brand_id: brandId, secret_ciphertext: encrypt(appKey, generateSecret()), created_at: Date.now() })
    .onConflict((oc) => oc.column('brand_id').doNothing())
    .execute();
  return (await readSecret(db, appKey, brandId))!;
}

/** Replaces the brand's secret; deliveries sent from now on (also retries of older ones) are signed with the new one. */
export async function rotateSigningSecret(db: Executor, appKey: Buffer, brandId: string): Promise<SigningSecret> {
  const value = { secret_ciphertext: encrypt(appKey, generateSecret()), created_at: Date.now() };
  await db
    .insertInto('webhook_secrets')
    .values({ brand_id: brandId, ...value })
    .onConflict((oc) => oc.column('brand_id').doUpdateSet(value))
    .execute();
  return (await readSecret(db, appKey, brandId))!;
}
