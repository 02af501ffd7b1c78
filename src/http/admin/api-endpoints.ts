import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { abilityInfos } from '../../modules/api-keys/abilities.js';
import { endpointUrl, endpoints, type Endpoint } from '../endpoints.js';

/** One row of "Show API Endpoints": the full URL for this brand and a usage example with it filled in. */
function endpointView(e: Endpoint, url: string) {
  return { operation: e.operation, method: e.method, url, ability: e.ability, description: e.description, usage: e.usage.replace('<url>', url) };
}
export type EndpointView = ReturnType<typeof endpointView>;
/** "Show API Endpoints": the brand's base URL and every endpoint under it. */
export type EndpointList = { base_url: string; endpoints: EndpointView[] };

/** "Show API Endpoints", from the same catalogue that registers the routes; and the abilities the key form offers. */
export async function apiEndpointRoutes(app: FastifyInstance, { config }: AppDeps) {
  app.get(
    '/brands/:brand/api-endpoints',
    async (request): Promise<EndpointList> => ({
      base_url: `${config.publicUrl}/${request.brand.slug}`,
      endpoints: endpoints.map((e) => endpointView(e, endpointUrl(config.publicUrl, request.brand.slug, e))),
    }),
  );

  app.get('/abilities', async () => ({ abilities: abilityInfos }));
}
