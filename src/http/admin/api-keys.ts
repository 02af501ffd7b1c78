import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { parseInput } from '../../lib/validation.js';
import { createKeyInput, keyFormLabels, refuseKeyValue, rollKeyInput, updateKeyInput } from '../../modules/api-keys/inputs.js';
import { createApiKey, deleteApiKey, getApiKey, listApiKeyViews, rollApiKey, updateApiKey } from '../../modules/api-keys/service.js';
import { keyView, type KeyView } from '../../modules/api-keys/view.js';
import { keyUsage, type UsageDay } from '../../modules/api-keys/usage.js';
import { z } from 'zod';
import { adminActor } from '../plugins/admin-session.js';

type KeyParams = { Params: { id: string } };

/** The answers, as the dashboard reads them. `KeyCreated` (create, roll) is the only one with the key's value. */
export type ApiKeyList = { api_keys: KeyView[] };
export type KeyAnswer = { api_key: KeyView };
export type KeyCreated = { api_key: KeyView; key: string };
export type KeyUsageAnswer = { api_key_id: string; days: UsageDay[] };

/** Brand Settings → API Settings. The create response is the only one that ever carries a key's value. */
const usageQuery = z.strictObject({
  days: z.coerce
    .number({ error: 'days must be a number from 1 to 90' })
    .int('days must be a whole number from 1 to 90')
    .min(1, 'days must be at least 1')
    .max(90, 'days must be at most 90 (usage is kept for 90 days)')
    .default(30),
});

export async function apiKeyRoutes(app: FastifyInstance, { db, appKey, usage, now }: AppDeps) {
  app.get('/brands/:brand/api-keys', async (request): Promise<ApiKeyList> => ({ api_keys: await listApiKeyViews(db, request.brand, now()) }));

  app.post('/brands/:brand/api-keys', async (request, reply) => {
    refuseKeyValue(request.body);
    const input = parseInput(createKeyInput, request.body, keyFormLabels);
    const created = await createApiKey(db, appKey, request.brand, input, adminActor(request));
    return reply
      .code(201)
      .header('Cache-Control', 'no-store')
      .send({ api_key: created.apiKey, key: created.key } satisfies KeyCreated);
  });

  app.get<KeyParams>(
    '/brands/:brand/api-keys/:id',
    async (request): Promise<KeyAnswer> => ({
      api_key: keyView(await getApiKey(db, request.brand, request.params.id), request.brand, now()),
    }),
  );

  app.patch<KeyParams>('/brands/:brand/api-keys/:id', async (request): Promise<KeyAnswer> => {
    refuseKeyValue(request.body);
    const input = parseInput(updateKeyInput, request.body, keyFormLabels);
    return { api_key: await updateApiKey(db, request.brand, request.params.id, input, adminActor(request)) };
  });

  // A new key with the same settings, shown once like a created one; the old one works until the grace period ends.
  app.post<KeyParams>('/brands/:brand/api-keys/:id/roll', async (request, reply) => {
    const { grace } = parseInput(rollKeyInput, request.body);
    const rolled = await rollApiKey(db, appKey, request.brand, request.params.id, grace, adminActor(request), now());
    return reply
      .code(201)
      .header('Cache-Control', 'no-store')
      .send({ api_key: rolled.apiKey, key: rolled.key } satisfies KeyCreated);
  });

  app.get<KeyParams>('/brands/:brand/api-keys/:id/usage', async (request): Promise<KeyUsageAnswer> => {
    const { days } = parseInput(usageQuery, request.query);
    const key = await getApiKey(db, request.brand, request.params.id);
    // This instance's counts not yet written are included; other instances' arrive within their flush interval.
    await usage.flush(db);
    return { api_key_id: key.id, days: await keyUsage(db, key.id, request.brand.timezone, days, now()) };
  });

  app.delete<KeyParams>('/brands/:brand/api-keys/:id', async (request, reply) => {
    await deleteApiKey(db, request.brand, request.params.id, adminActor(request));
    return reply.code(204).send();
  });
}
