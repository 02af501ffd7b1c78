import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { parseInput } from '../../lib/validation.js';
import { channelLabels, createChannelInput, updateChannelInput } from '../../modules/alerts/inputs.js';
import {
  createChannel,
  deleteChannel,
  listChannelViews,
  recentAlerts,
  sendTestAlert,
  updateChannel,
  type AlertDeliveryView,
  type ChannelView,
} from '../../modules/alerts/service.js';
import { channelEnv } from '../../modules/alerts/channels.js';
import { adminActor } from '../plugins/admin-session.js';

type ChannelParams = { Params: { id: string } };

/** `email_available`: whether this server has SMTP_URL, without which e-mail channels are refused. */
export type AlertChannelList = { channels: ChannelView[]; email_available: boolean };
export type RecentAlertList = { alerts: AlertDeliveryView[] };
export type TestAlertView = { outcome: string; http_status: number | null; error: string | null };

const empty = z.strictObject({});
const recentQuery = z.strictObject({
  limit: z.coerce.number({ error: 'Limit must be a number' }).int().min(1, 'Limit must be at least 1').max(200, 'Limit must be at most 200').default(50),
});

/**
 * Brand Settings → Alerts (PRODUCT.md §7): the brand's channels (settings sealed, shown masked), "Send test alert", and
 * the latest alerts with their outcome per channel.
 */
export async function alertRoutes(app: FastifyInstance, { db, appKey, config }: AppDeps) {
  const env = { ...channelEnv(config, 10_000), publicUrl: config.publicUrl };
  const createInput = createChannelInput(config.webhookAllowPrivate, config.smtpUrl !== undefined);

  app.get(
    '/brands/:brand/alert-channels',
    async (request): Promise<AlertChannelList> => ({
      channels: await listChannelViews(db, request.brand),
      email_available: config.smtpUrl !== undefined,
    }),
  );

  app.post('/brands/:brand/alert-channels', async (request, reply) => {
    const input = parseInput(createInput, request.body, channelLabels);
    const channel = await createChannel(db, appKey, request.brand, input, adminActor(request));
    return reply.code(201).header('Cache-Control', 'no-store').send({ channel });
  });

  app.patch<ChannelParams>('/brands/:brand/alert-channels/:id', async (request) => {
    const input = parseInput(updateChannelInput, request.body, channelLabels);
    return { channel: await updateChannel(db, appKey, request.brand, request.params.id, input, adminActor(request), config.webhookAllowPrivate) };
  });

  app.delete<ChannelParams>('/brands/:brand/alert-channels/:id', async (request, reply) => {
    await deleteChannel(db, request.brand, request.params.id, adminActor(request));
    return reply.code(204).send();
  });

  app.post<ChannelParams>('/brands/:brand/alert-channels/:id/test', async (request): Promise<TestAlertView> => {
    parseInput(empty, request.body);
    const r = await sendTestAlert(db, appKey, request.brand, request.params.id, adminActor(request), env);
    return { outcome: r.outcome, http_status: r.httpStatus, error: r.error };
  });

  app.get('/brands/:brand/alerts', async (request): Promise<RecentAlertList> => {
    const { limit } = parseInput(recentQuery, request.query);
    return { alerts: await recentAlerts(db, request.brand, limit) };
  });
}
