import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.js';
import { parseInput } from '../../lib/validation.js';
import { recordAudit } from '../../modules/audit/audit.js';
import { getSigningSecret, rotateSigningSecret, type SigningSecret } from '../../modules/webhooks/index.js';
import { adminActor } from '../plugins/admin-session.js';

const rotateInput = z.strictObject({});

const secretView = (s: SigningSecret) => ({ secret: s.secret, created_at: new Date(s.createdAt).toISOString() });

/** Brand Settings → Webhooks: the brand's Standard Webhooks signing secret (IPN signatures), viewed or rotated. */
export async function webhookRoutes(app: FastifyInstance, { db, appKey }: AppDeps) {
  app.get('/brands/:brand/webhook-secret', async (request, reply) => {
    const secret = await getSigningSecret(db, appKey, request.brand.id);
    return reply.header('Cache-Control', 'no-store').send(secretView(secret));
  });

  app.post('/brands/:brand/webhook-secret/rotate', async (request, reply) => {
    parseInput(rotateInput, request.body);
    const secret = await db.transaction().execute(async (trx) => {
      const rotated = await rotateSigningSecret(trx, appKey, request.brand.id);
      await recordAudit(trx, { brandId: request.brand.id, actor: adminActor(request), action: 'webhook_secret.rotated', targetId: request.brand.id, changes: {} });
      return rotated;
    });
    return reply.header('Cache-Control', 'no-store').send(secretView(secret));
  });
}
