/**
 * Clean-room conformance: each test repeats, request by request, what a real UddoktaPay client sends and checks
 * (docs/integrations.md). The clients are PHP/Dart code we cannot run here, so their checks are restated next to each request.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, type TestApp } from '../harness.js';
import { enableWallet, form, payWallet } from '../payments/helpers.js';

const SHOP = 'https://shop.example.com';

for (const dialect of dialects) {
  describe(`${dialect}: UddoktaPay client conformance`, () => {
    let t: TestApp;
    let key: string;
    // Sandbox pays only test payments: the flows that pay by Sandbox use a test key.
    let testKey: string;
    before(async () => {
      t = await buildTestApp(dialect);
      key = (await seedKey(t)).key;
      testKey = (await seedKey(t, { mode: 'test' })).key;
      await enableWallet(t, 'bkash');
    });
    after(() => t.close());

    const raw = (url: string, payload: string, headers: Record<string, string>) => t.app.inject({ method: 'POST', url, payload, headers });
    const invoiceOf = (paymentUrl: string) => paymentUrl.split('/').pop()!;

    test('PHP library / raw PHP: number amount, lowercase headers, escaped slashes, metadata [], verify by path', async () => {
      // PHPLIB json_encode: slashes escaped, an empty array for metadata, floats for amount; headers in lowercase.
      const payload = `{"full_name":"Rahim","email":"rahim@example.com","amount":150.5,"metadata":[],"redirect_url":"https:\\/\\/shop.example.com\\/success.php","return_type":"POST","cancel_url":"https:\\/\\/shop.example.com\\/cancel.php","webhook_url":"https:\\/\\/shop.example.com\\/ipn.php"}`;
      const created = await raw('/default/api/checkout-v2', payload, {
        'rt-uddoktapay-api-key': key,
        'content-type': 'application/json',
        accept: 'application/json',
      });
      const body = created.json();
      assert.ok(body.payment_url, `isset($r['payment_url']): ${show(created)}`);
      // RAW: replaces api/checkout-v2 with api/verify-payment/ and appends the id; no Accept header.
      const inv = invoiceOf(body.payment_url);
      const verified = await raw(`/default/api/verify-payment/${inv}`, JSON.stringify({ invoice_id: inv }), {
        'rt-uddoktapay-api-key': key,
        'content-type': 'application/json',
      });
      assert.equal(verified.statusCode, 200, show(verified));
      assert.ok(verified.json().status, 'the sample IPN handler tests status for truthiness');
      assert.deepEqual(verified.json().metadata, {}, 'metadata [] is echoed as an (empty) object');
      // A wrong key: PHPLIB throws with `message`, which must read well as exception text.
      const wrong = await raw('/default/api/checkout-v2', payload, { 'rt-uddoktapay-api-key': 'wrong', 'content-type': 'application/json' });
      assert.equal(typeof wrong.json().message, 'string', show(wrong));
      assert.ok(!wrong.json().payment_url);
      assert.match(wrong.json().message, /^[A-Z].{10,}/, 'a sentence a person can read');
    });

    test('Laravel SDK 2.x: root paths, return_type "get", 2xx with boolean status on create and refund, verify status case-insensitive', async () => {
      const h = { 'rt-uddoktapay-api-key': testKey, 'content-type': 'application/json', accept: 'application/json' };
      const created = await raw(
        '/api/checkout-v2',
        JSON.stringify({
          full_name: 'Karim',
          email: 'karim@example.com',
          amount: '200',
          metadata: { order: 'A-1' },
          redirect_url: `${SHOP}/done`,
          return_type: 'get',
          cancel_url: `${SHOP}/cancel`,
        }),
        h,
      );
      assert.ok(created.statusCode >= 200 && created.statusCode < 300, show(created));
      assert.equal(typeof created.json().status, 'boolean');
      assert.equal(created.json().status, true);
      const inv = invoiceOf(created.json().payment_url);
      const paid = await form(t, `/payment/${inv}/sandbox`, { outcome: 'success' });
      assert.equal(paid.headers.location, `${SHOP}/done?invoice_id=${inv}`, 'return_type "get" honoured');
      const verified = await raw('/api/verify-payment', JSON.stringify({ invoice_id: inv }), h);
      assert.equal(String(verified.json().status).toLowerCase(), 'completed');
      for (const f of ['amount', 'fee', 'charged_amount']) assert.equal(typeof verified.json()[f], 'string');
      // RefundRequest requires all five fields.
      const refund = await raw(
        '/api/refund-payment',
        JSON.stringify({ transaction_id: verified.json().transaction_id, payment_method: 'sandbox', amount: '50', product_name: 'Book', reason: 'Late' }),
        h,
      );
      assert.ok(refund.statusCode >= 200 && refund.statusCode < 300, show(refund));
      assert.equal(refund.json().status, true, 'success() is === true');
      const refused = await raw(
        '/api/refund-payment',
        JSON.stringify({ transaction_id: verified.json().transaction_id, payment_method: 'sandbox', amount: '500', product_name: 'Book', reason: 'Late' }),
        h,
      );
      assert.equal(refused.json().status, false, 'failed() is === false');
    });

    test('WooCommerce: phone ignored, metadata.order_id, token in redirect kept, status exactly COMPLETED/PENDING, amount as float', async () => {
      const h = { 'RT-UDDOKTAPAY-API-KEY': key, 'Content-Type': 'application/json', Accept: 'application/json' };
      const redirect = `${SHOP}/?wc-api=uddoktapay&uddoktapay_token=Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56`;
      const created = await raw(
        '/api/checkout-v2',
        JSON.stringify({
          full_name: 'Unknown',
          email: 'unknown@gmail.com',
          amount: 1200,
          metadata: { order_id: 581 },
          phone: '01711111111',
          redirect_url: redirect,
          return_type: 'GET',
          cancel_url: `${SHOP}/cart`,
          webhook_url: redirect,
        }),
        h,
      );
      assert.ok(created.json().payment_url, show(created));
      const inv = invoiceOf(created.json().payment_url);
      const sent = await payWallet(t, inv, 'WOO1234567');
      assert.equal(sent.headers.location, `${redirect}&invoice_id=${inv}`, 'the WooCommerce token survives');
      const verified = (await raw('/api/verify-payment', JSON.stringify({ invoice_id: inv }), h)).json();
      assert.ok(['COMPLETED', 'PENDING'].includes(verified.status), 'WOO fails with HTTP 500 on any other status');
      assert.equal(verified.status, 'PENDING', 'manual payment puts the order on hold');
      assert.equal(verified.metadata.order_id, 581);
      assert.ok(parseFloat(verified.amount) + 0.01 >= 1200);
      // Global gateway (USD) goes to /global.
      const global = await raw(
        '/api/checkout-v2/global',
        JSON.stringify({
          full_name: 'A',
          email: 'a@example.com',
          amount: 9.99,
          metadata: { order_id: 582 },
          redirect_url: redirect,
          cancel_url: `${SHOP}/cart`,
        }),
        h,
      );
      assert.ok(global.json().payment_url, show(global));
      // A 4xx still carries `message` for the shop to show.
      const bad = await raw(
        '/api/checkout-v2',
        JSON.stringify({ full_name: 'A', email: 'a@example.com', amount: 0, metadata: {}, redirect_url: redirect, cancel_url: `${SHOP}/cart` }),
        h,
      );
      assert.ok(bad.statusCode >= 400 && bad.statusCode < 500, show(bad));
      assert.equal(typeof bad.json().message, 'string');
    });

    test('WHMCS: currency ignored, brand prefix kept, redirect ?id=N&action=verify kept, string transaction_id, COMPLETED after approval', async () => {
      const h = { 'RT-UDDOKTAPAY-API-KEY': key, 'Content-Type': 'application/json', Accept: 'application/json' };
      const callback = `${SHOP}/modules/gateways/callback/uddoktapay.php?id=77&action=verify`;
      const created = await raw(
        '/default/api/checkout-v2/mfs',
        JSON.stringify({
          full_name: 'Client',
          email: 'client@example.com',
          amount: 350.75,
          metadata: { invoice_id: 77 },
          currency: 'BDT',
          phone: '01711111111',
          redirect_url: callback,
          return_type: 'GET',
          cancel_url: `${SHOP}/viewinvoice.php?id=77`,
        }),
        h,
      );
      assert.equal(created.statusCode, 200, 'Guzzle throws on 4xx/5xx');
      const inv = invoiceOf(created.json().payment_url);
      const sent = await payWallet(t, inv, 'WHM1234567');
      assert.equal(sent.headers.location, `${callback}&invoice_id=${inv}`);
      await t.db.updateTable('payments').set({ status: 'completed', completed_at: Date.now() }).where('invoice_id', '=', inv).execute();
      const verified = (await raw('/default/api/verify-payment', JSON.stringify({ invoice_id: inv }), h)).json();
      assert.equal(verified.status, 'COMPLETED', 'PaymentStatus::tryFrom is case-sensitive');
      assert.equal(typeof verified.transaction_id, 'string');
      assert.ok(parseFloat(verified.amount) >= 350.75);
      const badEmail = await raw(
        '/default/api/checkout-v2',
        JSON.stringify({ full_name: 'C', email: 'nope', amount: 1, metadata: {}, redirect_url: callback, cancel_url: callback }),
        h,
      );
      assert.ok(badEmail.statusCode >= 400 && badEmail.statusCode < 500 && badEmail.json().message, show(badEmail));
    });

    test('Flutter: exactly 200, doubled slash, money strings, date parses, last payment_url segment is the invoice id', async () => {
      const panel = 'https://pay.example.com/';
      const h = { 'RT-UDDOKTAPAY-API-KEY': testKey, 'content-type': 'application/json', accept: 'application/json' };
      const created = await raw(
        '//api/checkout-v2',
        JSON.stringify({
          full_name: 'Sadia',
          email: 'sadia@example.com',
          amount: '75',
          metadata: { uid: 'u1' },
          redirect_url: `${panel}checkout/success`,
          return_type: 'GET',
          cancel_url: `${panel}checkout/cancel`,
        }),
        h,
      );
      assert.equal(created.statusCode, 200, show(created));
      const { status, message, payment_url } = created.json();
      assert.equal(status, true);
      assert.equal(typeof message, 'string');
      const inv = invoiceOf(payment_url);
      await form(t, `/payment/${inv}/sandbox`, { outcome: 'success' });
      const verified = await raw('//api/verify-payment', JSON.stringify({ invoice_id: inv }), h);
      assert.equal(verified.statusCode, 200, show(verified));
      const v = verified.json();
      assert.equal(v.status, 'COMPLETED', 'FLUT maps only COMPLETED to completed');
      for (const f of ['amount', 'fee', 'charged_amount']) assert.match(v[f], /^\d+\.\d{2}$/);
      assert.match(v.date, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      assert.ok(!Number.isNaN(Date.parse(v.date.replace(' ', 'T'))), 'DateTime.parse accepts it');
      // Cancel: FLUT detects the browser arriving at its cancel_url prefix.
      const inv2 = invoiceOf(
        (
          await raw(
            '//api/checkout-v2',
            JSON.stringify({
              full_name: 'S',
              email: 's@example.com',
              amount: '5',
              metadata: {},
              redirect_url: `${panel}x`,
              cancel_url: `${panel}checkout/cancel`,
            }),
            h,
          )
        ).json().payment_url,
      );
      const cancel = await form(t, `/payment/${inv2}/cancel`, {});
      assert.ok(String(cancel.headers.location).startsWith(`${panel}checkout/cancel`));
    });

    test('Paymenter: X-API-KEY header, base_url ending in /api, metadata.invoice_id as string', async () => {
      const h = { 'X-API-KEY': testKey, 'Content-Type': 'application/json', Accept: 'application/json' };
      const base = '/default/api';
      const created = await raw(
        `${base}/checkout-v2`,
        JSON.stringify({
          full_name: 'P',
          email: 'p@example.com',
          amount: '10.00',
          metadata: { invoice_id: '12' },
          currency: 'BDT',
          redirect_url: `${SHOP}/invoices/12?checkPayment=true`,
          return_type: 'GET',
          cancel_url: `${SHOP}/invoices/12`,
        }),
        h,
      );
      assert.equal(created.statusCode, 200, show(created));
      const inv = invoiceOf(created.json().payment_url);
      const paid = await form(t, `/payment/${inv}/sandbox`, { outcome: 'success' });
      assert.equal(paid.headers.location, `${SHOP}/invoices/12?checkPayment=true&invoice_id=${inv}`);
      const v = (await raw(`${base}/verify-payment`, JSON.stringify({ invoice_id: inv }), h)).json();
      assert.equal(v.status.toLowerCase(), 'completed');
      assert.equal(v.metadata.invoice_id, '12');
      assert.equal(typeof v.fee, 'string');
    });

    test('redirect GET merges invoice_id into the query; POST delivers it form-encoded by a self-submitting form', async () => {
      const h = { 'rt-uddoktapay-api-key': testKey, 'content-type': 'application/json' };
      const mk = async (extra: Record<string, unknown>) =>
        invoiceOf(
          (
            await raw(
              '/api/checkout-v2',
              JSON.stringify({ full_name: 'R', email: 'r@example.com', amount: '1', metadata: {}, cancel_url: `${SHOP}/c`, ...extra }),
              h,
            )
          ).json().payment_url,
        );
      const g = await mk({ redirect_url: `${SHOP}/r?a=1&b=two%20words`, return_type: 'GET' });
      const gr = await form(t, `/payment/${g}/sandbox`, { outcome: 'pending' });
      assert.equal(gr.statusCode, 303);
      const loc = new URL(String(gr.headers.location));
      assert.equal(loc.searchParams.get('invoice_id'), g);
      assert.equal(loc.searchParams.get('a'), '1');
      assert.equal(loc.searchParams.get('b'), 'two words');
      const p = await mk({ redirect_url: `${SHOP}/r.php` }); // return_type absent = POST
      const pr = await form(t, `/payment/${p}/sandbox`, { outcome: 'success' });
      assert.equal(pr.statusCode, 200, show(pr));
      assert.match(pr.body, /<form id="back" method="post" action="https:\/\/shop\.example\.com\/r\.php">/);
      assert.ok(!/enctype=/.test(pr.body), 'default enctype: application/x-www-form-urlencoded');
      assert.ok(pr.body.includes(`<input type="hidden" name="invoice_id" value="${p}">`));
      assert.ok(pr.body.includes('.submit()'));
      assert.ok(pr.body.includes('<noscript>'), 'works without JavaScript too');
    });
  });
}
