import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { dialects } from './dialects.js';
import { migrationNames } from '../src/db/migration-names.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from './harness.js';
import { createInvoice, paySandbox } from './payments/helpers.js';
import { bkashSms, forward, forwarderBody, seedDevice } from './sms/support.js';

/**
 * GET /metrics scraped and parsed as Prometheus parses it; who may scrape it; GET /ready
 * (docs/decisions/072-metrics-and-readiness.md).
 */
const TOKEN = `${'m'.repeat(20)}etrics-token-for-tests-0123456789`;

type Sample = { name: string; labels: Record<string, string>; value: number };
type Family = { name: string; type: string; samples: Sample[] };

/**
 * The Prometheus text format (0.0.4) read strictly: every family has HELP and TYPE before its samples, every sample line
 * is `name{label="value",…} number` with the format's escapes (NaN and Inf in any case, as Prometheus reads them), and belongs to the family announced before it. (The one
 * parser on npm, parse-prometheus-text-format 1.1.1, merges the buckets of every label set of a histogram into one.)
 */
function parseMetrics(text: string): Family[] {
  const families: Family[] = [];
  const help = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'HELP') help.add(meta[2]!);
      else {
        assert.ok(help.has(meta[2]!), `no HELP before TYPE ${meta[2]}`);
        assert.match(meta[3]!, /^(counter|gauge|histogram|summary|untyped)$/);
        families.push({ name: meta[2]!, type: meta[3]!, samples: [] });
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[+-]?Inf|NaN)$/i.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const labelText = m[2] ?? '';
    const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\["\\n])*)",?/y;
    for (let at = 0; at < labelText.length; ) {
      label.lastIndex = at;
      const l = label.exec(labelText);
      assert.ok(l, `bad labels in: ${line}`);
      labels[l[1]!] = l[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
      at = label.lastIndex;
    }
    const family = families.at(-1);
    assert.ok(
      family && (m[1] === family.name || (family.type === 'histogram' && /^(.*)_(bucket|sum|count)$/.exec(m[1]!)?.[1] === family.name)),
      `${m[1]} outside its family`,
    );
    family.samples.push({ name: m[1]!, labels, value: /^nan$/i.test(m[3]!) ? Number.NaN : Number(m[3]) });
  }
  return families;
}

async function scrape(t: TestApp, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });
  return { res, families: res.statusCode === 200 ? parseMetrics(res.body) : [] };
}

/** The value of the sample named `name` whose labels include `labels`; undefined when there is none. */
function value(families: Family[], name: string, labels: Record<string, string> = {}): number | undefined {
  const family = families.find((f) => f.name === name || name.startsWith(`${f.name}_`));
  assert.ok(family, `${name} is missing from ${families.map((f) => f.name).join(', ')}`);
  return family.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

for (const dialect of dialects) {
  test(`${dialect}: /metrics counts requests by route and status with latency buckets, payments, the IPN queue, SMS and devices`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const { key } = await seedKey(t, { mode: 'test' });
      const open = [await createInvoice(t, key), await createInvoice(t, key)];
      const paid = await createInvoice(t, key, { webhook_url: 'https://shop.example.com/ipn' });
      assert.equal((await paySandbox(t, paid)).statusCode, 303);
      const refused = await t.app.inject({ method: 'POST', url: '/api/checkout-v2', headers: { 'rt-uddoktapay-api-key': 'duar_nope' }, payload: {} });
      assert.equal(refused.statusCode, 401);
      const device = await seedDevice(t);
      const sms = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 50_000, balance: 150_000, trx: 'BKM0000001' })));
      assert.equal(sms.statusCode, 200, show(sms));
      const smsOutcome = sms.json().results[0].status as string;
      const admin = await signedInAdmin(t);
      const pasted = await admin.inject({ method: 'POST', url: '/admin/api/brands/default/sms', payload: { from: 'Mom', text: 'Come home for dinner' } });
      const pastedOutcome = pasted.json().result.status as string;
      assert.equal((await t.app.inject({ method: 'GET', url: '/no/such/page' })).statusCode, 404);

      const { res, families } = await scrape(t);
      assert.equal(res.statusCode, 200, show(res));
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      assert.equal(res.headers['cache-control'], 'no-store');

      assert.equal(families.find((f) => f.name === 'duar_http_request_duration_seconds')?.type, 'histogram');
      const checkouts = { method: 'POST', route: '/api/checkout-v2', status_code: '200' };
      assert.equal(value(families, 'duar_http_request_duration_seconds_count', checkouts), 3);
      assert.equal(value(families, 'duar_http_request_duration_seconds_bucket', { ...checkouts, le: '+Inf' }), 3);
      assert.ok(value(families, 'duar_http_request_duration_seconds_sum', checkouts)! > 0);
      const buckets = families
        .find((f) => f.name === 'duar_http_request_duration_seconds')!
        .samples.filter((s) => s.name.endsWith('_bucket') && s.labels.route === '/api/checkout-v2' && s.labels.status_code === '200');
      assert.equal(buckets.length, 12, 'eleven bounds and +Inf');
      assert.deepEqual(
        buckets.map((b) => b.value),
        buckets.map((b) => b.value).toSorted((a, b) => a - b),
        'cumulative buckets',
      );
      assert.equal(value(families, 'duar_http_request_duration_seconds_count', { route: '/api/checkout-v2', status_code: '401' }), 1);
      assert.equal(value(families, 'duar_http_request_duration_seconds_count', { route: '/payment/:invoice_id/sandbox', status_code: '303' }), 1);
      assert.equal(value(families, 'duar_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_code: '404' }), 1);

      assert.equal(value(families, 'duar_payments_open', { brand: 'default', status: 'initiated' }), open.length);
      assert.equal(value(families, 'duar_payments_last_24h', { brand: 'default', status: 'completed' }), 1);
      assert.equal(value(families, 'duar_payments_last_24h', { brand: 'default', status: 'initiated' }), 2);
      assert.equal(value(families, 'duar_ipn_queue_depth'), 1, 'the paid payment’s IPN waits (no worker runs in this app)');
      assert.ok(value(families, 'duar_ipn_queue_oldest_age_seconds')! >= 0);
      assert.equal(value(families, 'duar_alert_queue_depth'), 0, 'no alert channel, no alert waits');
      assert.equal(value(families, 'duar_alert_queue_oldest_age_seconds'), 0);
      assert.equal(value(families, 'duar_sms_ingested_total', { source: 'device', outcome: smsOutcome }), 1);
      assert.equal(value(families, 'duar_sms_ingested_total', { source: 'admin', outcome: pastedOutcome }), 1);
      const age = value(families, 'duar_device_last_sms_age_seconds', { brand: 'default', device: device.id });
      assert.ok(age !== undefined && age >= 0 && age < 3600, String(age));
      assert.ok(
        families.some((f) => f.name === 'process_resident_memory_bytes'),
        'process metrics are there',
      );

      // The first scrape is itself counted by the second.
      const again = await scrape(t);
      assert.equal(value(again.families, 'duar_http_request_duration_seconds_count', { route: '/metrics', status_code: '200' }), 1);
      assert.ok(!again.res.body.includes(key), 'no key in the metrics');
    } finally {
      await t.close();
    }
  });
}

