import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import type { Endpoint } from '../src/http/endpoints.js';
import { ABILITIES } from '../src/modules/api-keys/abilities.js';
import { generateKey } from '../src/modules/api-keys/key-format.js';
import { createBrand } from '../src/modules/brands/service.js';
import { FailureLimiter } from '../src/http/plugins/failure-limiter.js';
import type { TestDialect } from './dialects.js';
import { buildTestApp, seedKey, show, type TestApp } from './harness.js';

type Target = Pick<Endpoint, 'method' | 'path' | 'ability' | 'errorStyle'> & { body?: () => unknown };

/**
 * The shared authentication suite (docs/decisions/004-auth-failures-and-errors.md) that every public endpoint runs: each refusal has its status,
 * the endpoint's compatible body and a stable code; each accepted header form gets past authentication.
 */
export function apiAuthSuite(dialect: TestDialect, target: Target) {
  describe(`${dialect}: ${target.method} ${target.path} authentication`, () => {
    let t: TestApp;
    let good: string;
    before(async () => {
      t = await buildTestApp(dialect, {}, { limiter: new FailureLimiter(1000, 60_000) });
      good = (await seedKey(t, { abilities: [...ABILITIES] })).key;
    });
    after(() => t.close());

    const call = (headers: Record<string, string>, extra: Partial<InjectOptions> = {}) =>
      t.app.inject({
        method: target.method,
        url: target.path,
        headers: { 'content-type': 'application/json', ...headers },
        ...(target.method === 'POST' ? { payload: JSON.stringify(target.body?.() ?? {}) } : {}),
        ...extra,
      });

    function assertRefused(res: Awaited<ReturnType<typeof call>>, status: number, code: string) {
      assert.equal(res.statusCode, status, show(res));
      const body = res.json();
      assert.equal(body.code, code, show(res));
      assert.equal(body.status, target.errorStyle === 'verify' ? 'ERROR' : false, show(res));
      assert.equal(typeof body.message, 'string', show(res));
      assert.ok(body.message.length > 0, show(res));
      assert.ok(!res.body.includes('duar_') || code === 'api_key_in_query', `the answer must not echo a key: ${show(res)}`);
    }
    /** Past authentication: answered as the key in the canonical header is (the same status and code), never a 5xx. */
    let canonical: { status: number; code: unknown } | undefined;
    async function assertAccepted(res: Awaited<ReturnType<typeof call>>) {
      const answer = (r: typeof res) => ({ status: r.statusCode, code: r.statusCode >= 400 ? r.json().code : undefined });
      if (!canonical) {
        const first = await call({ 'rt-uddoktapay-api-key': good });
        assert.ok(first.statusCode < 500 && ![401, 403, 429].includes(first.statusCode), `the canonical header is accepted: ${show(first)}`);
        canonical = answer(first);
      }
      assert.ok(res.statusCode < 500, show(res));
      assert.deepEqual(answer(res), canonical, show(res));
    }

    test('refuses a request without a key', async () => assertRefused(await call({}), 401, 'missing_api_key'));
    test('refuses a malformed key', async () => assertRefused(await call({ 'rt-uddoktapay-api-key': 'not-a-key' }), 401, 'invalid_api_key'));
    test('refuses a key with a wrong checksum', async () => {
      const typo = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
      assertRefused(await call({ 'rt-uddoktapay-api-key': typo }), 401, 'invalid_api_key');
    });
    test('refuses a well-formed key that does not exist, with the same message as a malformed one', async () => {
      const unknown = await call({ 'rt-uddoktapay-api-key': generateKey().plaintext });
      const malformed = await call({ 'rt-uddoktapay-api-key': 'nope' });
      assertRefused(unknown, 401, 'invalid_api_key');
      assert.equal(unknown.json().message, malformed.json().message);
    });
    test('refuses an inactive key', async () => {
      const { key } = await seedKey(t, { is_active: false });
      assertRefused(await call({ 'rt-uddoktapay-api-key': key }), 401, 'api_key_inactive');
    });
    test('refuses an expired key', async () => {
      const { id, key } = await seedKey(t);
      await t.db.updateTable('api_keys').set({ expires_on: '2020-01-01' }).where('id', '=', id).execute();
      assertRefused(await call({ 'rt-uddoktapay-api-key': key }), 401, 'api_key_expired');
    });
    if (target.ability) {
      test(`refuses a key without ${target.ability}, naming the ability`, async () => {
        const { key } = await seedKey(t, { abilities: ABILITIES.filter((a) => a !== target.ability) });
        const res = await call({ 'rt-uddoktapay-api-key': key });
        assertRefused(res, 403, 'ability_missing');
        assert.ok(res.json().message.includes(target.ability!), show(res));
      });
    }
    test("refuses a key under another brand's prefix", async () => {
      await createBrand(
        t.db,
        { slug: `other-${Math.random().toString(36).slice(2, 8)}`, name: 'Other', timezone: 'Asia/Dhaka', currency: 'BDT' },
        { label: 'test', ip: null },
      ).then(async (other) => {
        assertRefused(await call({ 'rt-uddoktapay-api-key': good }, { url: `/${other.slug}${target.path}` }), 401, 'invalid_api_key');
      });
    });
    test('answers 404 for an unknown brand prefix', async () => {
      const res = await call({ 'rt-uddoktapay-api-key': good }, { url: `/no-such-brand${target.path}` });
      assert.equal(res.statusCode, 404, show(res));
    });
    test('accepts the key under its own brand prefix and with a doubled slash', async () => {
      await assertAccepted(await call({ 'rt-uddoktapay-api-key': good }, { url: `/default${target.path}` }));
      await assertAccepted(await call({ 'rt-uddoktapay-api-key': good }, { url: `/${target.path}` }));
    });
    for (const [name, headers] of [
      ['RT-UDDOKTAPAY-API-KEY', (k: string) => ({ 'RT-UDDOKTAPAY-API-KEY': k })],
      ['rt-uddoktapay-api-key (lowercase)', (k: string) => ({ 'rt-uddoktapay-api-key': k })],
      ['X-API-KEY', (k: string) => ({ 'X-API-KEY': k })],
      ['Authorization: Bearer', (k: string) => ({ authorization: `Bearer ${k}` })],
    ] as const) {
      test(`accepts the key in ${name}`, async () => assertAccepted(await call(headers(good))));
    }
    test('accepts the same key sent in two headers', async () => {
      await assertAccepted(await call({ 'rt-uddoktapay-api-key': good, 'x-api-key': good }));
    });
    test('refuses two different keys in one request', async () => {
      const { key: other } = await seedKey(t);
      assertRefused(await call({ 'rt-uddoktapay-api-key': good, authorization: `Bearer ${other}` }), 400, 'conflicting_api_keys');
    });
    test('refuses a key in the query string, even next to a valid header', async () => {
      const sep = target.path.includes('?') ? '&' : '?';
      assertRefused(await call({}, { url: `${target.path}${sep}api_key=${good}` }), 400, 'api_key_in_query');
      assertRefused(await call({ 'rt-uddoktapay-api-key': good }, { url: `${target.path}${sep}x=${good}` }), 400, 'api_key_in_query');
    });
  });

  test(`${dialect}: ${target.method} ${target.path} answers failing attempts 429 with Retry-After after repeated failures, and still accepts a valid key`, async () => {
    const t = await buildTestApp(dialect, {}, { limiter: new FailureLimiter(3, 60_000) });
    try {
      const { key } = await seedKey(t, { abilities: [...ABILITIES] });
      const call = (k: string) =>
        t.app.inject({
          method: target.method,
          url: target.path,
          headers: { 'rt-uddoktapay-api-key': k, 'content-type': 'application/json' },
          ...(target.method === 'POST' ? { payload: JSON.stringify(target.body?.() ?? {}) } : {}),
        });
      for (let i = 0; i < 3; i++) assert.equal((await call('bad')).statusCode, 401);
      const blocked = await call('bad');
      assert.equal(blocked.statusCode, 429, show(blocked));
      assert.equal(blocked.json().code, 'too_many_requests');
      assert.ok(Number(blocked.headers['retry-after']) > 0, 'Retry-After is set');
      // A shared address: others' failures must not lock out a valid key, and failing attempts stay refused.
      const valid = await call(key);
      assert.ok(valid.statusCode < 500 && ![401, 403, 429].includes(valid.statusCode), show(valid));
      assert.equal((await call(`${key}x`)).statusCode, 429);
    } finally {
      await t.close();
    }
  });
}
