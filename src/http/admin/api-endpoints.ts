import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { ABILITIES, abilityDescriptions } from '../../modules/api-keys/abilities.js';
import { endpointUrl, endpoints } from '../endpoints.js';

/** "Show API Endpoints", from the same catalogue that registers the routes; and the abilities the key form offers. */
export async function apiEndpointRoutes(app: FastifyInstance, { config }: AppDeps) {
  app.get('/brands/:brand/api-endpoints', async (request) => ({
    base_url: `${config.publicUrl}/${request.brand.slug}`,
    endpoints: endpoints.map((e) => {
      const url = endpointUrl(config.publicUrl, request.brand.slug, e);
      return {
        operation: e.operation,
        method: e.method,
        url,
        ability: e.ability,
        description: e.description,
        usage: e.usage.replace('<url>', url),
      };
    }),
  }));

  app.get('/abilities', async () => ({ abilities: ABILITIES.map((name) => ({ name, description: abilityDescriptions[name] })) }));
}
