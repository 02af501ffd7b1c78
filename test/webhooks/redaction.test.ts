import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { seedKey, show, signedInAdmin } from '../harness.js';
import { createInvoice, enableWallet, payWallet } from '../payments/helpers.js';
import { startReceiver, testWorker, withWebhookApp } from './support.js';

const base = '/admin/api/brands/default';

for (const dialect of dialects) {
  test(`${dialect}: a receiver that echoes request headers never gets the API key or the signature stored or shown`, () =>
    withWebhookApp(dialect, async (t) => {
      // Three echoing error pages: a header dump, PHP's json_encode (escapes "/"), and one that puts the key across the
      // point where the stored excerpt is cut.
      const receiver = await startReceiver((req, n) => {
        const key = String(req.headers['rt-uddoktapay-api-key']);
        const signature = String(req.headers['webhook-signature']);
        if (n === 1)
          return {
            status: 500,
            body: `Fatal error. Request headers:\n${Object.entries(req.headers)
              .map(([k, v]) => `${k}: ${String(v)}`)
              .join('\n')}`,
          };
        if (n === 2)
          return { status: 500, body: `${JSON.stringify({ error: 'bad', headers: req.headers }).replaceAll('/', '\\/')} sig=${encodeURIComponent(signature)}` };
        return { status: 500, body: `${'x'.repeat(470)}${key} and more` };
      });
      try {
        const { id: keyId, key } = await seedKey(t);
        await enableWallet(t, 'bkash');
        const invoices: string[] = [];
        for (const trx of ['TRXECHO001', 'TRXECHO002', 'TRXECHO003']) {
          const invoice = await createInvoice(t, key, { webhook_url: `${receiver.base}/ipn` });
          assert.equal((await payWallet(t, invoice, trx)).statusCode, 303);
          invoices.push(invoice);
        }
        const { worker } = testWorker(t, { concurrency: 1 });
        assert.equal(await worker.runOnce(), 3, 'one at a time, all three in one run');
        assert.equal(receiver.requests.length, 3);
        assert.equal(receiver.requests[0]!.headers['rt-uddoktapay-api-key'], key, 'the receiver did get the key');
        const signatures = receiver.requests.map((r) => String(r.headers['webhook-signature']));
        const secretPart = key.slice(`duar_${keyId.slice(4)}_`.length, `duar_${keyId.slice(4)}_`.length + 10);
        assert.equal(secretPart.length, 10);

        const rows = await t.db.selectFrom('webhook_attempts').select('response_excerpt').execute();
        assert.equal(rows.length, 3);
        for (const { response_excerpt: excerpt } of rows) {
          assert.ok(excerpt, 'the answer is still kept for the admin');
          assert.ok(excerpt.includes('[redacted]'), excerpt);
          assert.ok(!excerpt.includes(secretPart), `no part of the key's secret in the database: ${excerpt}`);
          for (const signature of signatures)
            assert.ok(!excerpt.includes(signature.replace(/^v1,/, '').slice(0, 20)), `no signature in the database: ${excerpt}`);
        }
        assert.match(rows.map((r) => r.response_excerpt).join('\n'), /webhook-id: dlv_/, 'headers that are not secret stay readable');

        const admin = await signedInAdmin(t);
        for (const invoice of invoices) {
          const detail = await admin.inject({ method: 'GET', url: `${base}/payments/${invoice}` });
          assert.equal(detail.statusCode, 200, show(detail));
          assert.ok(!detail.body.includes(secretPart), 'no part of the key in the admin API');
          for (const signature of signatures) assert.ok(!detail.body.includes(signature.replace(/^v1,/, '').slice(0, 20)));
          assert.equal(detail.json().deliveries[0].attempts[0].http_status, 500);
        }
      } finally {
        await receiver.close();
      }
    }));

  test(`${dialect}: the admin API flags a plain http:// webhook_url outside loopback`, () =>
    withWebhookApp(dialect, async (t) => {
      const { key } = await seedKey(t);
      await enableWallet(t, 'bkash');
      const admin = await signedInAdmin(t);
      const cases: [string, boolean][] = [
        ['http://shop.example.com/?wc-api=uddoktapay', true],
        ['http://10.0.0.5/ipn', true],
        ['https://shop.example.com/ipn', false],
        ['http://127.0.0.1:8080/ipn', false],
        ['http://localhost/ipn', false],
        ['http://[::1]/ipn', false],
      ];
      for (const [[url, insecure], i] of cases.map((c, i) => [c, i] as const)) {
        const invoice = await createInvoice(t, key, { webhook_url: url });
        await payWallet(t, invoice, `TRXPLAIN0${i}`);
        const detail = (await admin.inject({ method: 'GET', url: `${base}/payments/${invoice}` })).json();
        assert.equal(detail.payment.webhook_url_insecure, insecure, url);
        assert.equal(detail.deliveries[0].url_insecure, insecure, url);
      }
      const list = (await admin.inject({ method: 'GET', url: `${base}/payments` })).json();
      assert.equal(list.payments.filter((p: { webhook_url_insecure: boolean }) => p.webhook_url_insecure).length, 2);
    }));
}
