import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { authenticateKey, refusedKey, requireAbility, requireAllowedIp, type KeyAndHost, type LastUseRecorder } from '../../modules/api-keys/authenticate.js';
import type { AuthenticatedKey } from '../../modules/api-keys/key-cache.js';
import type { KeyRateLimiter } from '../../modules/api-keys/rate-limit.js';
import { isUsageOutcome, type UsageCounter } from '../../modules/api-keys/usage.js';
import { KEY_PREFIX } from '../../modules/api-keys/key-format.js';
import { findBrandBySlug } from '../../modules/brands/service.js';
import { tooManyFailures, type FailureLimiter } from './failure-limiter.js';
import { sendError } from './errors.js';
import { presentedKeys } from './presented-keys.js';

const QUERY_KEY_NAMES = new Set(['api_key', 'apikey', 'api-key', 'key', 'token', 'access_token', 'rt-uddoktapay-api-key', 'x-api-key']);

/** A key in a URL ends up in access logs, browser history and proxies: refuse it, whatever the parameter is called. */
function keyInQuery(request: FastifyRequest): boolean {
  const query = (request.query ?? {}) as Record<string, unknown>;
  // A repeated parameter (`?x=<key>&x=<key>`) parses to a list: every value is looked at.
  return Object.entries(query).some(
    ([name, value]) =>
      QUERY_KEY_NAMES.has(name.toLowerCase()) || (Array.isArray(value) ? value : [value]).some((v) => typeof v === 'string' && v.startsWith(KEY_PREFIX)),
  );
}

/** Unknown `/{slug}` prefixes answer 404, whatever the key: asked only when the key's own brand is not the one named. */
async function assertBrandExists(db: Db, slug: string | undefined): Promise<void> {
  if (slug !== undefined && !(await findBrandBySlug(db, slug))) throw new DuarError('brand_not_found', `No brand with slug "${slug}"`);
}

type AuthDeps = { db: Db; limiter: FailureLimiter; lastUse: LastUseRecorder; rateLimiter: KeyRateLimiter; usage: UsageCounter; now: () => number };

/** The key's requests-per-minute limit, if it has one: the `RateLimit-*` headers on every answer, 429 over it. */
async function enforceRateLimit(deps: AuthDeps, key: AuthenticatedKey, reply: FastifyReply): Promise<void> {
  if (key.rateLimitPerMinute === null) return;
  const decision = await deps.rateLimiter.hit(key.id, key.rateLimitPerMinute, deps.now());
  reply.header('RateLimit-Limit', String(decision.limit));
  reply.header('RateLimit-Remaining', String(decision.remaining));
  reply.header('RateLimit-Reset', String(decision.resetSeconds));
  if (!decision.allowed) {
    throw new DuarError('rate_limited', `The API key is limited to ${decision.limit} requests per minute; try again in ${decision.resetSeconds} seconds`, {
      retryAfterSeconds: decision.resetSeconds,
    });
  }
}

/** Counts a refusal of a known key (or of a key whose checks failed after it was recognised) in its usage. */
function countRefusal(deps: AuthDeps, request: FastifyRequest, err: unknown): void {
  if (!(err instanceof DuarError) || !isUsageOutcome(err.code)) return;
  const key = refusedKey(err) ?? (request.apiKey ? { id: request.apiKey.id, brand: request.apiKey.brand } : undefined);
  if (key) deps.usage.count(key.id, key.brand.timezone, err.code, deps.now());
}

async function authenticate(deps: AuthDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { db } = deps;
  if (keyInQuery(request)) {
    throw new DuarError(
      'api_key_in_query',
      'API keys are never accepted in the URL; send the key in the RT-UDDOKTAPAY-API-KEY header and replace a key that was put in a URL',
    );
  }
  const keys = presentedKeys(request);
  if (keys.length === 0) {
    throw new DuarError('missing_api_key', 'An API key is required: send it in the RT-UDDOKTAPAY-API-KEY header');
  }
  if (keys.length > 1) throw new DuarError('conflicting_api_keys', 'The request carries two different API keys; send exactly one');
  // The addressed brand: the `/{slug}` prefix, else the Host matching a brand domain, else the key's own brand. The key
  // is read with its brand, so a prefix naming that brand costs no second query; any other prefix is refused either way.
  const slug = (request.params as { brandSlug?: string }).brandSlug?.toLowerCase();
  let found: KeyAndHost;
  try {
    found = await authenticateKey(db, keys[0]!, slug !== undefined ? null : request.hostname.replace(/:\d+$/, '').toLowerCase(), deps.now());
  } catch (err) {
    await assertBrandExists(db, slug);
    throw err;
  }
  const { key, hostBrandId } = found;
  if (slug !== undefined ? slug !== key.brand.slug : hostBrandId && hostBrandId !== key.brand.id) {
    await assertBrandExists(db, slug);
    throw new DuarError('invalid_api_key', 'The API key is not valid');
  }
  request.apiKey = key;
  requireAllowedIp(key, request.ip);
  await enforceRateLimit(deps, key, reply);
  const ability = request.routeOptions.config.ability;
  if (ability) requireAbility(key, ability);
  request.brand = key.brand;
}

/**
 * onRequest hook for the public API: every failure counts against the client address, and once there are too many the
 * address's failing attempts are answered 429. A valid key still works from that address: addresses are shared (shop
 * hosting, NAT), and one tenant's bad keys must not lock its neighbours out (docs/decisions/007-proxy-trust-limiter-and-file-modes.md).
 */
export function apiKeyAuth(deps: AuthDeps) {
  return async function apiKeyAuthHook(request: FastifyRequest, reply: FastifyReply) {
    try {
      await authenticate(deps, request, reply);
    } catch (err) {
      countRefusal(deps, request, err);
      // A key over its own rate limit is not a guessing attempt: it says so, and must not block the address for other keys.
      if (err instanceof DuarError && err.code === 'rate_limited') throw err;
      const retryAfter = deps.limiter.retryAfter(request.ip);
      if (retryAfter > 0) {
        return sendError(request, reply, tooManyFailures(retryAfter));
      }
      if (err instanceof DuarError && err.code !== 'brand_not_found') deps.limiter.fail(request.ip);
      throw err;
    }
    const key = request.apiKey;
    deps.usage.count(key.id, key.brand.timezone, 'ok', deps.now());
    // A key's first request is written before it is answered: it switches a rolled key's IPN header to this key.
    const recorded = deps.lastUse.record(deps.db, key.id, request.ip, deps.now(), (err) => request.log.warn({ err }, 'could not record key use'), key.firstUse);
    if (key.firstUse) await recorded;
  };
}
