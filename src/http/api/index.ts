import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { endpoints, type Operation } from '../endpoints.js';
import { apiKeyAuth } from '../plugins/api-key-auth.js';
import type { AppDeps } from '../deps.js';
import { me } from './me.js';
import { createCheckout } from './create-checkout.js';
import { verifyPayment } from './verify-payment.js';
import { refundPayment } from './refund-payment.js';
import { successBodies } from './responses.js';

/** One handler per operation of the endpoint catalogue. */
const handlers = (deps: AppDeps): Record<Operation, RouteHandlerMethod> => ({
  me,
  'create-checkout': createCheckout(deps),
  'verify-payment': verifyPayment(deps),
  'refund-payment': refundPayment(deps),
});

/** Registers every catalogue endpoint at its path and under the `/{brand-slug}` prefix. */
export async function publicApi(app: FastifyInstance, deps: AppDeps) {
  app.addHook('onRequest', apiKeyAuth(deps));
  const handler = handlers(deps);
  for (const endpoint of endpoints) {
    for (const url of [endpoint.path, `/:brandSlug${endpoint.path}`]) {
      app.route({
        method: endpoint.method,
        url,
        config: { ability: endpoint.ability, errorStyle: endpoint.errorStyle },
        // Compiled into the route's serializer for its 200 answers (responses.ts); errors keep their own path.
        schema: { response: { 200: successBodies[endpoint.operation] } },
        handler: handler[endpoint.operation],
      });
    }
  }
}
