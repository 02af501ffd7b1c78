import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { endpoints } from '../../src/http/endpoints.js';
import { FailureLimiter } from '../../src/http/plugins/failure-limiter.js';
import { dialects } from '../dialects.js';
import { mulberry32 as rng } from '../seeded.js';
import { buildTestApp, liveRoutes, seedKey, show, signedInAdmin, type Route, type TestApp } from '../harness.js';
import { createInvoice } from '../payments/helpers.js';

/**
 * A bounded, deterministic fuzz of every public, checkout and admin route: malformed inputs must never reach a 5xx,
 * and every JSON refusal must carry the compatible error shape. The routes come from the live route table, so a new
 * route is fuzzed without anyone remembering to add it.
 */
const SEED = 0x6d75_6172;
const CASES_PER_ROUTE = 8;

const FIELDS = [
  'full_name',
  'email',
  'amount',
  'metadata',
  'redirect_url',
  'cancel_url',
  'webhook_url',
  'return_type',
  'invoice_id',
  'transaction_id',
  'payment_method',
  'reason',
  'product_name',
  'name',
  'abilities',
  'expires_at',
  'is_active',
  'slug',
  'domain',
  'timezone',
  'currency',
  'enabled',
  'account_number',
  'account_type',
  'instructions',
  'note',
  'mode',
  'outcome',
  'sender_number',
  'password',
  'setup_token',
];

const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -5,
  1e12,
  1e308,
  'NaN',
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  'line\r\nbreak',
  '\u202e',
  'ধন্যবাদ',
  'x'.repeat(70_000),
  [],
  [1, [2, [3]]],
  {},
  { __proto__x: 1 },
  '{"__proto__":{"a":1}}',
  '-1',
  '1e12',
  '12.345',
  'https://shop.example/ধন্যবাদ',
  'javascript:alert(1)',
  '31/02/2026',
  'Mars/Base',
  '../../etc/passwd',
  '%00',
];

const PARAM_VALUES = ['x', '%00', 'a%0D%0Ab', '%E2%82', 'A'.repeat(120), '..', '%2F', encodeURIComponent('ধন্যবাদ'), '-1', '1e12', '%20'];

const QUERIES = ['', '?limit=%00', '?limit=-1&limit=1e12', '?before=abc', '?x=%E2%82', '?status=%0A', `?q=${'z'.repeat(3000)}`];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]!;
}

type Case = { description: string; options: InjectOptions };

function buildCase(next: () => number, route: Route, params: Record<string, string>): Case {
  const url =
    route.url.replace(/:(\w+)/g, (_m, name: string) => (next() < 0.5 && params[name] ? params[name]! : pick(next, PARAM_VALUES))) + pick(next, QUERIES);
  if (route.method === 'GET' || route.method === 'DELETE') return { description: `${route.method} ${url}`, options: { method: route.method, url } };
  const kind = pick(next, ['fields', 'fields', 'fields', 'deep', 'very-deep', 'bad-json', 'content-type', 'array', 'string', 'empty'] as const);
  let payload: string;
  let contentType = 'application/json';
  switch (kind) {
    case 'fields': {
      const body: Record<string, unknown> = {};
      const count = 1 + Math.floor(next() * 5);
      for (let i = 0; i < count; i++) body[pick(next, FIELDS)] = pick(next, VALUES);
      payload = JSON.stringify(body);
      break;
    }
    case 'deep':
      payload = `{"metadata":${deepJson(40)},"name":${deepJson(12)}}`;
      break;
    case 'very-deep':
      payload = `{"metadata":${deepJson(5000)}}`;
      break;
    case 'bad-json':
      payload = pick(next, ['{', '{"a":', '{"a":1,}', 'nul', '\u0000', '{"amount":01}', '[}']);
      break;
    case 'content-type':
      contentType = pick(next, [
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin9',
      ]);
      payload = contentType.startsWith('application/x-www') ? 'amount=%00&metadata[a][b]=1&name=' : '<xml/>';
      break;
    case 'array':
      payload = '[{"amount":"100"}]';
      break;
    case 'string':
      payload = '"just a string"';
      break;
    case 'empty':
      payload = '';
      break;
  }
  return {
    description: `${route.method} ${url} (${kind}) ${payload.slice(0, 120)}`,
    options: { method: route.method as InjectOptions['method'], url, payload, headers: { 'content-type': contentType } },
  };
}

for (const dialect of dialects) {
  describe(`${dialect}: bounded fuzz of every endpoint`, () => {
    let t: TestApp;
    let key: string;
    let invoiceId: string;
    before(async () => {
      t = await buildTestApp(dialect, {}, { limiter: new FailureLimiter(1_000_000, 60_000) });
      key = (await seedKey(t)).key;
      invoiceId = await createInvoice(t, key);
    });
    after(() => t.close());

    test('no malformed input gets a 5xx, and every JSON refusal has status, message and code', async () => {
      const routes = liveRoutes(t.app);
      // The catalogue and the admin API are all in the route table (guards the parser above).
      for (const e of endpoints)
        assert.ok(
          routes.some((r) => r.method === e.method && r.url === e.path),
          `${e.method} ${e.path} not found in the route table`,
        );
      assert.ok(routes.filter((r) => r.url.startsWith('/admin/api/')).length >= 20, JSON.stringify(routes));
      const admin = await signedInAdmin(t);
      const params: Record<string, string> = { brand: 'default', brandSlug: 'default', invoice_id: invoiceId, method: 'bkash', id: 'x', refund_id: 'x' };
      const next = rng(SEED);
      let sent = 0;
      for (const route of routes) {
        // Signing out would end the fuzzing admin's session; the rest keeps it.
        if (route.method === 'DELETE' && route.url === '/admin/api/session') continue;
        for (let i = 0; i < CASES_PER_ROUTE; i++) {
          const c = buildCase(next, route, params);
          const res = route.url.startsWith('/admin/')
            ? await admin.inject(c.options)
            : await t.app.inject({ ...c.options, headers: { 'rt-uddoktapay-api-key': key, ...(c.options.headers as Record<string, string>) } });
          sent++;
          assert.ok(res.statusCode < 500, `${c.description} → ${show(res).slice(0, 400)}`);
          if (res.statusCode >= 400 && String(res.headers['content-type']).startsWith('application/json')) {
            const body = res.json();
            assert.ok(body.status === false || body.status === 'ERROR', `${c.description} → ${show(res).slice(0, 400)}`);
            assert.equal(typeof body.message, 'string', `${c.description} → ${show(res).slice(0, 400)}`);
            assert.equal(typeof body.code, 'string', `${c.description} → ${show(res).slice(0, 400)}`);
          }
        }
      }
      assert.ok(sent >= 200, `only ${sent} requests were sent`);
    });
  });
}
