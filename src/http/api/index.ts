import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { endpoints, type Endpoint, type Operation } from '../endpoints.js';
import { apiKeyAuth } from '../plugins/api-key-auth.js';
import type { AppDeps } from '../deps.js';
import { me } from './me.js';
import { createCheckout, variantOf } from './create-checkout.js';
import { verifyPayment } from './verify-payment.js';
import { refundPayment } from './refund-payment.js';
import { successBodies } from './responses.js';
import { createInvoice } from './create-invoice.js';
import { getInvoice } from './get-invoice.js';

/** The handler of each operation of the endpoint catalogue, given the endpoint (create-checkout's path names its variant). */
const handlers = (deps: AppDeps): Record<Operation, (endpoint: Endpoint) => RouteHandlerMethod> => {
  const verify = verifyPayment(deps);
  const refund = refundPayment(deps);
  return {
    me: () => me,
    'create-checkout': (endpoint) => createCheckout(deps, variantOf(endpoint.path)),
    'verify-payment': () => verify,
    'refund-payment': () => refund,
    'create-invoice': () => createInvoice(deps),
    'get-invoice': () => getInvoice(deps) as RouteHandlerMethod,
  };
};

/** Registers every catalogue endpoint at its path and under the `/{brand-slug}` prefix. */
export async function publicApi(app: FastifyInstance, deps: AppDeps) {
  app.addHook('onRequest', apiKeyAuth(deps));
  const handler = handlers(deps);
  for (const endpoint of endpoints) {
    const handle = handler[endpoint.operation](endpoint);
    for (const url of [endpoint.path, `/:brandSlug${endpoint.path}`]) {
      app.route({
        method: endpoint.method,
        url,
        config: { ability: endpoint.ability, errorStyle: endpoint.errorStyle },
        // Compiled into the route's serializer for its 200 answers (responses.ts); errors keep their own path.
        schema: { response: { 200: successBodies[endpoint.operation] } },
        handler: handle,
      });
    }
  }
}
