import type { FastifyRequest } from 'fastify';

/**
 * Where a client puts its key (/work/shared/reference/uddoktapay-api.md §1.4, matched case-insensitively as HTTP does):
 * `RT-UDDOKTAPAY-API-KEY` (every UddoktaPay client), `X-API-KEY` (the "UddoktaPay Hosted" extension, PAYM), and
 * `Authorization: Bearer` (Duar's own clients and the OpenAPI document). Never the URL: api-key-auth.ts refuses that.
 */
export const API_KEY_HEADERS = ['rt-uddoktapay-api-key', 'x-api-key'] as const;

/** The token of an `Authorization: Bearer <token>` header, trimmed; undefined without one. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  return (auth && /^Bearer\s+(.+)$/i.exec(auth.trim())?.[1]?.trim()) || undefined;
}

/**
 * Every distinct key a request carries, in `headers` (each possibly repeated) and a Bearer token, trimmed: the caller
 * refuses none (missing) and more than one (conflicting). The payment API reads API_KEY_HEADERS; the device endpoint
 * reads its own `X-Device-Key` first and then the same ones, since forwarder apps offer only custom header fields.
 */
export function presentedKeys(request: FastifyRequest, headers: readonly string[] = API_KEY_HEADERS): string[] {
  const found = new Set<string>();
  for (const name of headers) {
    const value = request.headers[name];
    for (const v of Array.isArray(value) ? value : [value]) if (v?.trim()) found.add(v.trim());
  }
  const bearer = bearerToken(request);
  if (bearer) found.add(bearer);
  return [...found];
}
