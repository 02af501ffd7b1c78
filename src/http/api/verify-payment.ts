import type { FastifyReply, FastifyRequest } from 'fastify';
import fastJson from 'fast-json-stringify';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { DuarError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validation.js';
import { getPaymentToVerify } from '../../modules/payments/lookup.js';
import { verifyObjectStored } from '../../modules/payments/verify-object.js';
import { successBodies } from './responses.js';

export const verifyPaymentInput = z.object(
  {
    invoice_id: z
      .string({ error: (i) => (i.input === undefined ? 'invoice_id is required' : 'invoice_id must be a string') })
      .trim()
      .min(1, 'invoice_id must not be empty')
      .max(64, 'invoice_id must have at most 64 characters'),
  },
  { error: 'the request body must be a JSON object' },
);

type VerifyAnswer = ReturnType<typeof verifyObjectStored>;

/**
 * The verify answer from the response schema (responses.ts), compiled once, with the stored metadata text written in
 * between the fields before and after it: two compiled halves and no JSON.parse/JSON.stringify of the merchant's object.
 * The halves list exactly the fields the schema lists; the tests compare the answer with what the checkout sent.
 */
function verifySerializer(): (answer: VerifyAnswer) => string {
  const schema = successBodies['verify-payment'] as { properties: Record<string, object> };
  const names = Object.keys(schema.properties);
  const at = names.indexOf('metadata');
  const half = (part: string[]) =>
    fastJson({ type: 'object', additionalProperties: false, properties: Object.fromEntries(part.map((name) => [name, schema.properties[name]!])) }) as (
      answer: VerifyAnswer,
    ) => string;
  const before = half(names.slice(0, at));
  const after = half(names.slice(at + 1));
  return (answer) => `${before(answer).slice(0, -1)},"metadata":${answer.metadata},${after(answer).slice(1)}`;
}
const serializeVerify = verifySerializer();

/**
 * POST /api/verify-payment (and /api/verify-payment/:invoice_id, which RAW/CodeIgniter build by appending the id;
 * the body then still holds it). 200 with the verify object for any payment of the key's brand, whatever its state.
 */
export function verifyPayment({ db }: AppDeps) {
  return async function verifyPaymentHandler(request: FastifyRequest, reply: FastifyReply) {
    const fromPath = (request.params as { invoice_id?: string }).invoice_id;
    const body = request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
    if (fromPath !== undefined && typeof body.invoice_id === 'string' && body.invoice_id.trim() !== '' && body.invoice_id.trim() !== fromPath) {
      throw new DuarError('invalid_request', 'invoice_id in the body differs from the one in the URL', { field: 'invoice_id' });
    }
    const input = parseInput(verifyPaymentInput, fromPath !== undefined ? { ...body, invoice_id: fromPath } : request.body);
    // Scoped to the key's brand and mode: another brand's or the other mode's invoice answers exactly like an unknown one.
    const payment = await getPaymentToVerify(db, input.invoice_id, request.brand.id, request.apiKey.mode === 'live');
    return reply.type('application/json; charset=utf-8').serializer(serializeVerify).send(verifyObjectStored(payment, request.brand.timezone));
  };
}
