import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { isoTime } from '../../lib/dates.js';
import { parseInput } from '../../lib/validation.js';
import { deliveryPaymentId, listBrandDeliveries, type BrandDeliveryView } from '../../modules/webhooks/service.js';
import type { SendResult } from '../../modules/webhooks/send.js';
import { getSigningSecret, rotateBrandSigningSecret, type SigningSecret } from '../../modules/webhooks/secrets.js';
import { sendTestEvent } from '../../modules/webhooks/test-event.js';
import { assertWebhookUrlAllowed } from '../../modules/webhooks/service.js';
import { resendIpn } from '../../modules/payments/decisions.js';
import { getBrandPayment } from '../../modules/payments/lookup.js';
import { adminActor } from '../plugins/admin-session.js';
import { defaultWebhookInput, defaultWebhookLabels, defaultWebhookUrl, setDefaultWebhookUrl } from '../../modules/webhooks/default-url.js';

const rotateInput = z.strictObject({});

export type WebhookSettings = { default_url: string | null };
export type BrandDeliveryList = { deliveries: BrandDeliveryView[]; page: number; per_page: number; total: number };

const deliveriesQuery = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed'], { error: 'Status must be pending, delivered or failed' }).optional(),
  page: z.coerce.number({ error: 'Page must be a number' }).int().min(1, 'Page must be at least 1').default(1),
  per_page: z.coerce.number({ error: 'Per page must be a number' }).int().min(1).max(100, 'Per page must be at most 100').default(25),
});

const testEventInput = z.strictObject({
  url: z
    .string({ error: 'Enter the address to send the test event to' })
    .trim()
    .min(1, 'Enter the address to send the test event to')
    .max(2000, 'The address must be at most 2000 characters'),
});

const secretView = (s: SigningSecret) => ({ secret: s.secret, created_at: isoTime(s.createdAt) });
export type SigningSecretView = ReturnType<typeof secretView>;

/** The answer to "Send test event": how the address answered, or why nothing was sent. */
const testEventView = (r: SendResult) => ({
  outcome: r.outcome,
  http_status: r.httpStatus,
  error: r.error,
  response_excerpt: r.responseExcerpt,
  duration_ms: r.durationMs,
});
export type TestEventView = ReturnType<typeof testEventView>;

/**
 * Brand Settings → Webhooks: the brand's Standard Webhooks signing secret (IPN signatures), viewed or rotated; the
 * brand's IPN deliveries with their attempts, "Resend" (the payment's current state, as Send IPN) and "Send test event".
 */
export async function webhookRoutes(app: FastifyInstance, { db, appKey, config }: AppDeps) {
  app.get('/brands/:brand/webhook-deliveries', async (request) => {
    const query = parseInput(deliveriesQuery, request.query);
    const { deliveries, total } = await listBrandDeliveries(db, request.brand.id, { status: query.status, page: query.page, perPage: query.per_page });
    const answer: BrandDeliveryList = { deliveries, page: query.page, per_page: query.per_page, total };
    return answer;
  });

  app.post<{ Params: { id: string } }>('/brands/:brand/webhook-deliveries/:id/resend', async (request, reply) => {
    parseInput(rotateInput, request.body);
    const paymentId = await deliveryPaymentId(db, request.brand.id, request.params.id);
    const payment = await getBrandPayment(db, request.brand, paymentId);
    await resendIpn(db, request.brand, payment, adminActor(request));
    return reply.code(202).send({ queued: true });
  });

  app.post('/brands/:brand/webhook-test', async (request) => {
    const { url } = parseInput(testEventInput, request.body);
    const options = { allowPrivate: config.webhookAllowPrivate, timeoutMs: 10_000 };
    return testEventView(await sendTestEvent(db, appKey, request.brand.id, url, adminActor(request), options));
  });

  /** Where link and invoice payments send their IPN when the link or invoice names no webhook_url. */
  app.get('/brands/:brand/webhook-settings', async (request): Promise<WebhookSettings> => ({ default_url: await defaultWebhookUrl(db, request.brand.id) }));

  app.patch('/brands/:brand/webhook-settings', async (request): Promise<WebhookSettings> => {
    const { default_url } = parseInput(defaultWebhookInput, request.body, defaultWebhookLabels);
    if (default_url) assertWebhookUrlAllowed(default_url, config, 'default_url', defaultWebhookLabels.default_url);
    return { default_url: await setDefaultWebhookUrl(db, request.brand.id, default_url, adminActor(request)) };
  });

  app.get('/brands/:brand/webhook-secret', async (request, reply) => {
    const secret = await getSigningSecret(db, appKey, request.brand.id);
    return reply.header('Cache-Control', 'no-store').send(secretView(secret));
  });

  app.post('/brands/:brand/webhook-secret/rotate', async (request, reply) => {
    parseInput(rotateInput, request.body);
    const secret = await rotateBrandSigningSecret(db, appKey, request.brand.id, adminActor(request));
    return reply.header('Cache-Control', 'no-store').send(secretView(secret));
  });
}
