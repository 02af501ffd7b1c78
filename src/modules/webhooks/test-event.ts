import type { Executor } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { newId } from '../../lib/ids.js';
import { getSigningSecret, signedHeaders } from './secrets.js';
import { checkWebhookUrl, postWebhook, type SendResult } from './send.js';

/**
 * "Send test event" on Brand Settings → Webhooks: one signed `test` event to an address the merchant types, sent at once
 * and not stored or retried. It goes through the same address guard as every IPN (src/modules/webhooks/address-guard.ts),
 * so the dashboard cannot be used to reach private addresses. Each one sent is audited: who, to which host (not the path,
 * which may carry a token) and what came back.
 */
export async function sendTestEvent(
  db: Executor,
  appKey: Buffer,
  brandId: string,
  url: string,
  actor: Actor,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<SendResult> {
  const checked = checkWebhookUrl(url, options.allowPrivate);
  if ('refused' in checked) throw new DuarError('webhook_url_refused', `This address is not accepted: ${checked.refused}`, { field: 'url' });
  const id = newId('evt');
  const timestamp = new Date();
  const body = JSON.stringify({ event: 'test', message: 'A test event from your Duar dashboard. No payment changed.', sent_at: timestamp.toISOString() });
  const { secret } = await getSigningSecret(db, appKey, brandId);
  const result = await postWebhook(url, signedHeaders(secret, id, timestamp, body), body, options);
  const changes = { url_host: new URL(url).host, outcome: result.outcome, http_status: result.httpStatus };
  await recordAudit(db, { brandId, actor, action: 'webhook.test_sent', targetId: brandId, changes });
  return result;
}
