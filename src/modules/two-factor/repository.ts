import type { Executor } from '../../db/index.js';

export function findTwoFactor(db: Executor, adminId: string) {
  return db
    .selectFrom('admins')
    .select(['id', 'email', 'totp_secret', 'totp_pending_secret', 'totp_enabled_at', 'totp_last_step'])
    .where('id', '=', adminId)
    .executeTakeFirst();
}

export async function setPendingSecret(db: Executor, adminId: string, sealed: string): Promise<void> {
  await db.updateTable('admins').set({ totp_pending_secret: sealed }).where('id', '=', adminId).execute();
}

/** Guarded: turns two-factor on only while the confirmed pending secret is still the one enrolled. */
export async function enable(db: Executor, adminId: string, sealed: string, step: number, now: number): Promise<number> {
  const result = await db
    .updateTable('admins')
    .set({ totp_secret: sealed, totp_pending_secret: null, totp_enabled_at: now, totp_last_step: step })
    .where('id', '=', adminId)
    .where('totp_pending_secret', '=', sealed)
    .where('totp_enabled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function disable(db: Executor, adminId: string): Promise<void> {
  await db
    .updateTable('admins')
    .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null })
    .where('id', '=', adminId)
    .execute();
  await db.deleteFrom('recovery_codes').where('admin_id', '=', adminId).execute();
}

/** Guarded: accepts the step only if it is later than every step accepted before (a code is used once); 1 = accepted. */
export async function claimStep(db: Executor, adminId: string, step: number): Promise<number> {
  const result = await db
    .updateTable('admins')
    .set({ totp_last_step: step })
    .where('id', '=', adminId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function replaceRecoveryCodes(db: Executor, adminId: string, digests: string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('admin_id', '=', adminId).execute();
  await db
    .insertInto('recovery_codes')
    .values(digests.map((code_digest) => ({ admin_id: adminId, code_digest, used_at: null })))
    .execute();
}

/** Guarded: marks an unused recovery code used; 1 = this caller used it. */
export async function useRecoveryCode(db: Executor, adminId: string, digest: string, now: number): Promise<number> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('admin_id', '=', adminId)
    .where('code_digest', '=', digest)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function unusedRecoveryCodes(db: Executor, adminId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('admin_id', '=', adminId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const requirementSetting = (brandId: string) => `require_two_factor:${brandId}`;

export async function isRequired(db: Executor, brandId: string): Promise<boolean> {
  return (await db.selectFrom('settings').select('value').where('name', '=', requirementSetting(brandId)).executeTakeFirst()) !== undefined;
}

export async function setRequired(db: Executor, brandId: string, required: boolean): Promise<void> {
  if (!required) {
    await db.deleteFrom('settings').where('name', '=', requirementSetting(brandId)).execute();
    return;
  }
  await db
    .insertInto('settings')
    .values({ name: requirementSetting(brandId), value: '1' })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}
