import { idleSqlite, type Executor, type SqliteConnection } from '../../db/index.js';
import { findApiKeyWithBrand } from './repository.js';

type Found = NonNullable<Awaited<ReturnType<typeof findApiKeyWithBrand>>>;
type Cache = { dataVersion: number; keyWrites: number; entries: Map<string, Found> };

/** One cache per SQLite connection, so two databases in one process (tests, the CLI) never share entries. */
const caches = new WeakMap<SqliteConnection, Cache>();
const MAX_ENTRIES = 10_000;

/**
 * findApiKeyWithBrand, answered from memory on SQLite while neither api_keys nor brands can have changed
 * (docs/decisions/003-key-changes-take-effect-at-once.md). How every writer empties it:
 * - this process: every statement that writes either table bumps the connection's count before it runs (src/db/index.ts);
 * - any other process or connection (the CLI, a second server on the same file): any commit moves `PRAGMA data_version`,
 *   read on this connection on every request.
 * Both are read synchronously with the lookup and outside any transaction, so nothing runs in between: an edit,
 * deactivation, roll or deletion is honoured on the very next request. Inside a transaction, and on PostgreSQL (where
 * only an asynchronous NOTIFY could tell, and a request may overtake it), every request reads the database.
 */
export async function findKeyWithBrand(db: Executor, id: string, host: string | null): Promise<Found | undefined> {
  const sqlite = idleSqlite(db);
  if (!sqlite) return findApiKeyWithBrand(db, id, host);
  const [dataVersion, keyWrites] = sqlite.keyStamp();
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
  Object.freeze(found.key);
  Object.freeze(found.brand);
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
  cache.entries.set(entry, Object.freeze(found));
  return found;
}
