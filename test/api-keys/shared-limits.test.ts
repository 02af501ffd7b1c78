import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { seededRandom } from '../seeded.js';
import { buildTestApp, seedKey, show, type TestApp } from '../harness.js';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/server.js';
import { addDays, today } from '../../src/lib/dates.js';
import { createAdmin, createSession } from '../../src/modules/admins/service.js';
import { SESSION_COOKIE } from '../../src/http/plugins/admin-session.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Mid-minute, so a rate-limit window never rolls over during a test; a random hour ahead per run keeps Redis counters
// apart. SHARED_LIMITS_SEED=<printed seed> replays that hour (a minute later, once the run's Redis counters expired).
const T0 = Math.floor(Date.now() / 60_000) * 60_000 + 30_000 + seededRandom('SHARED_LIMITS_SEED').int(0, 65_535) * 3_600_000;

/** Another server instance on the same database (its own process state: limiter, usage counter, connection pool). */
async function anotherInstance(t: TestApp, env: { redisUrl?: string }, now: () => number) {
  const config = { ...t.config, redisUrl: env.redisUrl };
  const db = await openDatabase(config);
  const app = await buildApp({ config, db, appKey: t.appKey, logger: false, now });
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}

const me = (app: TestApp['app'], key: string) => app.inject({ method: 'GET', url: '/api/me', headers: { 'rt-uddoktapay-api-key': key } });

for (const dialect of dialects) {
  test(`${dialect}: with REDIS_URL two instances share one key's rate limit`, async () => {
    const t = await buildTestApp(dialect, { REDIS_URL }, { now: () => T0 });
    const second = await anotherInstance(t, { redisUrl: REDIS_URL }, () => T0);
    const alone = await anotherInstance(t, {}, () => T0);
    try {
      const { key } = await seedKey(t, { rate_limit_per_minute: 4 });
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push((await me(t.app, key)).statusCode, (await me(second.app, key)).statusCode);
      assert.deepEqual(answers, [200, 200, 200, 200, 429, 429], 'four requests in the minute across both instances, then 429 on either');
      const over = await me(second.app, key);
      assert.equal(over.json().code, 'rate_limited');
      assert.ok(Number(over.headers['retry-after']) > 0);
      assert.equal((await me(alone.app, key)).statusCode, 200, 'an instance without REDIS_URL counts alone');
    } finally {
      await second.close();
      await alone.close();
      await t.close();
    }
  });

  test(`${dialect}: Redis unreachable: valid keys are let through and it is logged`, async () => {
    const t = await buildTestApp(dialect, { REDIS_URL: 'redis://127.0.0.1:1' }, { now: () => T0 });
    try {
      const { key } = await seedKey(t, { rate_limit_per_minute: 1 });
      for (let i = 0; i < 3; i++) assert.equal((await me(t.app, key)).statusCode, 200, 'fail open');
      assert.match(t.logs(), /Redis is unreachable/);
      const bad = await me(t.app, key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a'));
      assert.equal(bad.statusCode, 401, 'an invalid key is still refused');
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: usage counts by outcome equal the requests made, across a restart and two instances`, async () => {
    const now = T0;
    const t = await buildTestApp(dialect, {}, { now: () => now });
    try {
      const { key, id } = await seedKey(t, { abilities: ['payment:verify'], rate_limit_per_minute: 1000, allowed_ips: ['127.0.0.1'] });
      const checkout = () => t.app.inject({ method: 'POST', url: '/api/checkout-v2', headers: { 'rt-uddoktapay-api-key': key }, payload: {} });
      for (let i = 0; i < 5; i++) assert.equal((await me(t.app, key)).statusCode, 200);
      for (let i = 0; i < 2; i++) assert.equal((await checkout()).statusCode, 403);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/me', remoteAddress: '10.9.9.9', headers: { 'rt-uddoktapay-api-key': key } })).statusCode,
        403,
      );

      // A restart: the first process writes its counts at shutdown, the next one adds to them.
      await t.app.close();
      const next = await anotherInstance(t, {}, () => now);
      const other = await anotherInstance(t, {}, () => now);
      try {
        for (let i = 0; i < 3; i++) assert.equal((await me(next.app, key)).statusCode, 200);
        for (let i = 0; i < 4; i++) assert.equal((await me(other.app, key)).statusCode, 200);
        await t.db.updateTable('api_keys').set({ is_active: 0 }).where('id', '=', id).execute();
        assert.equal((await me(next.app, key)).statusCode, 401);
        await t.db.updateTable('api_keys').set({ is_active: 1, expires_on: '2026-01-01' }).where('id', '=', id).execute();
        assert.equal((await me(other.app, key)).statusCode, 401);
        await other.close();

        const day = today('Asia/Dhaka', T0);
        const { token } = await createSession(t.db, await createAdmin(t.db, { email: 'usage@example.com', password: 'correct horse battery' }), null);
        const usage = (days: string) =>
          next.app.inject({ method: 'GET', url: `/admin/api/brands/default/api-keys/${id}/usage?days=${days}`, cookies: { [SESSION_COOKIE]: token } });
        const res = await usage('30');
        assert.equal(res.statusCode, 200, show(res));
        const days = res.json().days as { date: string }[];
        assert.equal(days.length, 30);
        assert.equal(days[29]!.date, day);
        assert.equal(days[0]!.date, addDays(day, -29));
        assert.deepEqual(days[29], { date: day, ok: 12, ability_missing: 2, ip_not_allowed: 1, rate_limited: 0, api_key_inactive: 1, api_key_expired: 1 });
        assert.ok(days.slice(0, 29).every((d) => Object.entries(d).every(([k, v]) => k === 'date' || Number(v) === 0)));
        for (const bad of ['0', '91', 'x', '1.5']) {
          const r = await usage(bad);
          assert.equal(r.statusCode, 400, show(r));
          assert.equal(r.json().field, 'days');
        }
      } finally {
        await next.close();
      }
    } finally {
      await t.close();
    }
  });
}
