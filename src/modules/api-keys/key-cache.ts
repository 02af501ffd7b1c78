import { idleSqlite, type Executor, type SqliteConnection } from '../../db/index.js';
import { expiryInstant } from '../../lib/dates.js';
import type { Brand } from '../brands/service.js';
import { deserializeAbilities, type Ability } from './abilities.js';
import type { KeyMode } from './key-format.js';
import { findApiKeyWithBrand, type ApiKeyRow } from './repository.js';
import { findKeyWithBrandShared } from './key-batch.js';

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

type Found = NonNullable<Awaited<ReturnType<typeof findApiKeyWithBrand>>>;

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
export function decodeKey({ key, brand, hostBrandId }: Found): DecodedKey {
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

const stamps = new WeakMap<SqliteConnection, Promise<readonly [number, number] | undefined>>();

/**
 * The connection's keyStamp, read once at the end of the event loop's current turn (setImmediate) for every lookup the
 * turn's requests made: each is still answered from a read made after it asked, and the turn's lookups share one read of
 * `data_version` (each read takes and drops SQLite's read lock, two `fcntl` calls: alone, more than the rest of the
 * lookup; docs/decisions/046-sqlite-key-stamp-once-a-turn.md). Undefined when a transaction is open on the connection by then.
 */
function stampAfterThisTurn(db: Executor, sqlite: SqliteConnection): Promise<readonly [number, number] | undefined> {
  let stamp = stamps.get(sqlite);
  if (!stamp) {
    stamp = new Promise((resolve, reject) =>
      setImmediate(() => {
        stamps.delete(sqlite);
        try {
          resolve(idleSqlite(db) ? sqlite.keyStamp() : undefined);
        } catch (err) {
          reject(err);
        }
      }),
    );
    stamps.set(sqlite, stamp);
  }
  return stamp;
}

type Cache = { dataVersion: number; keyWrites: number; entries: Map<string, DecodedKey> };

/** One cache per SQLite connection, so two databases in one process (tests, the CLI) never share entries. */
const caches = new WeakMap<SqliteConnection, Cache>();
const MAX_ENTRIES = 10_000;

/**
 * findApiKeyWithBrand, decoded (decodeKey) and answered from memory on SQLite while neither api_keys nor brands can
 * have changed (docs/decisions/003-key-changes-take-effect-at-once.md). How every writer empties it:
 * - this process: every statement that writes either table bumps the connection's count before it runs (src/db/index.ts);
 * - any other process or connection (the CLI, a second server on the same file): any commit moves `PRAGMA data_version`.
 * Both are read after the lookup was asked for, once for all the lookups of an event-loop turn (stampAfterThisTurn), and
 * outside any transaction; a key missing from the cache is read after them. So an edit, deactivation, roll or deletion
 * committed before a request asks is honoured by that request. Inside a transaction, and on PostgreSQL (where
 * only an asynchronous NOTIFY could tell, and a request may overtake it), every request reads and decodes the rows;
 * on PostgreSQL, requests that arrive together share that read's round trip (key-batch.ts).
 */
export async function findKeyWithBrand(db: Executor, id: string, host: string | null): Promise<DecodedKey | undefined> {
  const sqlite = idleSqlite(db);
  const stamp = sqlite && (await stampAfterThisTurn(db, sqlite));
  if (!sqlite || !stamp) {
    const found = await findKeyWithBrandShared(db, id, host);
    return found && decodeKey(found);
  }
  const [dataVersion, keyWrites] = stamp;
  let cache = caches.get(sqlite);
  if (!cache || cache.dataVersion !== dataVersion || cache.keyWrites !== keyWrites) {
    cache = { dataVersion, keyWrites, entries: new Map() };
    caches.set(sqlite, cache);
  }
  const entry = host === null ? id : `${id} ${host}`;
  const cached = cache.entries.get(entry);
  if (cached) return cached;
  // The read runs synchronously inside this call (prepared() on an idle connection); it is kept in the cache stamped
  // before it, so a write landing while the promise settles leaves it behind in a cache no later request uses.
  const found = await findApiKeyWithBrand(db, id, host);
  if (!found) return undefined; // unknown ids are not kept: a new key must be found at once, and guesses must not fill memory
  const decoded = decodeKey(found);
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
  cache.entries.set(entry, decoded);
  return decoded;
}
