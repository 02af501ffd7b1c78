import { z } from 'zod';
import type { Db, Executor } from '../../db/index.js';
import { httpUrl } from '../../lib/urls.js';
import { optionalField } from '../../lib/validation.js';
import { recordAudit, type Actor } from '../audit/audit.js';

/**
 * Brand Settings → Webhooks: the brand's default webhook URL (PRODUCT.md §6). A payment made through a payment link or
 * an invoice whose own `webhook_url` is empty sends its IPN here. It is read when the payment is created and stored on
 * it, like an API checkout's webhook_url, so a later change applies to new payments only.
 */

export const defaultWebhookInput = z.strictObject({ default_url: optionalField(httpUrl('default_url')) }, { error: 'the request body must be a JSON object' });
export const defaultWebhookLabels = { default_url: 'Default webhook URL' };

export async function defaultWebhookUrl(db: Executor, brandId: string): Promise<string | null> {
  const row = await db.selectFrom('brand_webhook_settings').select('default_url').where('brand_id', '=', brandId).executeTakeFirst();
  return row?.default_url ?? null;
}

/** Sets (or with null clears) the default URL; audited with its old and new value. */
export async function setDefaultWebhookUrl(db: Db, brandId: string, url: string | null, actor: Actor): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const before = await defaultWebhookUrl(trx, brandId);
    if (before === url) return url;
    const now = Date.now();
    await trx
      .insertInto('brand_webhook_settings')
      .values({ brand_id: brandId, default_url: url, updated_at: now })
      .onConflict((oc) => oc.column('brand_id').doUpdateSet({ default_url: url, updated_at: now }))
      .execute();
    await recordAudit(trx, { brandId, actor, action: 'webhook.default_url_set', targetId: brandId, changes: { default_url: { from: before, to: url } } });
    return url;
  });
}
