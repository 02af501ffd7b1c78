import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.js';
import { parseInput } from '../../lib/validation.js';
import {
  createApiKey,
  createKeyInput,
  deleteApiKey,
  getApiKey,
  keyFormLabels,
  keyView,
  listApiKeyViews,
  refuseKeyValue,
  updateApiKey,
  updateKeyInput,
} from '../../modules/api-keys/service.js';
import { adminActor } from '../plugins/admin-session.js';

type KeyParams = { Params: { id: string } };

/** Brand Settings → API Settings. The create response is the only one that ever carries a key's value. */
export async function apiKeyRoutes(app: FastifyInstance, { db, appKey }: AppDeps) {
  app.get('/brands/:brand/api-keys', async (request) => ({ api_keys: await listApiKeyViews(db, request.brand) }));

  app.post('/brands/:brand/api-keys', async (request, reply) => {
    refuseKeyValue(request.body);
    const input = parseInput(createKeyInput, request.body, keyFormLabels);
    const created = await createApiKey(db, appKey, request.brand, input, adminActor(request));
    return reply.code(201).header('Cache-Control', 'no-store').send({ api_key: created.apiKey, key: created.key });
  });

  app.get<KeyParams>('/brands/:brand/api-keys/:id', async (request) => ({
    api_key: keyView(await getApiKey(db, request.brand, request.params.id), request.brand),
  }));

  app.patch<KeyParams>('/brands/:brand/api-keys/:id', async (request) => {
    refuseKeyValue(request.body);
    const input = parseInput(updateKeyInput, request.body, keyFormLabels);
    return { api_key: await updateApiKey(db, request.brand, request.params.id, input, adminActor(request)) };
  });

  app.delete<KeyParams>('/brands/:brand/api-keys/:id', async (request, reply) => {
    await deleteApiKey(db, request.brand, request.params.id, adminActor(request));
    return reply.code(204).send();
  });
}
