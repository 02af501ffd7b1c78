import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, type TestApp } from '../harness.js';
import { api, checkoutBody } from '../payments/helpers.js';
import { classifyAddress } from '../../src/modules/webhooks/address-guard.js';
import { assertWebhookUrlAllowed, listPaymentDeliveries } from '../../src/modules/webhooks/service.js';
import { DuarError } from '../../src/lib/errors.js';
import { enqueue, startReceiver, testWorker } from './support.js';

const HOUR = 60 * 60_000;

test('classifies link-local, metadata, unspecified, multicast and broadcast as forbidden; loopback and private as private', () => {
  const expected: Record<string, string> = {
    '169.254.169.254': 'forbidden',
    '169.254.0.1': 'forbidden',
    '100.100.100.200': 'forbidden',
    '0.0.0.0': 'forbidden',
    '224.0.0.1': 'forbidden',
    '255.255.255.255': 'forbidden',
    '::': 'forbidden',
    'fe80::1': 'forbidden',
    'ff02::1': 'forbidden',
    'fd00:ec2::254': 'forbidden',
    '::ffff:169.254.169.254': 'forbidden',
    '::ffff:a9fe:a9fe': 'forbidden',
    '127.0.0.1': 'private',
    '::1': 'private',
    '::ffff:127.0.0.1': 'private',
    '10.1.2.3': 'private',
    '172.16.0.1': 'private',
    '192.168.1.1': 'private',
    'fd12:3456::1': 'private',
    '93.184.216.34': 'public',
    '2606:4700::1111': 'public',
    'not-an-ip': 'forbidden',
  };
  for (const [address, kind] of Object.entries(expected)) assert.equal(classifyAddress(address), kind, address);
});

// IPv6 forms that embed an IPv4 address, in the spellings an attacker may choose and the ones WHATWG URL normalises to.
const EMBEDDED: Record<string, 'forbidden' | 'private' | 'public'> = {
  '::169.254.169.254': 'forbidden', // IPv4-compatible
  '::a9fe:a9fe': 'forbidden',
  '::ffff:0:169.254.169.254': 'forbidden', // IPv4-translated
  '::ffff:0:a9fe:a9fe': 'forbidden',
  '64:ff9b::a9fe:a9fe': 'forbidden', // NAT64 well-known prefix
  '64:ff9b::169.254.169.254': 'forbidden',
  '64:ff9b:1::a9fe:a9fe': 'forbidden', // NAT64 local-use prefix, /96 form
  '64:ff9b:1:a9fe:a9:fe00::': 'forbidden', // …and /48 form
  '2002:a9fe:a9fe::1': 'forbidden', // 6to4
  '0:0:0:0:0:ffff:a9fe:a9fe': 'forbidden',
  '::100.100.100.200': 'forbidden',
  '::127.0.0.1': 'private',
  '::7f00:1': 'private',
  '::ffff:0:127.0.0.1': 'private',
  '64:ff9b::10.0.0.1': 'private',
  '64:ff9b::7f00:1': 'private',
  '::ffff:0a00:0001': 'private',
  '64:ff9b::5db8:d822': 'public', // NAT64 to a public address stays usable
  '64:ff9b:1::5db8:d822': 'public',
  '::ffff:93.184.216.34': 'public',
};

test('IPv6 forms that embed an IPv4 address are judged by that IPv4 address', () => {
  for (const [address, kind] of Object.entries(EMBEDDED)) assert.equal(classifyAddress(address), kind, address);
});

test('create-checkout refuses webhook_urls whose IPv6 host embeds a link-local, metadata or (unless allowed) loopback IPv4', () => {
  const refused = (url: string, allowPrivate: boolean) =>
    assert.throws(
      () => assertWebhookUrlAllowed(url, { webhookAllowPrivate: allowPrivate }),
      (err: unknown) => err instanceof DuarError && err.code === 'webhook_url_refused' && err.extra.field === 'webhook_url',
      `${url} (allowPrivate ${allowPrivate})`,
    );
  for (const [address, kind] of Object.entries(EMBEDDED)) {
    const url = `http://[${address}]:8080/ipn`;
    if (kind === 'forbidden') {
      refused(url, true);
      refused(url, false);
    } else if (kind === 'private') {
      refused(url, false);
      assert.doesNotThrow(() => assertWebhookUrlAllowed(url, { webhookAllowPrivate: true }), url);
    } else {
      assert.doesNotThrow(() => assertWebhookUrlAllowed(url, { webhookAllowPrivate: false }), url);
    }
  }
});

test('create-checkout can refuse an IP-literal webhook_url in a refused range with webhook_url_refused', () => {
  for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/ipn', 'ftp://example.com/ipn', 'not a url']) {
    assert.throws(
      () => assertWebhookUrlAllowed(url, { webhookAllowPrivate: true }),
      (err: unknown) => err instanceof DuarError && err.code === 'webhook_url_refused' && err.extra.field === 'webhook_url',
      url,
    );
  }
  assert.doesNotThrow(() => assertWebhookUrlAllowed('https://shop.example.com/?wc-api=uddoktapay', { webhookAllowPrivate: false }));
  assert.throws(() => assertWebhookUrlAllowed('http://127.0.0.1/ipn', { webhookAllowPrivate: false }));
});

