import { crc32 } from 'node:zlib';
import { encodeBase62, randomBase62 } from '../../lib/ids.js';
import { sha256Hex } from '../../lib/crypto.js';

/**
 * A Duar API key reads `duar_<key id>_<secret><checksum>` (a test key `duar_test_<key id>_…`):
 * - `duar_` lets people and secret scanners recognise it; `duar_test_` says at a glance that it cannot take real money;
 * - the 16-character key id is public (it is the row's id without `key_`) and makes lookup O(1);
 * - the 32-character base62 secret carries ≈190 bits from a CSPRNG;
 * - the 6-character checksum (CRC32 of everything before it) refuses a mistyped or truncated key before any database access.
 * Device keys (modules/devices) are the same machinery under their own prefix, `duardev_` with row ids `dev_…`.
 */
export const KEY_PREFIX = 'duar_';
export const TEST_KEY_PREFIX = 'duar_test_';
export type KeyMode = 'live' | 'test';
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

const liveKeys = keyFamily(KEY_PREFIX, 'key');
const testKeys = keyFamily(TEST_KEY_PREFIX, 'key');

export function generateKey(mode: KeyMode = 'live'): NewKey {
  return (mode === 'test' ? testKeys : liveKeys).generate();
}

export function parseKey(value: string): { id: string } | null {
  // The live pattern cannot match a test key: `test_` is not 16 base62 characters.
  return liveKeys.parse(value) ?? testKeys.parse(value);
}

/** What the list's "Key" column shows: the prefix and the last characters of the key id, never the secret. */
export function keyLabel(id: string, mode: string): string {
  return `${mode === 'test' ? TEST_KEY_PREFIX : KEY_PREFIX}…${id.slice(-6)}`;
}

export const keyFormat = { idLength: ID_LENGTH, secretLength: SECRET_LENGTH, checksumLength: CHECKSUM_LENGTH };
