import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, type TestApp } from '../harness.js';
import { redirectWithInvoice } from '../../src/http/checkout/redirect.js';
import { createInvoice, enableWallet, form, paySandbox, payWallet, verify } from './helpers.js';

test('redirectWithInvoice keeps the merchant query byte for byte and replaces a stale invoice_id', () => {
  assert.equal(
    redirectWithInvoice('https://s.example/?wc-api=uddoktapay&uddoktapay_token=abc%20d', 'INV'),
    'https://s.example/?wc-api=uddoktapay&uddoktapay_token=abc%20d&invoice_id=INV',
  );
  assert.equal(redirectWithInvoice('https://s.example/cb.php?id=5&action=verify#top', 'INV'), 'https://s.example/cb.php?id=5&action=verify&invoice_id=INV#top');
  assert.equal(redirectWithInvoice('https://s.example/done', 'INV'), 'https://s.example/done?invoice_id=INV');
  assert.equal(redirectWithInvoice('https://s.example/done?invoice_id=OLD&x=1', 'INV'), 'https://s.example/done?x=1&invoice_id=INV');
});

for (const dialect of dialects) {
  describe(`${dialect}: hosted checkout page`, () => {
    let t: TestApp;
    let key: string;
    let testKey: string;
    before(async () => {
      t = await buildTestApp(dialect, { DUAR_CHECKOUT_TTL_MINUTES: '30' });
      key = (await seedKey(t)).key;
      testKey = (await seedKey(t, { mode: 'test' })).key;
      await enableWallet(t, 'bkash');
    });
    after(() => t.close());

    test('is small, self-contained HTML with a strict CSP', async () => {
      const inv = await createInvoice(t, key);
      const res = await t.app.inject({ method: 'GET', url: `/payment/${inv}` });
      assert.equal(res.statusCode, 200, show(res));
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
      assert.ok(res.body.length < 20_000, `page is ${res.body.length} bytes`);
      assert.ok(res.body.includes('name="viewport"'));
    });

    test('an unknown invoice is a 404 page', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/payment/doesnotexist' });
      assert.equal(res.statusCode, 404, show(res));
      assert.match(String(res.headers['content-type']), /text\/html/);
    });

    test('Cancel marks the checkout canceled and goes to cancel_url as given', async () => {
      const inv = await createInvoice(t, key);
      const res = await form(t, `/payment/${inv}/cancel`, {});
      assert.equal(res.statusCode, 303, show(res));
      assert.equal(res.headers.location, 'https://shop.example.com/cart');
      assert.equal((await verify(t, key, inv)).status, 'ERROR');
      assert.equal((await paySandbox(t, inv)).statusCode, 200, 'a canceled checkout shows its state instead of paying');
      assert.equal((await verify(t, key, inv)).payment_status, 'canceled');
    });

    test('an unpaid checkout expires after the configured time and shows that it has', async () => {
      const inv = await createInvoice(t, key);
      const row = await t.db.selectFrom('payments').select(['created_at', 'expires_at']).where('invoice_id', '=', inv).executeTakeFirstOrThrow();
      assert.equal(row.expires_at - row.created_at, 30 * 60_000);
      await t.db
        .updateTable('payments')
        .set({ expires_at: Date.now() - 1 })
        .where('invoice_id', '=', inv)
        .execute();
      const page = await t.app.inject({ method: 'GET', url: `/payment/${inv}` });
      assert.equal(page.statusCode, 410, show(page));
      assert.ok(page.body.includes('expired'));
      await paySandbox(t, inv);
      assert.equal((await verify(t, key, inv)).payment_status, 'expired', 'an expired checkout cannot be paid');
    });

    test('a live checkout never offers Sandbox and refuses a forged Sandbox POST', async () => {
      const inv = await createInvoice(t, key);
      const page = await t.app.inject({ method: 'GET', url: `/payment/${inv}` });
      assert.ok(!page.body.includes('Sandbox') && !page.body.includes('/sandbox'), 'no Sandbox form on a live checkout');
      assert.ok(page.body.includes('bKash'), 'the real wallet is offered');
      const res = await paySandbox(t, inv);
      assert.equal(res.statusCode, 400, show(res));
      assert.ok(res.body.includes('not available'));
      assert.equal((await verify(t, key, inv)).payment_status, 'initiated', 'nothing was paid');
    });

    test('a test checkout offers Sandbox besides the enabled wallets, refuses a wallet that is off, and is paid by Sandbox', async () => {
      const inv = await createInvoice(t, testKey);
      const page = await t.app.inject({ method: 'GET', url: `/payment/${inv}` });
      assert.ok(page.body.includes('/sandbox'), 'the Sandbox form is offered');
      assert.ok(page.body.includes('/wallet/bkash'), 'the enabled wallet is offered, to rehearse TrxID + SMS');
      const wallet = await payWallet(t, inv, 'TEST123456', 'upay');
      assert.equal(wallet.statusCode, 400, show(wallet));
      assert.equal((await verify(t, testKey, inv)).payment_status, 'initiated');
      assert.equal((await paySandbox(t, inv)).statusCode, 303);
      assert.equal((await verify(t, testKey, inv)).payment_status, 'completed');
    });

    test('a wallet form refuses a bad sender number or TrxID and keeps what was typed', async () => {
      const inv = await createInvoice(t, key);
      const bad = await payWallet(t, inv, 'ABC12345', 'bkash', '12345');
      assert.equal(bad.statusCode, 400, show(bad));
      assert.ok(bad.body.includes('number you sent the money from'));
      assert.ok(bad.body.includes('value="ABC12345"'));
      const badTrx = await payWallet(t, inv, '!!', 'bkash');
      assert.equal(badTrx.statusCode, 400, show(badTrx));
      assert.equal((await verify(t, key, inv)).payment_status, 'initiated');
    });

    test('the same transaction ID submitted for two payments at once completes only one', async () => {
      const [a, b] = [await createInvoice(t, key), await createInvoice(t, key)];
      const [ra, rb] = await Promise.all([payWallet(t, a, 'RACE123456'), payWallet(t, b, 'race123456')]);
      const statuses = [ra.statusCode, rb.statusCode].sort();
      assert.deepEqual(statuses, [303, 409], `${show(ra)}\n${show(rb)}`);
      const loser = ra.statusCode === 409 ? ra : rb;
      assert.ok(loser.body.includes('already been used'), show(loser));
      const states = [(await verify(t, key, a)).payment_status, (await verify(t, key, b)).payment_status].sort();
      assert.deepEqual(states, ['initiated', 'pending']);
    });

    test('a paid checkout cannot be paid again, and re-opening it offers the way back', async () => {
      const inv = await createInvoice(t, testKey);
      await paySandbox(t, inv);
      const again = await paySandbox(t, inv);
      assert.equal(again.statusCode, 200, show(again));
      assert.ok(again.body.includes('complete'));
      const back = await t.app.inject({ method: 'GET', url: `/payment/${inv}/return` });
      assert.equal(back.statusCode, 303, show(back));
      assert.ok(String(back.headers.location).endsWith(`invoice_id=${inv}`));
    });

    test('a GET on a customer POST URL (a reload after a refused submit) goes back to the payment page', async () => {
      const inv = await createInvoice(t, key);
      for (const path of ['wallet/bkash', 'wallet/nosuch', 'sandbox', 'cancel']) {
        const res = await t.app.inject({ method: 'GET', url: `/payment/${inv}/${path}` });
        assert.equal(res.statusCode, 303, `${path}: ${show(res)}`);
        assert.equal(res.headers.location, `/payment/${inv}`, path);
      }
      assert.equal((await verify(t, key, inv)).payment_status, 'initiated', 'a GET changes nothing');
    });

    test('every customer-visible error is an HTML page, never JSON; the status poll stays JSON', async () => {
      const inv = await createInvoice(t, key);
      const html = (res: Awaited<ReturnType<typeof t.app.inject>>, what: string) => {
        assert.match(String(res.headers['content-type']), /text\/html/, `${what}: ${show(res)}`);
        assert.ok(!res.body.trimStart().startsWith('{'), `${what}: ${show(res)}`);
        assert.ok(!res.body.includes('No endpoint'), what);
      };
      const cases: [string, InjectOptions, number][] = [
        ['unknown path under a payment', { method: 'GET', url: `/payment/${inv}/nonsense` }, 404],
        ['unknown path under /payment', { method: 'GET', url: '/payment/' }, 404],
        ['PUT on a form URL', { method: 'PUT', url: `/payment/${inv}/cancel` }, 404],
        ['unreadable JSON body', { method: 'POST', url: `/payment/${inv}/wallet/bkash`, headers: { 'content-type': 'application/json' }, payload: '{' }, 400],
        [
          'unsupported body type',
          { method: 'POST', url: `/payment/${inv}/wallet/bkash`, headers: { 'content-type': 'application/xml' }, payload: '<x/>' },
          415,
        ],
        [
          'control characters in the form',
          {
            method: 'POST',
            url: `/payment/${inv}/wallet/bkash`,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: 'sender_number=%00',
          },
          400,
        ],
        ['control characters in the URL', { method: 'GET', url: `/payment/${inv}%0A` }, 400],
        ['form on an unknown payment', { method: 'POST', url: '/payment/nosuch/cancel', headers: { 'content-type': 'text/plain' }, payload: 'x' }, 404],
      ];
      for (const [what, request, status] of cases) {
        const res = await t.app.inject(request);
        assert.equal(res.statusCode, status, `${what}: ${show(res)}`);
        html(res, what);
      }
      const withPage = await t.app.inject(cases[3]![1]);
      assert.ok(withPage.body.includes('Choose how to pay') && withPage.body.includes('could not be read'), 'the payment page, with the message');
      const poll = await t.app.inject({ method: 'GET', url: '/payment/nosuch/status' });
      assert.equal(poll.statusCode, 404);
      assert.equal(poll.json().code, 'payment_not_found');
    });

    test('HTML in customer data is escaped', async () => {
      const inv = await createInvoice(t, key, { full_name: '<script>alert(1)</script>' });
      const page = await t.app.inject({ method: 'GET', url: `/payment/${inv}` });
      assert.ok(!page.body.includes('<script>alert(1)'), 'escaped');
      assert.ok(page.body.includes('&lt;script&gt;'));
    });
  });
}
