import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from '../src/config/index.js';
import { FailureLimiter } from '../src/http/plugins/failure-limiter.js';
import { dialects } from './dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin } from './harness.js';

const CLIENT = '203.0.113.7';

test('TRUST_PROXY takes false, a hop count or proxy addresses/CIDRs, and refuses true with the way out', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,fd00::/8' }).trustProxy, ['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
  assert.throws(
    () => loadConfig({ TRUST_PROXY: 'true' }),
    (err: Error) =>
      err instanceof ConfigError && /TRUST_PROXY=true would trust every X-Forwarded-For entry/.test(err.message) && /number of proxies/.test(err.message),
  );
  assert.throws(() => loadConfig({ TRUST_PROXY: '10.0.0.0/40' }), /"10.0.0.0\/40" is not an IP address or CIDR range/);
  assert.throws(() => loadConfig({ TRUST_PROXY: 'proxy.internal' }), /"proxy.internal" is not an IP address or CIDR range/);
});

/** Each setting with the address the proxy connects from. */
const SETTINGS = [
  { trust: '1', proxy: '127.0.0.1' },
  { trust: '10.0.0.0/8,127.0.0.1', proxy: '10.1.2.3' },
];

for (const dialect of dialects) {
  for (const { trust, proxy } of SETTINGS) {
    test(`${dialect}: with TRUST_PROXY=${trust} a client's own X-Forwarded-For entry never becomes its address`, async () => {
      const t = await buildTestApp(dialect, { TRUST_PROXY: trust }, { limiter: new FailureLimiter(3, 60_000) });
      try {
        // The client writes `spoof`; the proxy appends the address it saw.
        const via = (spoof: string) => ({ remoteAddress: proxy, headers: { 'x-forwarded-for': `${spoof}, ${CLIENT}` } });
        const { id, key } = await seedKey(t);

        // The failure limiter counts the real address, whatever the client claims.
        for (let i = 0; i < 3; i++) {
          const res = await t.app.inject({
            method: 'GET',
            url: '/api/me',
            headers: { ...via(`198.51.100.${i}`).headers, 'rt-uddoktapay-api-key': 'bad' },
            remoteAddress: proxy,
          });
          assert.equal(res.statusCode, 401, show(res));
        }
        const blocked = await t.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: { ...via('198.51.100.99').headers, 'rt-uddoktapay-api-key': 'bad' },
          remoteAddress: proxy,
        });
        assert.equal(blocked.statusCode, 429, show(blocked));

        // last_used_ip is the real address.
        const me = await t.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: { ...via('192.0.2.1').headers, 'rt-uddoktapay-api-key': key },
          remoteAddress: proxy,
        });
        assert.equal(me.statusCode, 200, show(me));
        let lastUsedIp: string | null = null;
        for (let i = 0; i < 100 && lastUsedIp === null; i++) {
          lastUsedIp = (await t.db.selectFrom('api_keys').select('last_used_ip').where('id', '=', id).executeTakeFirstOrThrow()).last_used_ip;
          if (lastUsedIp === null) await new Promise((r) => setTimeout(r, 20));
        }
        assert.equal(lastUsedIp, CLIENT);

        // The audit log records the real address.
        const admin = await signedInAdmin(t);
        const created = await admin.inject({
          method: 'POST',
          url: '/admin/api/brands/default/api-keys',
          payload: { name: 'Shop', abilities: ['payment:verify'] },
          ...via('192.0.2.2'),
        });
        assert.equal(created.statusCode, 201, show(created));
        const audit = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/audit-log?subject=api_key', ...via('192.0.2.3') });
        assert.equal(audit.json().entries[0].ip, CLIENT, show(audit));

        // The sign-in limiter counts the real address too (no storage involved; password hashing is slow, so once).
        for (let i = 0; i < 5 && dialect === 'sqlite'; i++) {
          const wrong = await t.app.inject({
            method: 'POST',
            url: '/admin/api/session',
            payload: { email: admin.admin.email, password: 'not the password' },
            ...via(`198.51.100.${i}`),
          });
          assert.equal(wrong.statusCode, 401, show(wrong));
        }
        if (dialect === 'sqlite') {
          const throttled = await t.app.inject({
            method: 'POST',
            url: '/admin/api/session',
            payload: { email: admin.admin.email, password: 'not the password' },
            ...via('198.51.100.77'),
          });
          assert.equal(throttled.statusCode, 429, show(throttled));
        }

        if (Array.isArray(t.config.trustProxy)) {
          // A client that reaches Duar directly is not a listed proxy: its header is ignored.
          const direct = await t.app.inject({
            method: 'GET',
            url: '/api/me',
            headers: { 'x-forwarded-for': CLIENT, 'rt-uddoktapay-api-key': 'bad' },
            remoteAddress: '198.51.100.200',
          });
          assert.equal(direct.statusCode, 401, `${show(direct)}: not blocked as ${CLIENT}`);
        }
      } finally {
        await t.close();
      }
    });
  }
}
