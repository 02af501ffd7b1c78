import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';
import { endpoints } from './endpoints.js';

/** OpenAPI 3.1 description of the public API, built from the endpoint catalogue. */
export function openApiDocument(publicUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    paths[`/{brand}${e.path}`] ??= {};
    paths[`/{brand}${e.path}`]![e.method.toLowerCase()] = {
      operationId: `${e.operation}:${e.path}`,
      summary: e.description,
      description: `Needs ${e.ability ? `a key with the ability \`${e.ability}\`` : 'any valid key'}. Also served without the brand prefix.`,
      parameters: [{ name: 'brand', in: 'path', required: true, schema: { type: 'string' }, description: 'Brand slug' }],
      security: [{ uddoktapayKey: [] }, { apiKeyHeader: [] }, { bearer: [] }],
      responses: {
        '200': { description: 'Success' },
        '401': { description: 'Missing, invalid, inactive or expired key', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        '403': { description: 'The key lacks the ability', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        '429': { description: 'Too many failed requests from this address' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Duar payment API', version: '1', description: 'Wire-compatible with the UddoktaPay API.' },
    servers: [{ url: publicUrl }],
    paths,
    components: {
      securitySchemes: {
        uddoktapayKey: { type: 'apiKey', in: 'header', name: 'RT-UDDOKTAPAY-API-KEY' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-KEY' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['status', 'message', 'code'],
          properties: {
            status: { oneOf: [{ const: false }, { const: 'ERROR' }] },
            message: { type: 'string' },
            code: { type: 'string' },
            field: { type: 'string' },
          },
        },
      },
    },
  };
}

export async function openApiRoute(app: FastifyInstance, { config }: AppDeps) {
  const document = openApiDocument(config.publicUrl);
  app.get('/openapi.json', async () => document);
}
