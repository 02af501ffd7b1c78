import { crc32 } from 'node:zlib';
import { encodeBase62, randomBase62 } from '../../lib/ids.js';
import { sha256Hex } from '../../lib/crypto.js';

/**
 * A Duar API key reads `duar_<key id>_<secret><checksum>`:
 * - `duar_` lets people and secret scanners recognise it;
 * - the 16-character key id is public (it is the row's id without `key_`) and makes lookup O(1);
 * - the 32-character base62 secret carries ≈190 bits from a CSPRNG;
 * - the 6-character checksum (CRC32 of everything before it) refuses a mistyped or truncated key before any database access.
 * Device keys (modules/devices) are the same machinery under their own prefix, `duardev_` with row ids `dev_…`.
 */
export const KEY_PREFIX = 'duar_';
const ID_LENGTH = 16;
const SECRET_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

/** The plaintext exists only in this type, and only between generation and the create response. */
export type NewKey = { id: string; plaintext: string; digest: string; hint: string };

function checksum(body: string): string {
  return encodeBase62(crc32(body), CHECKSUM_LENGTH);
}

/** Generator and parser for keys `<prefix><public id>_<secret><checksum>` whose rows are `<idPrefix>_<public id>`. */
export function keyFamily(prefix: string, idPrefix: string) {
  const pattern = new RegExp(`^${prefix}([0-9A-Za-z]{${ID_LENGTH}})_([0-9A-Za-z]{${SECRET_LENGTH + CHECKSUM_LENGTH}})$`);
  return {
    prefix,
    generate(): NewKey {
      const publicId = randomBase62(ID_LENGTH);
      const body = `${prefix}${publicId}_${randomBase62(SECRET_LENGTH)}`;
      const plaintext = body + checksum(body);
      return { id: `${idPrefix}_${publicId}`, plaintext, digest: sha256Hex(plaintext), hint: `${prefix}${publicId}_…` };
    },
    /** The row id of a well-formed key with a valid checksum, else null. Touches no database. */
    parse(value: string): { id: string } | null {
      const match = pattern.exec(value);
      if (!match) return null;
      const body = value.slice(0, value.length - CHECKSUM_LENGTH);
      return value.slice(-CHECKSUM_LENGTH) === checksum(body) ? { id: `${idPrefix}_${match[1]}` } : null;
    },
  };
}

const apiKeys = keyFamily(KEY_PREFIX, 'key');

export function generateKey(): NewKey {
  return apiKeys.generate();
}

export function parseKey(value: string): { id: string } | null {
  return apiKeys.parse(value);
}

export const keyFormat = { idLength: ID_LENGTH, secretLength: SECRET_LENGTH, checksumLength: CHECKSUM_LENGTH };
