import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey } from '../harness.js';
import * as repo from '../../src/modules/api-keys/repository.js';
import { decrypt, sha256Hex } from '../../src/lib/crypto.js';
import { createBrand } from '../../src/modules/brands/service.js';

for (const dialect of dialects) {
  test(`${dialect}: stores a digest and ciphertext, never the plaintext, with the same JS types`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const { id, key } = await seedKey(t, { expires_at: '2099-01-31' });
      const row = (await repo.findApiKey(t.db, id))!;
      assert.equal(row.key_digest, sha256Hex(key));
      assert.notEqual(row.key_ciphertext, key);
      assert.ok(!row.key_ciphertext.includes(key.slice(22)));
      assert.equal(decrypt(t.appKey, row.key_ciphertext), key);
      assert.equal(typeof row.created_at, 'number');
      assert.equal(row.is_active, 1);
      assert.equal(row.expires_on, '2099-01-31');
      assert.equal(row.last_used_at, null);
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: findApiKey scoped to a brand does not see another brand's key`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const other = await createBrand(t.db, { slug: 'other', name: 'Other', timezone: 'UTC', currency: 'USD' }, { label: 'test', ip: null });
      const { id } = await seedKey(t, {}, other);
      assert.equal(await repo.findApiKey(t.db, id, t.brand.id), undefined);
      assert.equal((await repo.findApiKey(t.db, id, other.id))?.id, id);
      const joined = await repo.findApiKeyWithBrand(t.db, id);
      assert.equal(joined?.brand.slug, 'other');
      assert.equal(joined?.brand.timezone, 'UTC');
      assert.equal(typeof joined?.brand.created_at, 'number');
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: the digest is unique, and lists are newest first`, async () => {
    const t = await buildTestApp(dialect);
    try {
      // Created a second apart by the test's clock, not by waiting.
      const at = Date.now();
      const a = await seedKey(t, { name: 'a' }, t.brand, at);
      const b = await seedKey(t, { name: 'b' }, t.brand, at + 1000);
      assert.deepEqual(
        (await repo.listApiKeys(t.db, t.brand.id)).map((r) => r.id),
        [b.id, a.id],
      );
      const row = (await repo.findApiKey(t.db, a.id))!;
      await assert.rejects(repo.insertApiKey(t.db, { ...row, id: 'key_duplicate0000000' }));
      assert.equal((await repo.listApiKeys(t.db, t.brand.id)).length, 2, 'nothing half-written');
    } finally {
      await t.close();
    }
  });
}
