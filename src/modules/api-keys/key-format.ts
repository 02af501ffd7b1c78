import { crc32 } from 'node:zlib';
import { encodeBase62, randomBase62 } from '../../lib/ids.js';
import { sha256Hex } from '../../lib/crypto.js';

/**
 * A Duar API key reads `duar_<key id>_<secret><checksum>` (a test key `duar_test_<key id>_…`):
 * - `duar_` lets people and secret scanners recognise it; `duar_test_` says at a glance that it cannot take real money;
 * - the 16-character key id is public (it is the row's id without `key_`) and makes lookup O(1);
 * - the 32-character base62 secret carries ≈190 bits from a CSPRNG;
 * - the 6-character checksum (CRC32 of everything before it) refuses a mistyped or truncated key before any database access.
 */
export const KEY_PREFIX = 'duar_';
export const TEST_KEY_PREFIX = 'duar_test_';
export type KeyMode = 'live' | 'test';
const ID_LENGTH = 16;
const SECRET_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const KEY_PATTERN = /^duar_(?:test_)?([0-9A-Za-z]{16})_([0-9A-Za-z]{38})$/;

/** The plaintext exists only in this type, and only between generation and the create response. */
export type NewKey = { id: string; plaintext: string; digest: string; hint: string };

function checksum(body: string): string {
  return encodeBase62(crc32(body), CHECKSUM_LENGTH);
}

export function generateKey(mode: KeyMode = 'live'): NewKey {
  const publicId = randomBase62(ID_LENGTH);
  const prefix = mode === 'test' ? TEST_KEY_PREFIX : KEY_PREFIX;
  const body = `${prefix}${publicId}_${randomBase62(SECRET_LENGTH)}`;
  const plaintext = body + checksum(body);
  return { id: `key_${publicId}`, plaintext, digest: sha256Hex(plaintext), hint: `${prefix}${publicId}_…` };
}

/** The key id of a well-formed key with a valid checksum, else null. Touches no database. */
export function parseKey(value: string): { id: string } | null {
  const match = KEY_PATTERN.exec(value);
  if (!match) return null;
  const body = value.slice(0, value.length - CHECKSUM_LENGTH);
  return value.slice(-CHECKSUM_LENGTH) === checksum(body) ? { id: `key_${match[1]}` } : null;
}

/** What the list's "Key" column shows: the prefix and the last characters of the key id, never the secret. */
export function keyLabel(id: string, mode: string): string {
  return `${mode === 'test' ? TEST_KEY_PREFIX : KEY_PREFIX}…${id.slice(-6)}`;
}

export const keyFormat = { idLength: ID_LENGTH, secretLength: SECRET_LENGTH, checksumLength: CHECKSUM_LENGTH };
