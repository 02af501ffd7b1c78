import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { abilityInfos } from '../../modules/api-keys/abilities.js';
import { endpointUrl, endpoints, integrationUrl, integrations, type Endpoint } from '../endpoints.js';

/** One row of "Show API Endpoints": the full URL for this brand and a usage example with it filled in. */
function endpointView(e: Endpoint, url: string) {
  return { operation: e.operation, method: e.method, url, ability: e.ability, description: e.description, usage: e.usage.replace('<url>', url) };
}
export type EndpointView = ReturnType<typeof endpointView>;
/** One plugin or SDK and what to type into each of its URL settings for this brand (notes use `code` marks). */
type IntegrationView = { name: string; settings: { label: string; url: string }[]; note: string };
/** "Show API Endpoints": what each plugin or SDK takes, and every endpoint. */
export type EndpointList = { integrations: IntegrationView[]; endpoints: EndpointView[] };

/** "Show API Endpoints", from the same catalogue that registers the routes; and the abilities the key form offers. */
export async function apiEndpointRoutes(app: FastifyInstance, { config }: AppDeps) {
  app.get(
    '/brands/:brand/api-endpoints',
    async (request): Promise<EndpointList> => ({
      integrations: integrations.map((i) => ({
        name: i.name,
        settings: i.settings.map((s) => ({ label: s.label, url: integrationUrl(config.publicUrl, request.brand.slug, s) })),
        note: i.note,
      })),
      endpoints: endpoints.map((e) => endpointView(e, endpointUrl(config.publicUrl, request.brand.slug, e))),
    }),
  );

  app.get('/abilities', async () => ({ abilities: abilityInfos }));
}