async function withApp(dialect: (typeof dialects)[number], env: Record<string, string>, fn: (t: TestApp) => Promise<void>) {
  const t = await buildTestApp(dialect, env);
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

for (const dialect of dialects) {
  test(`${dialect}: link-local and metadata URLs are refused and failed permanently, without retries`, () =>
    withApp(dialect, { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' }, async (t) => {
      const urls = [
        'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
        'http://[fe80::1]:8080/ipn',
        'http://[::ffff:169.254.169.254]/',
        'http://[::169.254.169.254]/latest/meta-data/',
        'http://[::ffff:0:169.254.169.254]/',
        'http://[64:ff9b:1::a9fe:a9fe]/',
        'http://[64:ff9b::a9fe:a9fe]/',
        'http://0.0.0.0:8080/ipn',
        'http://224.0.0.1/ipn',
        'http://100.100.100.200/latest/meta-data/',
        'gopher://example.com/ipn',
      ];
      for (const [i, url] of urls.entries()) await enqueue(t, { url, apiKeyId: null, paymentId: `pay_ssrf${i}` });
      const { worker, clock } = testWorker(t);

      assert.equal(await worker.runOnce(), urls.length);
      clock.now += 48 * HOUR;
      assert.equal(await worker.runOnce(), 0, 'a refused URL is not retried');
      for (const [i, url] of urls.entries()) {
        const [delivery] = await listPaymentDeliveries(t.db, `pay_ssrf${i}`);
        assert.equal(delivery!.status, 'failed', url);
        assert.equal(delivery!.attempts.length, 1, url);
        assert.equal(delivery!.attempts[0]!.outcome, 'refused', url);
        assert.match(delivery!.last_error ?? '', i === urls.length - 1 ? /http or https/ : /link-local, cloud metadata/, url);
      }
    }));

  test(`${dialect}: POST /api/checkout-v2 refuses a webhook_url whose IPv6 host embeds a metadata or loopback IPv4, and stores nothing`, () =>
    withApp(dialect, {}, async (t) => {
      const { key } = await seedKey(t);
      for (const host of [
        '[::169.254.169.254]',
        '[::127.0.0.1]',
        '[::ffff:0:169.254.169.254]',
        '[64:ff9b:1::a9fe:a9fe]',
        '[64:ff9b::a9fe:a9fe]',
        '[::ffff:a9fe:a9fe]',
      ]) {
        const res = await api(t, key)('/api/checkout-v2', checkoutBody({ webhook_url: `http://${host}/ipn` }));
        assert.equal(res.statusCode, 400, `${host} → ${show(res)}`);
        assert.equal(res.json().code, 'webhook_url_refused', show(res));
        assert.equal(res.json().field, 'webhook_url', show(res));
      }
      const count = await t.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    }));

  test(`${dialect}: loopback is refused unless DUAR_WEBHOOK_ALLOW_PRIVATE is set, also when a host name resolves to it`, () =>
    withApp(dialect, {}, async (t) => {
      assert.equal(t.config.webhookAllowPrivate, false);
      const receiver = await startReceiver();
      try {
        // `localhost` goes through DNS: the resolved address is checked in the socket's lookup, before connecting.
        await enqueue(t, { url: `http://localhost:${receiver.port}/ipn`, apiKeyId: null, paymentId: 'pay_dns' });
        await enqueue(t, { url: `${receiver.base}/ipn`, apiKeyId: null, paymentId: 'pay_literal' });
        const { worker } = testWorker(t);

        assert.equal(await worker.runOnce(), 2);
        assert.equal(receiver.requests.length, 0, 'no request reached the loopback receiver');
        for (const paymentId of ['pay_dns', 'pay_literal']) {
          const [delivery] = await listPaymentDeliveries(t.db, paymentId);
          assert.equal(delivery!.status, 'failed', paymentId);
          assert.equal(delivery!.attempts[0]!.outcome, 'refused', paymentId);
          assert.match(delivery!.last_error ?? '', /loopback or private address/, paymentId);
        }
        assert.match((await listPaymentDeliveries(t.db, 'pay_dns'))[0]!.last_error ?? '', /localhost resolves to/);

        // The same receiver is reachable once private addresses are allowed.
        await enqueue(t, { url: `http://localhost:${receiver.port}/ipn`, apiKeyId: null, paymentId: 'pay_allowed' });
        const allowed = testWorker(t, { config: { ...t.config, webhookAllowPrivate: true } });
        assert.equal(await allowed.worker.runOnce(), 1);
        assert.equal(receiver.requests.length, 1);
      } finally {
        await receiver.close();
      }
    }));
}
