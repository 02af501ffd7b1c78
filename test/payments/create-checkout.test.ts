import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { endpoints } from '../../src/http/endpoints.js';
import { dialects } from '../dialects.js';
import { apiAuthSuite } from '../auth-suite.js';
import { buildTestApp, seedKey, show, type TestApp } from '../harness.js';
import { api, checkoutBody, createInvoice, enableWallet } from './helpers.js';

const checkoutEndpoints = endpoints.filter((e) => e.operation === 'create-checkout');

for (const dialect of dialects) {
  for (const endpoint of checkoutEndpoints) apiAuthSuite(dialect, { ...endpoint, body: () => checkoutBody() });

  describe(`${dialect}: POST /api/checkout-v2`, () => {
    let t: TestApp;
    let key: string;
    before(async () => {
      t = await buildTestApp(dialect);
      key = (await seedKey(t)).key;
    });
    after(() => t.close());

    test('answers 200 with status true, "Payment Url" and the hosted page URL on every checkout path', async () => {
      for (const e of checkoutEndpoints) {
        const res = await api(t, key)(e.path, checkoutBody());
        assert.equal(res.statusCode, 200, show(res));
        const body = res.json();
        assert.deepEqual(Object.keys(body), ['status', 'message', 'payment_url'], show(res));
        assert.equal(body.status, true);
        assert.equal(body.message, 'Payment Url');
        assert.match(body.payment_url, /^http:\/\/duar\.test\/payment\/[0-9A-Za-z]{20}$/);
      }
    });

    test('accepts amount as string or number, metadata as object, JSON string or [], return_type and currency in any case, and ignores unknown fields', async () => {
      for (const extra of [
        { amount: 10 },
        { amount: 12.5 },
        { amount: '12.50' },
        { metadata: '{"invoice_id":"7"}' },
        { metadata: [] },
        { return_type: 'get' },
        { return_type: 'Post' },
        { phone: '01711111111', currency: ' bdt ', anything: { x: 1 } },
      ]) {
        const res = await api(t, key)('/api/checkout-v2', checkoutBody(extra));
        assert.equal(res.statusCode, 200, `${JSON.stringify(extra)} → ${show(res)}`);
      }
    });

    test('refuses invalid fields with status false, a message naming the field and a stable code', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ full_name: undefined }, 'full_name', 'invalid_request'],
        [{ full_name: '  ' }, 'full_name', 'invalid_request'],
        [{ email: 'not-an-email' }, 'email', 'invalid_request'],
        [{ amount: undefined }, 'amount', 'invalid_amount'],
        [{ amount: 0 }, 'amount', 'invalid_amount'],
        [{ amount: '-5' }, 'amount', 'invalid_amount'],
        [{ amount: '10.005' }, 'amount', 'invalid_amount'],
        [{ amount: 'ten' }, 'amount', 'invalid_amount'],
        [{ metadata: 'not json' }, 'metadata', 'invalid_request'],
        [{ metadata: [1, 2] }, 'metadata', 'invalid_request'],
        [{ metadata: 5 }, 'metadata', 'invalid_request'],
        [{ redirect_url: 'javascript:alert(1)' }, 'redirect_url', 'invalid_request'],
        [{ redirect_url: undefined }, 'redirect_url', 'invalid_request'],
        [{ cancel_url: 'ftp://x' }, 'cancel_url', 'invalid_request'],
        [{ return_type: 'PUT' }, 'return_type', 'invalid_request'],
        [{ webhook_url: 'not a url' }, 'webhook_url', 'invalid_request'],
      ];
      for (const [extra, field, code] of cases) {
        const res = await api(t, key)('/api/checkout-v2', checkoutBody(extra));
        assert.equal(res.statusCode, 400, `${JSON.stringify(extra)} → ${show(res)}`);
        const body = res.json();
        assert.equal(body.status, false, show(res));
        assert.equal(body.code, code, show(res));
        assert.equal(body.field, field, show(res));
        assert.ok(body.message.includes(field), show(res));
      }
      const count = await t.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const res = await api(t, key)('/api/checkout-v2', 'just a string');
      assert.equal(res.statusCode, 400, show(res));
      const again = await t.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(again.n), Number(count.n), 'refused requests write nothing');
    });

    test('refuses malformed JSON with status false', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/checkout-v2',
        headers: { 'rt-uddoktapay-api-key': key, 'content-type': 'application/json' },
        payload: '{"full_name":',
      });
      assert.equal(res.statusCode, 400, show(res));
      assert.equal(res.json().status, false);
      assert.equal(res.json().code, 'invalid_json');
    });

    test('the variant limits the methods the page offers', async () => {
      await enableWallet(t, 'nagad');
      const mfs = await createInvoice(t, key, {}, '/api/checkout-v2/mfs');
      const global = await createInvoice(t, key, {}, '/api/checkout-v2/global');
      const mfsPage = (await t.app.inject({ method: 'GET', url: `/payment/${mfs}` })).body;
      const globalPage = (await t.app.inject({ method: 'GET', url: `/payment/${global}` })).body;
      assert.ok(mfsPage.includes('Nagad'));
      assert.ok(!globalPage.includes('Nagad'), 'global checkouts do not offer local wallets');
    });

    test('Idempotency-Key: a repeat returns the first response, another body is refused, concurrent repeats create one payment', async () => {
      const call = api(t, key);
      const first = await call('/api/checkout-v2', checkoutBody(), { 'idempotency-key': 'order-42' });
      const repeat = await call('/api/checkout-v2', checkoutBody(), { 'idempotency-key': 'order-42' });
      assert.equal(first.statusCode, 200, show(first));
      assert.equal(repeat.statusCode, 200, show(repeat));
      assert.equal(repeat.json().payment_url, first.json().payment_url);
      assert.equal(repeat.headers['idempotent-replayed'], 'true');
      const other = await call('/api/checkout-v2', checkoutBody({ amount: '101' }), { 'idempotency-key': 'order-42' });
      assert.equal(other.statusCode, 422, show(other));
      assert.equal(other.json().code, 'idempotency_key_reused');
      assert.equal(other.json().status, false);

      const before = await t.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const burst = await Promise.all(
        Array.from({ length: 10 }, () => call('/api/checkout-v2', checkoutBody({ amount: '77' }), { 'idempotency-key': 'burst-1' })),
      );
      for (const res of burst) assert.equal(res.statusCode, 200, show(res));
      assert.equal(new Set(burst.map((r) => r.json().payment_url)).size, 1, 'all ten answers name the same payment');
      const afterCount = await t.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n) - Number(before.n), 1, 'exactly one payment created');

      const bad = await call('/api/checkout-v2', checkoutBody(), { 'idempotency-key': 'x'.repeat(300) });
      assert.equal(bad.statusCode, 400, show(bad));
      assert.equal(bad.json().field, 'Idempotency-Key');
    });

    test('an idempotency key is scoped to the API key', async () => {
      const other = (await seedKey(t)).key;
      const a = await api(t, key)('/api/checkout-v2', checkoutBody(), { 'idempotency-key': 'shared' });
      const b = await api(t, other)('/api/checkout-v2', checkoutBody(), { 'idempotency-key': 'shared' });
      assert.notEqual(a.json().payment_url, b.json().payment_url);
    });

    test('never writes the key into logs', async () => {
      await api(t, key)('/api/checkout-v2', checkoutBody());
      assert.ok(!t.logs().includes(key), 'the key is not logged');
    });
  });
}
