import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dialects } from '../dialects.js';
import { buildTestApp, show, signedInAdmin, type TestApp } from '../harness.js';
import { addDays, toDayMonthYear, today } from '../../src/lib/dates.js';

const KEYS = '/admin/api/brands/default/api-keys';
const all = ['payment:checkout', 'payment:verify', 'payment:refund', 'invoice:write', 'invoice:read'];

async function withAdmin(dialect: (typeof dialects)[number], fn: (t: TestApp, admin: Awaited<ReturnType<typeof signedInAdmin>>) => Promise<void>) {
  const t = await buildTestApp(dialect);
  try {
    await fn(t, await signedInAdmin(t));
  } finally {
    await t.close();
  }
}

for (const dialect of dialects) {
  test(`${dialect}: creates a key, shows its value once, and lists it by hint only`, () =>
    withAdmin(dialect, async (_t, admin) => {
      const expires = toDayMonthYear(addDays(today('Asia/Dhaka'), 30));
      const res = await admin.inject({ method: 'POST', url: KEYS, payload: { name: '  WooCommerce shop ', abilities: all, expires_at: expires } });
      assert.equal(res.statusCode, 201, show(res));
      assert.equal(res.headers['cache-control'], 'no-store');
      const { api_key, key } = res.json();
      assert.match(key, /^duar_/);
      assert.equal(api_key.name, 'WooCommerce shop');
      assert.deepEqual(api_key.abilities, all);
      assert.equal(api_key.expires_at, expires);
      assert.equal(api_key.is_active, true);
      assert.equal(api_key.status, 'active');
      assert.ok(key.startsWith(api_key.hint.replace('…', '')), 'the hint is the key’s public start');
      for (const field of ['id', 'created_at', 'updated_at', 'last_used_at', 'last_used_ip']) assert.ok(field in api_key, field);

      const list = await admin.inject({ method: 'GET', url: KEYS });
      assert.equal(list.statusCode, 200, show(list));
      assert.equal(list.json().api_keys.length, 1);
      const one = await admin.inject({ method: 'GET', url: `${KEYS}/${api_key.id}` });
      for (const r of [list, one]) assert.ok(!r.body.includes(key.slice(22)), 'no later response holds the key');
    }));

  test(`${dialect}: refuses bad key input with a field, a code and a readable message, writing nothing`, () =>
    withAdmin(dialect, async (_t, admin) => {
      const yesterday = toDayMonthYear(addDays(today('Asia/Dhaka'), -1));
      const cases: [unknown, number, string, string][] = [
        [{ abilities: all }, 400, 'invalid_request', 'name'],
        [{ name: '   ', abilities: all }, 400, 'invalid_request', 'name'],
        [{ name: 'x'.repeat(101), abilities: all }, 400, 'invalid_request', 'name'],
        [{ name: 42, abilities: all }, 400, 'invalid_request', 'name'],
        [{ name: 'k' }, 400, 'invalid_request', 'abilities'],
        [{ name: 'k', abilities: [] }, 400, 'invalid_request', 'abilities'],
        [{ name: 'k', abilities: 'payment:verify' }, 400, 'invalid_request', 'abilities'],
        [{ name: 'k', abilities: ['payment:everything'] }, 400, 'unknown_ability', 'abilities'],
        [{ name: 'k', abilities: ['payment:verify', 'payment:verify'] }, 400, 'invalid_request', 'abilities'],
        [{ name: 'k', abilities: all, expires_at: '31/02/2027' }, 400, 'invalid_date', 'expires_at'],
        [{ name: 'k', abilities: all, expires_at: '2027-12-31' }, 400, 'invalid_date', 'expires_at'],
        [{ name: 'k', abilities: all, expires_at: '1/1/27' }, 400, 'invalid_date', 'expires_at'],
        [{ name: 'k', abilities: all, expires_at: yesterday }, 400, 'date_in_past', 'expires_at'],
        [{ name: 'k', abilities: all, is_active: 'yes' }, 400, 'invalid_request', 'is_active'],
        [{ name: 'k', abilities: all, key: 'duar_mine' }, 400, 'key_value_immutable', 'key'],
        [{ name: 'k', abilities: all, colour: 'red' }, 400, 'invalid_request', ''],
      ];
      for (const [payload, status, code, field] of cases) {
        const res = await admin.inject({ method: 'POST', url: KEYS, payload: payload as object });
        assert.equal(res.statusCode, status, `${JSON.stringify(payload)} → ${show(res)}`);
        const body = res.json();
        assert.equal(body.status, false, show(res));
        assert.equal(body.code, code, `${JSON.stringify(payload)} → ${show(res)}`);
        if (field) assert.equal(body.field, field, show(res));
        assert.ok(body.message.length > 5 && !body.message.includes('    at '), show(res));
      }
      const dateRes = await admin.inject({ method: 'POST', url: KEYS, payload: { name: 'k', abilities: all, expires_at: '31/02/2027' } });
      assert.match(dateRes.json().message, /dd\/mm\/yyyy/, 'the message shows the expected format');
      const notJson = await admin.inject({ method: 'POST', url: KEYS, headers: { 'content-type': 'application/json' }, payload: '{"name": ' });
      assert.equal(notJson.statusCode, 400, show(notJson));
      assert.equal(notJson.json().code, 'invalid_json');
      assert.equal((await admin.inject({ method: 'GET', url: KEYS })).json().api_keys.length, 0, 'nothing was written');
      const audit = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/audit-log?subject=api_key' });
      assert.equal(audit.json().entries.length, 0);
    }));

  test(`${dialect}: edits change name, abilities, expiry and status but never the value; the API honours each at once`, () =>
    withAdmin(dialect, async (t, admin) => {
      const created = (await admin.inject({ method: 'POST', url: KEYS, payload: { name: 'Shop', abilities: all } })).json();
      const { key } = created;
      const url = `${KEYS}/${created.api_key.id}`;
      const me = () => t.app.inject({ method: 'GET', url: '/api/me', headers: { 'rt-uddoktapay-api-key': key } });
      assert.equal((await me()).statusCode, 200);

      let res = await admin.inject({ method: 'PATCH', url, payload: { abilities: ['payment:verify'] } });
      assert.equal(res.statusCode, 200, show(res));
      assert.deepEqual((await me()).json().api_key.abilities, ['payment:verify']);

      res = await admin.inject({ method: 'PATCH', url, payload: { is_active: false } });
      assert.equal(res.json().api_key.status, 'inactive', show(res));
      assert.equal((await me()).json().code, 'api_key_inactive');

      res = await admin.inject({ method: 'PATCH', url, payload: { is_active: true, name: 'Shop 2', expires_at: toDayMonthYear(today('Asia/Dhaka')) } });
      assert.equal(res.statusCode, 200, show(res));
      assert.equal(res.json().api_key.name, 'Shop 2');
      assert.equal((await me()).statusCode, 200, 'a key expiring today still works today');

      res = await admin.inject({ method: 'PATCH', url, payload: { expires_at: null } });
      assert.equal(res.json().api_key.expires_at, null, show(res));

      const refused = await admin.inject({ method: 'PATCH', url, payload: { key: 'duar_x' } });
      assert.equal(refused.json().code, 'key_value_immutable', show(refused));
      const past = await admin.inject({ method: 'PATCH', url, payload: { expires_at: '01/01/2020' } });
      assert.equal(past.json().code, 'date_in_past', show(past));

      const audit = (await admin.inject({ method: 'GET', url: '/admin/api/brands/default/audit-log?subject=api_key' })).json().entries;
      assert.deepEqual(audit.map((e: { action: string }) => e.action).reverse(), [
        'api_key.created',
        'api_key.updated',
        'api_key.deactivated',
        'api_key.updated',
        'api_key.activated',
        'api_key.updated',
      ]);
      const abilityEdit = audit[audit.length - 2];
      assert.deepEqual(abilityEdit.changes, { abilities: { from: all, to: ['payment:verify'] } });
      assert.equal(abilityEdit.actor, admin.admin.email);

      res = await admin.inject({ method: 'DELETE', url });
      assert.equal(res.statusCode, 204, show(res));
      assert.equal((await me()).json().code, 'invalid_api_key', 'deleted keys are refused at once');
      assert.equal((await admin.inject({ method: 'GET', url })).json().code, 'api_key_not_found');
      assert.equal((await admin.inject({ method: 'DELETE', url })).statusCode, 404);
    }));

  test(`${dialect}: another brand's key id and an unknown brand answer 404`, () =>
    withAdmin(dialect, async (_t, admin) => {
      const brand = await admin.inject({
        method: 'POST',
        url: '/admin/api/brands',
        payload: { slug: 'shop-two', name: 'Shop Two', timezone: 'Europe/London' },
      });
      assert.equal(brand.statusCode, 201, show(brand));
      const other = (await admin.inject({ method: 'POST', url: '/admin/api/brands/shop-two/api-keys', payload: { name: 'x', abilities: all } })).json();
      const res = await admin.inject({ method: 'PATCH', url: `${KEYS}/${other.api_key.id}`, payload: { name: 'stolen' } });
      assert.equal(res.statusCode, 404, show(res));
      assert.equal(res.json().code, 'api_key_not_found');
      const unknown = await admin.inject({ method: 'GET', url: '/admin/api/brands/nope/api-keys' });
      assert.equal(unknown.statusCode, 404, show(unknown));
      assert.equal(unknown.json().code, 'brand_not_found');
    }));

  test(`${dialect}: brands validate slug, time zone, currency and uniqueness`, () =>
    withAdmin(dialect, async (_t, admin) => {
      const cases: [object, string, string][] = [
        [{ slug: 'Bad Slug', name: 'x' }, 'invalid_request', 'slug'],
        [{ slug: 'admin', name: 'x' }, 'invalid_request', 'slug'],
        [{ slug: 'ok', name: '' }, 'invalid_request', 'name'],
        [{ slug: 'ok', name: 'x', timezone: 'Mars/Base' }, 'invalid_request', 'timezone'],
        [{ slug: 'ok', name: 'x', currency: 'taka' }, 'invalid_request', 'currency'],
        [{ slug: 'default', name: 'x' }, 'slug_taken', 'slug'],
      ];
      for (const [payload, code, field] of cases) {
        const res = await admin.inject({ method: 'POST', url: '/admin/api/brands', payload });
        assert.equal(res.json().code, code, show(res));
        assert.equal(res.json().field, field, show(res));
      }
      const patched = await admin.inject({ method: 'PATCH', url: '/admin/api/brands/default', payload: { name: 'My Shop', domain: 'pay.example.com' } });
      assert.equal(patched.statusCode, 200, show(patched));
      assert.equal(patched.json().brand.domain, 'pay.example.com');
      assert.equal((await admin.inject({ method: 'GET', url: '/admin/api/brands' })).json().brands.length, 1);
    }));

  test(`${dialect}: the endpoint list uses PUBLIC_URL and the brand prefix`, () =>
    withAdmin(dialect, async (_t, admin) => {
      const res = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/api-endpoints' });
      assert.equal(res.statusCode, 200, show(res));
      const me = res.json().endpoints.find((e: { operation: string }) => e.operation === 'me');
      assert.equal(me.url, 'http://duar.test/default/api/me');
      assert.equal(me.method, 'GET');
      assert.ok(me.usage.includes(me.url));
      const abilities = await admin.inject({ method: 'GET', url: '/admin/api/abilities' });
      assert.deepEqual(
        abilities.json().abilities.map((a: { name: string }) => a.name),
        all,
      );
    }));

  test(`${dialect}: last use is recorded without a write per request`, async () => {
    // The test's clock: the first use is written before the answer, later ones at most once a minute.
    const clock = { now: Date.now() };
    const t = await buildTestApp(dialect, {}, { now: () => clock.now });
    try {
      const admin = await signedInAdmin(t);
      const { key, api_key } = (await admin.inject({ method: 'POST', url: KEYS, payload: { name: 'k', abilities: all } })).json();
      const use = (ip: string) => t.app.inject({ method: 'GET', url: '/api/me', remoteAddress: ip, headers: { 'x-api-key': key } });
      const lastUse = async () => {
        const { last_used_at, last_used_ip } = (await admin.inject({ method: 'GET', url: `${KEYS}/${api_key.id}` })).json().api_key;
        return { at: last_used_at, ip: last_used_ip };
      };
      const first = clock.now;
      for (let i = 0; i < 3; i++) assert.equal((await use('127.0.0.1')).statusCode, 200);
      assert.deepEqual(await lastUse(), { at: new Date(first).toISOString(), ip: '127.0.0.1' }, 'the first use is recorded');
      clock.now += 30_000;
      assert.equal((await use('10.0.0.7')).statusCode, 200);
      assert.deepEqual(await lastUse(), { at: new Date(first).toISOString(), ip: '127.0.0.1' }, 'throttled to once a minute');
      clock.now += 31_000;
      assert.equal((await use('10.0.0.8')).statusCode, 200);
      // A use after the minute is written beside the answer, not before it: wait for it, a bounded number of times.
      const expected = { at: new Date(clock.now).toISOString(), ip: '10.0.0.8' };
      let seen = await lastUse();
      for (let i = 0; i < 100 && seen.at !== expected.at; i++) seen = await new Promise((r) => setImmediate(r)).then(lastUse);
      assert.deepEqual(seen, expected, 'recorded again once the minute has passed');
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: a key's value appears nowhere after creation: not in the database, the logs or any later response`, () =>
    withAdmin(dialect, async (t, admin) => {
      const { key, api_key } = (await admin.inject({ method: 'POST', url: KEYS, payload: { name: 'leak check', abilities: all } })).json();
      const secret = key.slice(22);
      const later = [
        await admin.inject({ method: 'GET', url: KEYS }),
        await admin.inject({ method: 'GET', url: `${KEYS}/${api_key.id}` }),
        await admin.inject({ method: 'PATCH', url: `${KEYS}/${api_key.id}`, payload: { name: 'renamed' } }),
        await admin.inject({ method: 'GET', url: '/admin/api/brands/default/audit-log' }),
        await t.app.inject({ method: 'GET', url: '/api/me', headers: { 'rt-uddoktapay-api-key': key } }),
        await t.app.inject({ method: 'GET', url: `/api/me?api_key=${key}` }),
        await t.app.inject({ method: 'GET', url: '/api/me', headers: { 'rt-uddoktapay-api-key': key.slice(0, -1) } }),
      ];
      for (const res of later) assert.ok(!res.body.includes(secret), `response leaks the key: ${show(res)}`);
      assert.ok(t.logs().length > 0, 'the app logged requests');
      assert.ok(!t.logs().includes(secret), 'logs hold the key');
      if (t.config.database.kind === 'sqlite') {
        // Every file SQLite writes (database, WAL, shared memory) is searched for the secret part, as text.
        const dir = join(t.config.database.file, '..');
        for (const file of readdirSync(dir)) assert.ok(!readFileSync(join(dir, file)).includes(secret), `${file} holds the key`);
      } else {
        const dump = await t.db.selectFrom('api_keys').selectAll().execute();
        const audit = await t.db.selectFrom('audit_log').selectAll().execute();
        assert.ok(!JSON.stringify([dump, audit]).includes(secret), 'PostgreSQL rows hold the key');
      }
    }));
}
