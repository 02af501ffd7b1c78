import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, type TestApp } from '../harness.js';
import { IDEMPOTENCY_LEASE_MS, releaseExpiredClaims, requestDigest, withIdempotency } from '../../src/modules/payments/idempotency.js';
import { api, checkoutBody } from './helpers.js';

for (const dialect of dialects) {
  describe(`${dialect}: idempotency claims have a lease`, () => {
    let t: TestApp;
    let key: string;
    let apiKeyId: string;
    before(async () => {
      t = await buildTestApp(dialect);
      ({ key, id: apiKeyId } = await seedKey(t, { mode: 'test' }));
    });
    after(() => t.close());

    const strandedClaim = (idempotencyKey: string, digest: string, createdAt: number) =>
      t.db
        .insertInto('idempotency_keys')
        .values({
          api_key_id: apiKeyId,
          idempotency_key: idempotencyKey,
          request_digest: digest,
          state: 'in_progress',
          response_status: null,
          response_body: null,
          created_at: createdAt,
        })
        .execute();

    test("a checkout retried after a crashed attempt's lease ran out proceeds instead of 409", async () => {
      const body = checkoutBody({ amount: '33' });
      await strandedClaim('crashed-checkout', requestDigest(`${t.brand.id} checkout-v2`, body), Date.now() - IDEMPOTENCY_LEASE_MS - 1);
      const retry = await api(t, key)('/api/checkout-v2', body, { 'idempotency-key': 'crashed-checkout' });
      assert.equal(retry.statusCode, 200, show(retry));
      const repeat = await api(t, key)('/api/checkout-v2', body, { 'idempotency-key': 'crashed-checkout' });
      assert.equal(repeat.headers['idempotent-replayed'], 'true');
      assert.equal(repeat.json().payment_url, retry.json().payment_url);
    });

    test('within the lease a repeat still waits and then gets 409 idempotency_in_progress; a moved clock lets it through', async () => {
      const digest = requestDigest('test', {});
      const now = Date.now();
      await strandedClaim('live-claim', digest, now);
      let ran = 0;
      const work = async () => ({ status: 200, body: { n: ++ran } });
      await assert.rejects(
        withIdempotency(t.db, { apiKeyId, key: 'live-claim', digest }, work, { waitLimitMs: 50 }),
        (err: { code?: string }) => err.code === 'idempotency_in_progress',
      );
      assert.equal(ran, 0);
      const later = await withIdempotency(t.db, { apiKeyId, key: 'live-claim', digest }, work, { now: () => now + IDEMPOTENCY_LEASE_MS });
      assert.deepEqual(later, { status: 200, body: { n: 1 }, replayed: false });
      const replay = await withIdempotency(t.db, { apiKeyId, key: 'live-claim', digest }, work, { now: () => now + IDEMPOTENCY_LEASE_MS });
      assert.equal(replay.replayed, true);
      assert.equal(ran, 1);
    });

    test('concurrent retries of an expired claim run the work once', async () => {
      const digest = requestDigest('test', { c: 1 });
      await strandedClaim('expired-burst', digest, Date.now() - IDEMPOTENCY_LEASE_MS - 1);
      let ran = 0;
      const work = async () => {
        ran++;
        await new Promise((r) => setTimeout(r, 50));
        return { status: 200, body: { ok: true } };
      };
      const results = await Promise.all(Array.from({ length: 6 }, () => withIdempotency(t.db, { apiKeyId, key: 'expired-burst', digest }, work)));
      assert.equal(ran, 1);
      assert.equal(results.filter((r) => !r.replayed).length, 1);
    });

    test('releaseExpiredClaims removes only in-progress claims past their lease', async () => {
      const now = Date.now();
      await strandedClaim('old-claim', 'd', now - IDEMPOTENCY_LEASE_MS - 1);
      await strandedClaim('young-claim', 'd', now - 1000);
      assert.ok((await releaseExpiredClaims(t.db, now)) >= 1);
      const left = await t.db.selectFrom('idempotency_keys').select(['idempotency_key', 'state']).where('state', '=', 'in_progress').execute();
      assert.deepEqual(
        left.map((r) => r.idempotency_key),
        ['young-claim'],
      );
    });
  });
}
