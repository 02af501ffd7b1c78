import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKey, parseKey, keyFormat, KEY_PREFIX } from '../../src/modules/api-keys/key-format.js';
import { sha256Hex } from '../../src/lib/crypto.js';

test('a generated key carries the prefix, its id, ≥160 bits of secret and a checksum', () => {
  const key = generateKey();
  assert.match(key.plaintext, /^duar_[0-9A-Za-z]{16}_[0-9A-Za-z]{38}$/);
  assert.ok(key.plaintext.startsWith(KEY_PREFIX));
  assert.equal(key.id, `key_${key.plaintext.slice(5, 21)}`);
  assert.ok(keyFormat.secretLength * Math.log2(62) >= 160, 'secret entropy');
  assert.equal(key.digest, sha256Hex(key.plaintext));
  assert.ok(!key.hint.includes(key.plaintext.slice(22, 30)), 'the hint holds no secret characters');
});

test('two keys never repeat', () => {
  const seen = new Set(Array.from({ length: 2000 }, () => generateKey().plaintext));
  assert.equal(seen.size, 2000);
});

test('parseKey accepts a valid key and returns its id', () => {
  const key = generateKey();
  assert.deepEqual(parseKey(key.plaintext), { id: key.id });
});

test('parseKey refuses a mistyped character anywhere, a truncated key and foreign formats', () => {
  const key = generateKey().plaintext;
  for (let i = 5; i < key.length; i++) {
    if (key[i] === '_') continue;
    const typo = key.slice(0, i) + (key[i] === 'a' ? 'b' : 'a') + key.slice(i + 1);
    assert.equal(parseKey(typo), null, `typo at ${i} must be refused`);
  }
  assert.equal(parseKey(key.slice(0, -1)), null);
  assert.equal(parseKey(`${key}x`), null);
  assert.equal(parseKey('982d381360a69d419689740d9f2e26ce36fb7a50'), null);
  assert.equal(parseKey(''), null);
});
