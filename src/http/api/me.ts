import type { FastifyRequest } from 'fastify';
import { toDayMonthYear } from '../../lib/dates.js';

/** GET /api/me — what the calling key is and may do. */
export async function me(request: FastifyRequest) {
  const { apiKey, brand } = request;
  return {
    status: true,
    brand: { slug: brand.slug, name: brand.name },
    api_key: {
      id: apiKey.id,
      name: apiKey.name,
      abilities: apiKey.abilities,
      expires_at: apiKey.expiresOn ? toDayMonthYear(apiKey.expiresOn) : null,
      mode: apiKey.mode,
    },
  };
}