test('sqlite: /metrics answers loopback without a proxy, or the METRICS_TOKEN; nobody else', async () => {
  const t = await buildTestApp('sqlite', { METRICS_TOKEN: TOKEN });
  try {
    assert.equal((await scrape(t)).res.statusCode, 200, 'from this machine');
    assert.equal((await scrape(t, {}, '::1')).res.statusCode, 200, 'from this machine, IPv6');
    const remote = await scrape(t, {}, '203.0.113.9');
    assert.equal(remote.res.statusCode, 403);
    assert.equal(remote.res.json().code, 'metrics_forbidden');
    const proxied = await scrape(t, { 'x-forwarded-for': '203.0.113.9' });
    assert.equal(proxied.res.statusCode, 403, 'a reverse proxy on this machine does not make its clients local');
    assert.equal((await scrape(t, { forwarded: 'for=203.0.113.9' })).res.statusCode, 403);
    assert.equal((await scrape(t, { authorization: `Bearer ${TOKEN}` }, '203.0.113.9')).res.statusCode, 200, 'the token, from anywhere');
    const wrong = await scrape(t, { authorization: `Bearer ${TOKEN}x` }, '203.0.113.9');
    assert.equal(wrong.res.statusCode, 401);
    assert.equal(wrong.res.json().code, 'invalid_metrics_token');
    assert.equal((await scrape(t, { authorization: `Bearer ${TOKEN}x` })).res.statusCode, 401, 'a wrong token is refused even from loopback');
    assert.ok(!t.logs().includes(TOKEN), 'the token is never logged');
  } finally {
    await t.close();
  }
  const none = await buildTestApp('sqlite');
  try {
    const res = await none.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer anything-at-all' }, remoteAddress: '203.0.113.9' });
    assert.equal(res.statusCode, 401);
    assert.match(res.json().message, /No METRICS_TOKEN is set/);
  } finally {
    await none.close();
  }
});

test('sqlite: /metrics over a real socket from 127.0.0.1', async () => {
  const t = await buildTestApp('sqlite');
  try {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/metrics`);
    assert.equal(res.status, 200);
    assert.equal(value(parseMetrics(await res.text()), 'duar_ipn_queue_depth'), 0);
  } finally {
    await t.close();
  }
});

test('METRICS_TOKEN shorter than 32 characters is refused at start', async () => {
  const { loadConfig } = await import('../src/config/index.js');
  assert.throws(() => loadConfig({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN must be at least 32 characters/);
});

for (const dialect of dialects) {
  test(`${dialect}: /ready answers 200 when the database answers and every migration is applied, 503 otherwise`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/ready', remoteAddress: '203.0.113.9' });
      assert.equal(ready.statusCode, 200, show(ready));
      assert.deepEqual(ready.json(), { status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    } finally {
      await t.close();
    }
    const behind = await buildTestApp(dialect);
    try {
      const last = { name: migrationNames.at(-1)! };
      await sql`DELETE FROM kysely_migration WHERE name = ${last.name}`.execute(behind.db);
      const res = await behind.app.inject({ method: 'GET', url: '/ready' });
      assert.equal(res.statusCode, 503, show(res));
      assert.equal(res.json().code, 'not_ready');
      assert.deepEqual(res.json().checks, { database: 'ok', migrations: `not applied: ${last.name}` });
      await behind.db.destroy();
      const down = await behind.app.inject({ method: 'GET', url: '/ready' });
      assert.equal(down.statusCode, 503, show(down));
      assert.deepEqual(down.json().checks, { database: 'unreachable', migrations: 'unknown' });
    } finally {
      await behind.app.close();
      await behind.close().catch(() => {});
    }
  });
}
