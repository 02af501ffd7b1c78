import { idleSqlite, type Executor, type SqliteConnection } from '../../db/index.js';
import { expiryInstant } from '../../lib/dates.js';
import type { Brand } from '../brands/service.js';
import { deserializeAbilities, type Ability } from './abilities.js';
import type { KeyMode } from './key-format.js';
import { sharedRead } from '../../db/shared-read.js';
import { findApiKeysWithBrands, findApiKeyWithBrand, pairKey, type ApiKeyRow, type KeyWithBrand } from './repository.js';

/** A key allowed for this request: what `request.apiKey` holds. */
export type AuthenticatedKey = Readonly<{
  id: string;
  name: string;
  abilities: readonly Ability[];
  expiresOn: string | null;
  brand: Brand;
  mode: KeyMode;
  allowedIps: readonly string[];
  rateLimitPerMinute: number | null;
  /** Whether this request is the key's first ever (first_used_at is still unset). */
  firstUse: boolean;
}>;

/** A lookup as a request asks it: the key's id and the request's Host (the brand whose domain it is, if any). */
type Lookup = { id: string; host: string | null };

/**
 * A stored key decoded once per read: its abilities split, allowed addresses parsed and the instant it stops working
 * computed, so a request only compares `now` with `endsAt`. Frozen: on SQLite one entry answers many requests.
 */
export type DecodedKey = Readonly<{
  key: ApiKeyRow;
  brand: Brand;
  hostBrandId: string | null;
  active: boolean;
  /** From this instant the key is expired: the end of its expiry date in the brand's zone, or a rolled key's grace end; Infinity = never. */
  endsAt: number;
  /** What the request sees once the key is allowed (`request.apiKey`). */
  authenticated: AuthenticatedKey;
}>;

/** Decodes a key and brand as read; everything it computes depends only on the two rows, so it lives as long as they do. */
export function decodeKey({ key, brand, hostBrandId }: KeyWithBrand): DecodedKey {
  Object.freeze(key);
  Object.freeze(brand);
  const expiresAt = key.expires_on ? expiryInstant(key.expires_on, brand.timezone) : Number.POSITIVE_INFINITY;
  const graceEnd = key.ends_at ?? Number.POSITIVE_INFINITY;
  return Object.freeze({
    key,
    brand,
    hostBrandId,
    active: key.is_active === 1,
    endsAt: Math.min(expiresAt, graceEnd),
    authenticated: Object.freeze({
      id: key.id,
      name: key.name,
      abilities: Object.freeze(deserializeAbilities(key.abilities)) as AuthenticatedKey['abilities'],
      expiresOn: key.expires_on,
      brand,
      mode: key.mode,
      allowedIps: Object.freeze(JSON.parse(key.allowed_ips) as string[]) as string[],
      rateLimitPerMinute: key.rate_limit_per_minute,
      // Recording the first use writes api_keys, which empties the cache: so this stays true for one request at most.
      firstUse: key.first_used_at === null,
    }),
  });
}

type Cache = { dataVersion: number; keyWrites: number; entries: Map<string, DecodedKey> };

/** One cache per SQLite connection, so two databases in one process (tests, the CLI) never share entries. */
const caches = new WeakMap<SqliteConnection, Cache>();
const MAX_ENTRIES = 10_000;

/**
 * One lookup, read when sharedRead sends it. On an idle SQLite connection (the turn's lookups share one read transaction
 * there) it is answered from the cache while the connection's keyStamp, read now, says neither api_keys nor brands can
 * have changed; otherwise it reads and decodes the rows.
 */
async function lookUp(db: Executor, { id, host }: Lookup): Promise<DecodedKey | undefined> {
  const sqlite = idleSqlite(db);
  if (!sqlite) {
    const found = await findApiKeyWithBrand(db, id, host);
    return found && decodeKey(found);
  }
  const [dataVersion, keyWrites] = sqlite.keyStamp();
  let cache = caches.get(sqlite);
  if (!cache || cache.dataVersion !== dataVersion || cache.keyWrites !== keyWrites) {
    cache = { dataVersion, keyWrites, entries: new Map() };
    caches.set(sqlite, cache);
  }
  const entry = pairKey(id, host);
  const cached = cache.entries.get(entry);
  if (cached) return cached;
  // The read runs synchronously inside this call (prepared() on an idle connection), in the same read transaction as
  // the stamp when the turn had several lookups; it is kept in the cache stamped before it, so a write landing while
  // the promise settles leaves it behind in a cache no later request uses.
  const found = await findApiKeyWithBrand(db, id, host);
  if (!found) return undefined; // unknown ids are not kept: a new key must be found at once, and guesses must not fill memory
  const decoded = decodeKey(found);
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
  cache.entries.set(entry, decoded);
  return decoded;
}

/** PostgreSQL: the turn's lookups in one round trip, each distinct key decoded once. */
async function lookUpMany(db: Executor, lookups: readonly Lookup[]): Promise<Map<string, DecodedKey>> {
  const found = await findApiKeysWithBrands(db, lookups);
  return new Map([...found].map(([pair, rows]) => [pair, decodeKey(rows)]));
}

const shared = sharedRead(lookUp, lookUpMany, ({ id, host }: Lookup) => pairKey(id, host));

/**
 * findApiKeyWithBrand, decoded (decodeKey), for the requests of an event-loop turn together (src/db/shared-read.ts):
 * each lookup is made at the turn's end, after its request asked. On SQLite it is answered from memory while neither
 * api_keys nor brands can have changed (docs/decisions/003-key-changes-take-effect-at-once.md). How every writer empties it:
 * - this process: every statement that writes either table bumps the connection's count before it runs (src/db/index.ts);
 * - any other process or connection (the CLI, a second server on the same file): any commit moves `PRAGMA data_version`.
 * Both are read after the lookup was asked for, inside the read transaction the turn's lookups share (ADR 046), and a
 * key missing from the cache is read in it too. So an edit, deactivation, roll or deletion committed before a request asks
 * is honoured by that request. Inside a transaction, and on PostgreSQL (where only an asynchronous NOTIFY could tell,
 * and a request may overtake it), every lookup reads and decodes the rows; on PostgreSQL the lookups of a turn share one
 * round trip (docs/decisions/042-hot-path-third-pass.md).
 */
export function findKeyWithBrand(db: Executor, id: string, host: string | null): Promise<DecodedKey | undefined> {
  return shared(db, { id, host });
}
