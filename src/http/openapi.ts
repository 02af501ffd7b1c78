import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from './deps.js';
import { displayPath, endpoints, type Endpoint, type Operation } from './endpoints.js';
import { createCheckoutInput } from './api/create-checkout.js';
import { verifyPaymentInput } from './api/verify-payment.js';
import { refundPaymentInput } from './api/refund-payment.js';
import { successBodies } from './api/responses.js';
import { createInvoiceBody } from './api/create-invoice.js';

/** Request bodies, from the same zod schemas the handlers parse with. */
const requestBodies: Record<Operation, z.ZodType | null> = {
  me: null,
  'create-checkout': createCheckoutInput,
  'verify-payment': verifyPaymentInput,
  'refund-payment': refundPaymentInput,
  'create-invoice': createInvoiceBody,
  'get-invoice': null,
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** The answers every operation may give besides its success. */
const errorResponses = {
  '400': errorResponse('A field is missing or invalid (`field` names it)'),
  '401': errorResponse('Missing, invalid, inactive or expired key (`api_key_expired` also once a rolled key’s grace period has ended)'),
  '403': errorResponse('The key lacks the ability (`ability_missing`), or may not be used from this address (`ip_not_allowed`)'),
  '404': errorResponse('Unknown brand prefix or payment (a payment of the other mode — test or live — than the key’s answers the same)'),
  '429': {
    ...errorResponse(
      'Too many failed requests from this address (`too_many_requests`), or over the key’s requests per minute (`rate_limited`); see Retry-After',
    ),
    headers: {
      'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
      'RateLimit-Limit': { description: 'The key’s requests per minute (keys with a rate limit)', schema: { type: 'integer' } },
      'RateLimit-Remaining': { description: 'Requests left in the current minute', schema: { type: 'integer' } },
      'RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
    },
  },
};

/** The three ways to send a key, and the error body every failure answers with. */
const components = {
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
};

/** One catalogue endpoint as an OpenAPI operation. */
function operationOf(e: Endpoint) {
  const pathParams = [...e.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const body = requestBodies[e.operation];
  return {
    operationId: `${e.operation}${displayPath(e.path).replace(/[^a-z0-9]+/gi, '_')}`,
    summary: e.description,
    description: `Needs ${e.ability ? `a key with the ability \`${e.ability}\`` : 'any valid key'}. Also served without the brand prefix.`,
    parameters: [{ name: 'brand', in: 'path', required: true, schema: { type: 'string' }, description: 'Brand slug' }, ...pathParams],
    ...(body && {
      requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(body, { io: 'input', unrepresentable: 'any' }) } } },
    }),
    security: [{ uddoktapayKey: [] }, { apiKeyHeader: [] }, { bearer: [] }],
    responses: {
      '200': { description: 'Success', content: { 'application/json': { schema: successBodies[e.operation] } } },
      ...errorResponses,
    },
  };
}

/** OpenAPI 3.1 description of the public API, built from the endpoint catalogue. */
export function openApiDocument(publicUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const path = `/{brand}${displayPath(e.path)}`;
    paths[path] ??= {};
    paths[path]![e.method.toLowerCase()] = operationOf(e);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Duar payment API',
      version: '1',
      description:
        'Wire-compatible with the UddoktaPay API. Keys are live (`duar_…`) or test (`duar_test_…`): a test key makes test payments, ' +
        'paid only by the Sandbox method, and each key sees only payments of its own mode.',
    },
    servers: [{ url: publicUrl }],
    paths,
    components,
  };
}

export async function openApiRoute(app: FastifyInstance, { config }: AppDeps) {
  const document = openApiDocument(config.publicUrl);
  app.get('/openapi.json', async () => document);
}
