import type { Executor } from '../../db/index.js';
import { sharedRead } from '../../db/shared-read.js';
import { findApiKeysWithBrands, findApiKeyWithBrand, pairKey, type KeyWithBrand } from './repository.js';

type Lookup = { id: string; host: string | null };

/**
 * findApiKeyWithBrand on PostgreSQL, where there is no key cache (docs/decisions/003-key-changes-take-effect-at-once.md):
 * the key reads of requests that arrive together share one round trip (src/db/shared-read.ts), each still sent after
 * its request arrived (docs/decisions/042-hot-path-third-pass.md).
 */
const read = sharedRead<Lookup, KeyWithBrand>(
  (db, { id, host }) => findApiKeyWithBrand(db, id, host),
  findApiKeysWithBrands,
  ({ id, host }) => pairKey(id, host),
);

export function findKeyWithBrandShared(db: Executor, id: string, host: string | null): Promise<KeyWithBrand | undefined> {
  return read(db, { id, host });
}
