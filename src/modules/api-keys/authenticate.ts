import type { Executor } from '../../db/index.js';
import type { Brand } from '../brands/service.js';
import { DuarError } from '../../lib/errors.js';
import { safeEqual, sha256Hex } from '../../lib/crypto.js';
import type { Ability } from './abilities.js';
import { parseKey } from './key-format.js';
import { recordKeyUse } from './repository.js';
import { findKeyWithBrand, type AuthenticatedKey, type DecodedKey } from './key-cache.js';
import { ipAllowed } from './allowed-ips.js';

/** An authenticated key, and the brand whose domain is the request's host (looked up in the same round trip). */
export type KeyAndHost = { key: AuthenticatedKey; hostBrandId: string | null };

const INVALID = 'The API key is not valid';

/**
 * Reads the key and its brand (one primary-key lookup, or the key cache on SQLite when neither table changed since), so an
 * edit, deactivation or deletion made by any process is honoured on the very next request. The digest comparison runs in
 * constant time, on every request.
 */
export async function authenticateKey(db: Executor, presented: string, host: string | null = null, now = Date.now()): Promise<KeyAndHost> {
  const parsed = parseKey(presented);
  if (!parsed) throw new DuarError('invalid_api_key', INVALID);
  const found = await findKeyWithBrand(db, parsed.id, host);
  // Compare against a digest even when the id is unknown, so both paths do the same work.
  const digest = found?.key.key_digest ?? '0'.repeat(64);
  if (!safeEqual(sha256Hex(presented), digest) || !found) throw new DuarError('invalid_api_key', INVALID);
  try {
    return { key: decideAccess(found, now), hostBrandId: found.hostBrandId };
  } catch (err) {
    if (err instanceof Error) refusals.set(err, { id: found.key.id, brand: found.brand });
    throw err;
  }
}

/** Refusals of a known key (inactive, expired): the key they were about, so its usage counts them. */
const refusals = new WeakMap<Error, { id: string; brand: Brand }>();

export function refusedKey(err: unknown): { id: string; brand: Brand } | undefined {
  return err instanceof Error ? refusals.get(err) : undefined;
}

/** Pure: whether a decoded key may be used at `now` (the same rules as keyStatus, with the instants computed once). */
function decideAccess(decoded: DecodedKey, now: number): AuthenticatedKey {
  if (!decoded.active) throw new DuarError('api_key_inactive', 'The API key is inactive; activate it in Brand Settings → API Settings');
  if (now >= decoded.endsAt) throw new DuarError('api_key_expired', 'The API key has expired; extend its expiry date in Brand Settings → API Settings');
  return decoded.authenticated;
}

export function requireAbility(key: AuthenticatedKey, ability: Ability): void {
  if (!key.abilities.includes(ability)) {
    throw new DuarError('ability_missing', `The API key lacks the ability "${ability}" that this endpoint needs`, { details: { ability } });
  }
}

/** A key limited to some addresses refuses every other one; `ip` is the client address as Fastify computed it (TRUST_PROXY). */
export function requireAllowedIp(key: AuthenticatedKey, ip: string): void {
  if (!ipAllowed(key.allowedIps, ip)) {
    throw new DuarError('ip_not_allowed', `The API key may not be used from ${ip}; add this address to the key's allowed IPs in Brand Settings → API Settings`);
  }
}

/** Records last-used time and address at most once a minute per key, so requests do not each write. */
export class LastUseRecorder {
  private readonly written = new Map<string, number>();
  constructor(private readonly intervalMs = 60_000) {}

  record(db: Executor, keyId: string, ip: string | null, now = Date.now(), onError: (err: unknown) => void = () => {}, firstUse = false): Promise<void> | void {
    const last = this.written.get(keyId);
    if (last !== undefined && now - last < this.intervalMs && !firstUse) return;
    this.written.set(keyId, now);
    if (this.written.size > 100_000) this.written.clear();
    return recordKeyUse(db, keyId, now, ip).catch(onError);
  }
}
