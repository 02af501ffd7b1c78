import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { createBrand } from '../../src/modules/brands/service.js';
import { api, createInvoice, enableWallet, paySandbox, payWallet, verify } from '../payments/helpers.js';
import { startReceiver, testWorker } from '../webhooks/support.js';

const KEYS = '/admin/api/brands/default/api-keys';
const all = ['payment:checkout', 'payment:verify', 'payment:refund'];
// Mid-minute, so a rate-limit window never rolls over during a test.
const T0 = Date.UTC(2026, 10, 27, 6, 0, 30);

async function withApp(
  dialect: (typeof dialects)[number],
  fn: (t: TestApp, admin: Awaited<ReturnType<typeof signedInAdmin>>, clock: { now: number }) => Promise<void>,
  env: Record<string, string> = {},
) {
  const clock = { now: T0 };
  const t = await buildTestApp(dialect, env, { now: () => clock.now });
  try {
    await fn(t, await signedInAdmin(t), clock);
  } finally {
    await t.close();
  }
}

const me = (t: TestApp, key: string, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: '/api/me', remoteAddress, headers: { 'rt-uddoktapay-api-key': key, ...headers } });

for (const dialect of dialects) {
  test(`${dialect}: test keys start with duar_test_, live is the default, and each mode sees only its own payments`, () =>
    withApp(dialect, async (t, admin) => {
      const created = await admin.inject({ method: 'POST', url: KEYS, payload: { name: 'Plugin test', abilities: all, mode: 'test' } });
      assert.equal(created.statusCode, 201, show(created));
      const testKey = created.json().key as string;
      assert.match(testKey, /^duar_test_[0-9A-Za-z]{16}_[0-9A-Za-z]{38}$/);
      assert.equal(created.json().api_key.mode, 'test');
      assert.equal(created.json().api_key.key_label, `duar_test_…${created.json().api_key.id.slice(-6)}`);
      const live = await admin.inject({ method: 'POST', url: KEYS, payload: { name: 'Shop', abilities: all } });
      const liveKey = live.json().key as string;
      assert.match(liveKey, /^duar_[0-9A-Za-z]{16}_/);
      assert.equal(live.json().api_key.mode, 'live');
      const bad = await admin.inject({ method: 'POST', url: KEYS, payload: { name: 'x', abilities: all, mode: 'sandbox' } });
      assert.equal(bad.statusCode, 400, show(bad));
      assert.deepEqual([bad.json().code, bad.json().field], ['invalid_request', 'mode']);
      assert.match(bad.json().message, /Mode/);
      const changeMode = await admin.inject({ method: 'PATCH', url: `${KEYS}/${live.json().api_key.id}`, payload: { mode: 'test' } });
      assert.equal(changeMode.statusCode, 400, 'the mode is fixed at creation');

      await enableWallet(t, 'bkash');
      const liveInvoice = await createInvoice(t, liveKey);
      await payWallet(t, liveInvoice, 'LIVE123456');
      const testInvoice = await createInvoice(t, testKey);
      await paySandbox(t, testInvoice);
      const liveTrx = (await verify(t, liveKey, liveInvoice)).transaction_id;
      const testTrx = (await verify(t, testKey, testInvoice)).transaction_id;
      await t.db.updateTable('payments').set({ status: 'completed' }).where('invoice_id', '=', liveInvoice).execute();

      const unknown = await api(t, liveKey)('/api/verify-payment', { invoice_id: 'doesnotexist' });
      for (const [key, invoice] of [
        [testKey, liveInvoice],
        [liveKey, testInvoice],
      ] as const) {
        const res = await api(t, key)('/api/verify-payment', { invoice_id: invoice });
        assert.equal(res.statusCode, unknown.statusCode, show(res));
        assert.deepEqual(res.json(), JSON.parse(unknown.body.replaceAll('doesnotexist', invoice)), 'answers exactly as an unknown invoice');
      }
      for (const [key, trx] of [
        [testKey, liveTrx],
        [liveKey, testTrx],
      ] as const) {
        const res = await api(t, key)('/api/refund-payment', { transaction_id: trx, amount: '1' });
        assert.equal(res.statusCode, 404, show(res));
        assert.equal(res.json().code, 'payment_not_found');
      }
      const refunded = await t.db.selectFrom('payments').select(['refunded_amount']).where('invoice_id', 'in', [liveInvoice, testInvoice]).execute();
      assert.ok(
        refunded.every((r) => r.refunded_amount === 0),
        'nothing was refunded',
      );
    }));

  test(`${dialect}: existing keys stay valid and live after the migration`, () =>
    withApp(dialect, async (t) => {
      const { key, id } = await seedKey(t);
      const row = await t.db
        .selectFrom('api_keys')
        .select(['mode', 'allowed_ips', 'rate_limit_per_minute', 'note'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { mode: 'live', allowed_ips: '[]', rate_limit_per_minute: null, note: null });
      assert.equal((await me(t, key)).statusCode, 200);
    }));

  test(`${dialect}: rolling a key: the new key is shown once, the old one works until the grace ends, then is refused as expired`, () =>
    withApp(dialect, async (t, admin, clock) => {
      const created = await admin.inject({
        method: 'POST',
        url: KEYS,
        payload: {
          name: 'Shop',
          abilities: ['payment:verify'],
          mode: 'test',
          note: 'WooCommerce on shop.example.com',
          allowed_ips: ['127.0.0.1'],
          rate_limit_per_minute: 100,
          expires_at: '31/12/2099',
        },
      });
      const old = created.json().api_key;
      const oldKey = created.json().key as string;
      const rolled = await admin.inject({ method: 'POST', url: `${KEYS}/${old.id}/roll`, payload: { grace: '24h' } });
      assert.equal(rolled.statusCode, 201, show(rolled));
      assert.equal(rolled.headers['cache-control'], 'no-store');
      const { api_key: fresh, key: newKey } = rolled.json();
      assert.match(newKey, /^duar_test_/);
      assert.notEqual(fresh.id, old.id);
      for (const field of ['name', 'abilities', 'expires_at', 'mode', 'note', 'allowed_ips', 'rate_limit_per_minute', 'is_active']) {
        assert.deepEqual(fresh[field], old[field], `${field} is carried over`);
      }

      const list = (await admin.inject({ method: 'GET', url: KEYS })).json().api_keys;
      assert.equal(list.length, 2);
      const listedOld = list.find((k: { id: string }) => k.id === old.id);
      assert.equal(listedOld.ends_at, new Date(T0 + 86_400_000).toISOString(), 'the old key shows when it stops working');
      assert.equal(listedOld.rolled_to, fresh.id);
      assert.ok(!JSON.stringify(list).includes(newKey.slice(27)), 'the new key is not shown again');

      assert.equal((await me(t, oldKey)).statusCode, 200, 'the old key works during the grace period');
      assert.equal((await me(t, newKey)).statusCode, 200);
      clock.now = T0 + 86_400_000 - 1;
      assert.equal((await me(t, oldKey)).statusCode, 200, 'until the last millisecond');
      clock.now = T0 + 86_400_000;
      const refused = await me(t, oldKey);
      assert.equal(refused.statusCode, 401, show(refused));
      assert.equal(refused.json().code, 'api_key_expired');
      assert.equal((await me(t, newKey)).statusCode, 200);

      const again = await admin.inject({ method: 'POST', url: `${KEYS}/${old.id}/roll`, payload: { grace: 'now' } });
      assert.equal(again.statusCode, 409, show(again));
      assert.equal(again.json().code, 'api_key_already_rolled');

      const audit = (await admin.inject({ method: 'GET', url: `/admin/api/brands/default/audit-log?subject=api_key` })).json().entries;
      assert.ok(
        audit.some((e: { action: string; target_id: string }) => e.action === 'api_key.rolled' && e.target_id === old.id),
        JSON.stringify(audit),
      );
    }));

  test(`${dialect}: rolling refuses bad grace, deleted keys and other brands' keys, changing nothing`, () =>
    withApp(dialect, async (t, admin) => {
      const { id } = await seedKey(t);
      const count = async () => (await t.db.selectFrom('api_keys').select('id').execute()).length;
      const before = await count();
      for (const grace of ['2h', '', 24, null, undefined]) {
        const res = await admin.inject({ method: 'POST', url: `${KEYS}/${id}/roll`, payload: grace === undefined ? {} : { grace } });
        assert.equal(res.statusCode, 400, show(res));
        assert.deepEqual([res.json().code, res.json().field], ['invalid_request', 'grace']);
        assert.match(res.json().message, /grace/);
      }
      const other = await createBrand(t.db, { slug: 'other', name: 'Other', timezone: 'UTC', currency: 'USD' }, { label: 'test', ip: null });
      const foreign = await seedKey(t, {}, other);
      const res = await admin.inject({ method: 'POST', url: `${KEYS}/${foreign.id}/roll`, payload: { grace: 'now' } });
      assert.equal(res.statusCode, 404, show(res));
      assert.equal(res.json().code, 'api_key_not_found');
      const deleted = await seedKey(t);
      await admin.inject({ method: 'DELETE', url: `${KEYS}/${deleted.id}` });
      const gone = await admin.inject({ method: 'POST', url: `${KEYS}/${deleted.id}/roll`, payload: { grace: '1h' } });
      assert.equal(gone.statusCode, 404, show(gone));
      assert.equal(await count(), before + 1, 'only the other brand’s key was added');
      const row = await t.db.selectFrom('api_keys').select(['rolled_to_id', 'ends_at']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { rolled_to_id: null, ends_at: null });
    }));

  test(`${dialect}: a rolled key's IPN carries the old key until the new key's first request, then the new key`, () =>
    withApp(
      dialect,
      async (t, admin) => {
        const receiver = await startReceiver();
        try {
          const { key: oldKey, id } = await seedKey(t, { mode: 'test' });
          const first = await createInvoice(t, oldKey, { webhook_url: `${receiver.base}/ipn` });
          const second = await createInvoice(t, oldKey, { webhook_url: `${receiver.base}/ipn` });
          const rolled = await admin.inject({ method: 'POST', url: `${KEYS}/${id}/roll`, payload: { grace: '7d' } });
          const newKey = rolled.json().key as string;

          await paySandbox(t, first);
          const { worker } = testWorker(t);
          await worker.runOnce();
          assert.equal(receiver.requests.length, 1);
          assert.equal(receiver.requests[0]!.headers['rt-uddoktapay-api-key'], oldKey, 'the new key has made no request yet');

          assert.equal((await me(t, newKey)).statusCode, 200);
          await paySandbox(t, second);
          await worker.stop();
          const { worker: later } = testWorker(t);
          await later.runOnce();
          await later.stop();
          assert.equal(receiver.requests.length, 2);
          assert.equal(receiver.requests[1]!.headers['rt-uddoktapay-api-key'], newKey, 'after its first request, the new key');
        } finally {
          await receiver.close();
        }
      },
      { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' },
    ));

  test(`${dialect}: allowed IPs: IPv4, IPv6 and CIDR, validated and normalised; other addresses get 403 ip_not_allowed`, () =>
    withApp(dialect, async (t, admin) => {
      const created = await admin.inject({
        method: 'POST',
        url: KEYS,
        payload: { name: 'Locked', abilities: all, allowed_ips: ['203.0.113.7', '10.1.2.3/8', '2001:DB8:0:0::/32'] },
      });
      assert.equal(created.statusCode, 201, show(created));
      assert.deepEqual(created.json().api_key.allowed_ips, ['203.0.113.7', '10.0.0.0/8', '2001:db8::/32']);
      const key = created.json().key as string;
      for (const ip of ['203.0.113.7', '10.200.0.1', '2001:db8:ffff::1', '::ffff:10.0.0.9']) assert.equal((await me(t, key, ip)).statusCode, 200, ip);
      for (const ip of ['203.0.113.8', '11.0.0.1', '2001:db9::1']) {
        const res = await me(t, key, ip);
        assert.equal(res.statusCode, 403, show(res));
        assert.equal(res.json().code, 'ip_not_allowed');
      }
      const id = created.json().api_key.id;
      for (const bad of [['10.0.0.0/33'], ['1.2.3'], ['2001:db8::/129'], ['localhost'], 'any', [7]]) {
        const res = await admin.inject({ method: 'PATCH', url: `${KEYS}/${id}`, payload: { allowed_ips: bad } });
        assert.equal(res.statusCode, 400, show(res));
        assert.equal(res.json().field, 'allowed_ips', show(res));
        if (Array.isArray(bad)) assert.equal(res.json().code, 'invalid_ip_address');
      }
      const cleared = await admin.inject({ method: 'PATCH', url: `${KEYS}/${id}`, payload: { allowed_ips: [] } });
      assert.deepEqual(cleared.json().api_key.allowed_ips, []);
      assert.equal((await me(t, key, '198.51.100.1')).statusCode, 200, 'empty = any address');
    }));

  test(`${dialect}: allowed IPs honour TRUST_PROXY (the address Fastify computes from X-Forwarded-For)`, () =>
    withApp(
      dialect,
      async (t) => {
        const { key } = await seedKey(t, { allowed_ips: ['198.51.100.20'] });
        assert.equal((await me(t, key, '10.0.0.1', { 'x-forwarded-for': '198.51.100.20' })).statusCode, 200);
        const res = await me(t, key, '198.51.100.20', { 'x-forwarded-for': '203.0.113.1' });
        assert.equal(res.statusCode, 403, show(res));
      },
      { TRUST_PROXY: '1' },
    ));

  test(`${dialect}: key settings refuse bad rate limits and long notes, naming the field, writing nothing`, () =>
    withApp(dialect, async (t, admin) => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ rate_limit_per_minute: 0 }, 'rate_limit_per_minute', 'Rate limit'],
        [{ rate_limit_per_minute: -5 }, 'rate_limit_per_minute', 'Rate limit'],
        [{ rate_limit_per_minute: 1.5 }, 'rate_limit_per_minute', 'Rate limit'],
        [{ rate_limit_per_minute: 'ten a minute' }, 'rate_limit_per_minute', 'Rate limit'],
        [{ rate_limit_per_minute: true }, 'rate_limit_per_minute', 'Rate limit'],
        [{ note: 'x'.repeat(501) }, 'note', 'Note'],
        [{ mode: 'production' }, 'mode', 'Mode'],
      ];
      // Messages name each field as the key form labels it.
      for (const [extra, field, label] of cases) {
        const res = await admin.inject({ method: 'POST', url: KEYS, payload: { name: 'k', abilities: all, ...extra } });
        assert.equal(res.statusCode, 400, show(res));
        assert.deepEqual([res.json().code, res.json().field], ['invalid_request', field]);
        assert.match(res.json().message, new RegExp(label));
      }
      assert.equal((await t.db.selectFrom('api_keys').select('id').execute()).length, 0);
      const ok = await admin.inject({ method: 'POST', url: KEYS, payload: { name: 'k', abilities: all, note: 'x'.repeat(500), rate_limit_per_minute: 1 } });
      assert.equal(ok.statusCode, 201, show(ok));
      assert.equal(ok.json().api_key.note.length, 500);
      const cleared = await admin.inject({ method: 'PATCH', url: `${KEYS}/${ok.json().api_key.id}`, payload: { note: null, rate_limit_per_minute: null } });
      assert.deepEqual([cleared.json().api_key.note, cleared.json().api_key.rate_limit_per_minute], [null, null]);
    }));

  test(`${dialect}: rate limit per key in process: 429 rate_limited with Retry-After and RateLimit headers`, () =>
    withApp(dialect, async (t) => {
      const { key } = await seedKey(t, { rate_limit_per_minute: 3 });
      const { key: other } = await seedKey(t);
      for (let i = 1; i <= 3; i++) {
        const res = await me(t, key);
        assert.equal(res.statusCode, 200, show(res));
        assert.equal(res.headers['ratelimit-limit'], '3');
        assert.equal(res.headers['ratelimit-remaining'], String(3 - i));
        assert.equal(res.headers['ratelimit-reset'], '30');
      }
      const over = await me(t, key);
      assert.equal(over.statusCode, 429, show(over));
      assert.equal(over.json().code, 'rate_limited');
      assert.equal(over.headers['retry-after'], '30');
      assert.equal(over.headers['ratelimit-remaining'], '0');
      assert.equal((await me(t, other)).statusCode, 200, 'another key from the same address is not limited');
      assert.equal(over.headers['ratelimit-limit'], '3');
    }));
}
