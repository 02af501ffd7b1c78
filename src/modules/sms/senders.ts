import { z } from 'zod';
import type { Executor } from '../../db/index.js';
import { DEFAULT_SENDER_IDS, isSmsProvider, PROVIDER_LABELS, SMS_PROVIDERS, type SmsProvider } from './providers.js';

/** A brand's sender IDs per provider: its own list where it saved one, else the defaults. */
export async function getSenderIds(db: Executor, brandId: string): Promise<Record<SmsProvider, string[]>> {
  const rows = await db.selectFrom('sms_senders').select(['provider', 'sender_ids']).where('brand_id', '=', brandId).execute();
  const out = { ...DEFAULT_SENDER_IDS } as Record<SmsProvider, string[]>;
  for (const row of rows) if (isSmsProvider(row.provider)) out[row.provider] = JSON.parse(row.sender_ids) as string[];
  return out;
}

const senderList = (provider: SmsProvider) => z.array(z.string().trim().min(1).max(40)).max(10, `${provider} may have at most 10 sender IDs`);
export const updateSendersInput = z.strictObject(
  Object.fromEntries(SMS_PROVIDERS.map((p) => [p, senderList(p).optional()])) as Record<SmsProvider, z.ZodOptional<ReturnType<typeof senderList>>>,
);

/** The dashboard's names for the fields: "bKash" for the list, "bKash sender ID 2" for one entry of it. */
export const SENDER_LABELS: Record<string, string> = Object.fromEntries(
  SMS_PROVIDERS.flatMap((p) => [
    [p, PROVIDER_LABELS[p]] as const,
    ...Array.from({ length: 10 }, (_, i) => [`${p}.${i}`, `${PROVIDER_LABELS[p]} sender ID ${i + 1}`] as const),
  ]),
);

/** Saves the given providers' lists; an empty list switches a provider off for this brand. */
export async function setSenderIds(db: Executor, brandId: string, input: Partial<Record<SmsProvider, string[]>>): Promise<Record<SmsProvider, string[]>> {
  const now = Date.now();
  for (const provider of SMS_PROVIDERS) {
    const list = input[provider];
    if (!list) continue;
    const row = { brand_id: brandId, provider, sender_ids: JSON.stringify([...new Set(list)]), updated_at: now };
    await db
      .insertInto('sms_senders')
      .values(row)
      .onConflict((oc) => oc.columns(['brand_id', 'provider']).doUpdateSet({ sender_ids: row.sender_ids, updated_at: now }))
      .execute();
  }
  return getSenderIds(db, brandId);
}
