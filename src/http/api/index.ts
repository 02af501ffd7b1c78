import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { endpoints, type Operation } from '../endpoints.js';
import { apiKeyAuth } from '../plugins/api-key-auth.js';
import type { AppDeps } from '../../app.js';
import { me } from './me.js';

/** One handler per operation of the endpoint catalogue. */
const handlers: Record<Operation, RouteHandlerMethod> = {
  me,
};

/** Registers every catalogue endpoint at its path and under the `/{brand-slug}` prefix. */
export async function publicApi(app: FastifyInstance, deps: AppDeps) {
  app.addHook('onRequest', apiKeyAuth(deps));
  for (const endpoint of endpoints) {
    for (const url of [endpoint.path, `/:brandSlug${endpoint.path}`]) {
      app.route({
        method: endpoint.method,
        url,
        config: { ability: endpoint.ability, errorStyle: endpoint.errorStyle },
        handler: handlers[endpoint.operation],
      });
    }
  }
}
