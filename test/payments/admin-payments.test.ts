import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { api, createInvoice, enableWallet, paySandbox, payWallet, verify } from './helpers.js';

for (const dialect of dialects) {
  describe(`${dialect}: admin payments API`, () => {
    let t: TestApp;
    let key: string;
    // Sandbox pays only test payments: the payments paid by Sandbox here are made with a test key.
    let testKey: string;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    const base = '/admin/api/brands/default';
    before(async () => {
      t = await buildTestApp(dialect);
      key = (await seedKey(t)).key;
      testKey = (await seedKey(t, { mode: 'test' })).key;
      admin = await signedInAdmin(t);
    });
    after(() => t.close());

    test('payment methods: lists all five; a wallet needs a number and type to be enabled; sandbox takes only enabled', async () => {
      const list = await admin.inject({ method: 'GET', url: `${base}/payment-methods` });
      assert.equal(list.statusCode, 200, show(list));
      assert.deepEqual(
        list.json().payment_methods.map((m: { method: string; enabled: boolean }) => [m.method, m.enabled]),
        [
          ['sandbox', true],
          ['bkash', false],
          ['nagad', false],
          ['rocket', false],
          ['upay', false],
        ],
      );
      const refused = await admin.inject({ method: 'PATCH', url: `${base}/payment-methods/rocket`, payload: { enabled: true } });
      assert.equal(refused.statusCode, 400, show(refused));
      assert.equal(refused.json().field, 'account_number');
      const badNumber = await admin.inject({ method: 'PATCH', url: `${base}/payment-methods/rocket`, payload: { account_number: '123' } });
      assert.equal(badNumber.statusCode, 400, show(badNumber));
      const ok = await admin.inject({
        method: 'PATCH',
        url: `${base}/payment-methods/rocket`,
        payload: { enabled: true, account_number: '+8801912345678', account_type: 'agent', instructions: 'Cash out' },
      });
      assert.equal(ok.statusCode, 200, show(ok));
      assert.equal(ok.json().payment_method.account_number, '01912345678');
      const sandboxExtra = await admin.inject({ method: 'PATCH', url: `${base}/payment-methods/sandbox`, payload: { account_number: '01912345678' } });
      assert.equal(sandboxExtra.statusCode, 400, show(sandboxExtra));
      const sandboxSwitch = await admin.inject({ method: 'PATCH', url: `${base}/payment-methods/sandbox`, payload: { enabled: false } });
      assert.equal(sandboxSwitch.statusCode, 400, 'Sandbox has no per-brand switch any more');
      assert.equal(sandboxSwitch.json().field, 'method');
      const unknown = await admin.inject({ method: 'PATCH', url: `${base}/payment-methods/paypal`, payload: { enabled: true } });
      assert.equal(unknown.statusCode, 404, show(unknown));
      const anon = await t.app.inject({ method: 'GET', url: `${base}/payment-methods` });
      assert.equal(anon.statusCode, 401, 'needs a signed-in administrator');
    });

    test('list filters by status, method, date and search, paginated', async () => {
      await enableWallet(t, 'nagad');
      const a = await createInvoice(t, key, { email: 'alpha@example.com' });
      const b = await createInvoice(t, key, { email: 'beta@example.com' });
      await payWallet(t, b, 'NGD1234567', 'nagad');
      const byStatus = (await admin.inject({ method: 'GET', url: `${base}/payments?status=pending` })).json();
      assert.ok(byStatus.payments.every((p: { status: string }) => p.status === 'pending'));
      assert.ok(byStatus.payments.some((p: { invoice_id: string }) => p.invoice_id === b));
      const byMethod = (await admin.inject({ method: 'GET', url: `${base}/payments?method=nagad` })).json();
      assert.deepEqual(
        byMethod.payments.map((p: { invoice_id: string }) => p.invoice_id),
        [b],
      );
      const byEmail = (await admin.inject({ method: 'GET', url: `${base}/payments?q=ALPHA@` })).json();
      assert.deepEqual(
        byEmail.payments.map((p: { invoice_id: string }) => p.invoice_id),
        [a],
      );
      const byTrx = (await admin.inject({ method: 'GET', url: `${base}/payments?q=ngd123` })).json();
      assert.deepEqual(
        byTrx.payments.map((p: { invoice_id: string }) => p.invoice_id),
        [b],
      );
      const today = new Date(Date.now() + 6 * 3600_000).toISOString().slice(0, 10);
      const byDate = (await admin.inject({ method: 'GET', url: `${base}/payments?from=${today}&to=${today}&per_page=1&page=2` })).json();
      assert.equal(byDate.payments.length, 1);
      assert.ok(byDate.total >= 2);
      const past = (await admin.inject({ method: 'GET', url: `${base}/payments?to=2000-01-01` })).json();
      assert.equal(past.total, 0);
      const bad = await admin.inject({ method: 'GET', url: `${base}/payments?status=paid` });
      assert.equal(bad.statusCode, 400, show(bad));
      assert.equal(bad.json().field, 'status');
    });

    test('refuses impossible and malformed days in from/to with a validation error naming the field', async () => {
      for (const [query, field] of [
        ['from=2030-02-31', 'from'],
        ['to=2030-04-31', 'to'],
        ['from=2030-13-01', 'from'],
        ['to=31/01/2030', 'to'],
      ] as const) {
        const bad = await admin.inject({ method: 'GET', url: `${base}/payments?${query}` });
        assert.equal(bad.statusCode, 400, `${query}: ${show(bad)}`);
        assert.equal(bad.json().code, 'invalid_request', query);
        assert.equal(bad.json().field, field, query);
      }
    });

    test('test payments are listed only with livemode=false, live ones by default, each marked', async () => {
      const live = await createInvoice(t, key, { email: 'mode-live@example.com' });
      const testInvoice = await createInvoice(t, testKey, { email: 'mode-test@example.com' });
      const liveList = (await admin.inject({ method: 'GET', url: `${base}/payments?q=mode-&per_page=100` })).json();
      assert.deepEqual(
        liveList.payments.map((p: { invoice_id: string; livemode: boolean }) => [p.invoice_id, p.livemode]),
        [[live, true]],
      );
      const testList = (await admin.inject({ method: 'GET', url: `${base}/payments?q=mode-&livemode=false` })).json();
      assert.deepEqual(
        testList.payments.map((p: { invoice_id: string; livemode: boolean }) => [p.invoice_id, p.livemode]),
        [[testInvoice, false]],
      );
      const detail = (await admin.inject({ method: 'GET', url: `${base}/payments/${testInvoice}` })).json();
      assert.equal(detail.payment.livemode, false);
      const bad = await admin.inject({ method: 'GET', url: `${base}/payments?livemode=maybe` });
      assert.equal(bad.statusCode, 400, show(bad));
      assert.equal(bad.json().field, 'livemode');
    });

    test('approve and reject pending payments; rejecting frees the transaction ID', async () => {
      await enableWallet(t, 'upay');
      const a = await createInvoice(t, key);
      await payWallet(t, a, 'UPAY000001', 'upay');
      const rejected = await admin.inject({ method: 'POST', url: `${base}/payments/${a}/reject`, payload: { note: 'not in wallet' } });
      assert.equal(rejected.statusCode, 200, show(rejected));
      assert.equal(rejected.json().payment.status, 'failed');
      assert.equal((await verify(t, key, a)).status, 'ERROR');
      const b = await createInvoice(t, key);
      assert.equal((await payWallet(t, b, 'UPAY000001', 'upay')).statusCode, 303, 'the freed TrxID can be used again');
      const approved = await admin.inject({ method: 'POST', url: `${base}/payments/${b}/approve`, payload: {} });
      assert.equal(approved.statusCode, 200, show(approved));
      const twice = await admin.inject({ method: 'POST', url: `${base}/payments/${b}/approve`, payload: {} });
      assert.equal(twice.statusCode, 409, show(twice));
      assert.equal(twice.json().code, 'payment_not_pending');
    });

    test('refunds: manual by default for wallets (flagged for payout), gateway for Sandbox, blank = all that remains', async () => {
      const wallet = await createInvoice(t, key, { amount: '80' });
      await enableWallet(t, 'bkash');
      await payWallet(t, wallet, 'BKS0000001');
      const detail0 = (await admin.inject({ method: 'GET', url: `${base}/payments/${wallet}` })).json();
      await admin.inject({ method: 'POST', url: `${base}/payments/${detail0.payment.id}/approve`, payload: {} });
      const gatewayOnWallet = await admin.inject({ method: 'POST', url: `${base}/payments/${wallet}/refunds`, payload: { mode: 'gateway' } });
      assert.equal(gatewayOnWallet.statusCode, 400, show(gatewayOnWallet));
      assert.equal(gatewayOnWallet.json().code, 'gateway_refund_unsupported', show(gatewayOnWallet));
      const manual = await admin.inject({ method: 'POST', url: `${base}/payments/${wallet}/refunds`, payload: { amount: '30', reason: 'damaged' } });
      assert.equal(manual.statusCode, 201, show(manual));
      assert.equal(manual.json().refund.kind, 'manual');
      assert.equal(manual.json().refund.payout, 'due');
      assert.equal(manual.json().payment.refund_payout_due, true);
      const paidOut = await admin.inject({ method: 'POST', url: `${base}/payments/${wallet}/refunds/${manual.json().refund.id}/paid-out`, payload: {} });
      assert.equal(paidOut.statusCode, 200, show(paidOut));
      assert.equal(paidOut.json().refund.payout, 'paid');
      const rest = await admin.inject({ method: 'POST', url: `${base}/payments/${wallet}/refunds`, payload: { amount: '' } });
      assert.equal(rest.json().refund.amount, '50.00', show(rest));
      assert.equal(rest.json().payment.status, 'refunded');

      const sbx = await createInvoice(t, testKey);
      await paySandbox(t, sbx);
      const gw = await admin.inject({ method: 'POST', url: `${base}/payments/${sbx}/refunds`, payload: { amount: 10 } });
      assert.equal(gw.statusCode, 201, show(gw));
      assert.equal(gw.json().refund.kind, 'gateway');
      assert.equal(gw.json().refund.status, 'succeeded');
      assert.ok(gw.json().refund.gateway_reference);
      const over = await admin.inject({ method: 'POST', url: `${base}/payments/${sbx}/refunds`, payload: { amount: 1000 } });
      assert.equal(over.statusCode, 422, show(over));
    });

    test('send IPN again queues a delivery; a payment without webhook_url is refused', async () => {
      const withHook = await createInvoice(t, testKey, { webhook_url: 'https://shop.example.com/ipn' });
      await paySandbox(t, withHook);
      const res = await admin.inject({ method: 'POST', url: `${base}/payments/${withHook}/ipn`, payload: {} });
      assert.equal(res.statusCode, 202, show(res));
      const detail = (await admin.inject({ method: 'GET', url: `${base}/payments/${withHook}` })).json();
      assert.equal(detail.deliveries.length, 2, JSON.stringify(detail.deliveries));
      const without = await createInvoice(t, key);
      const refused = await admin.inject({ method: 'POST', url: `${base}/payments/${without}/ipn`, payload: {} });
      assert.equal(refused.statusCode, 409, show(refused));
      assert.equal(refused.json().code, 'payment_has_no_webhook');
    });

    test('detail of an unknown payment is 404; state changes need the CSRF token', async () => {
      const res = await admin.inject({ method: 'GET', url: `${base}/payments/pay_nope` });
      assert.equal(res.statusCode, 404, show(res));
      const inv = await createInvoice(t, key);
      const noCsrf = await admin.inject({ method: 'POST', url: `${base}/payments/${inv}/approve`, payload: {}, headers: { 'x-csrf-token': 'wrong' } });
      assert.equal(noCsrf.statusCode, 403, show(noCsrf));
    });

    test('verify answers money as strings after refunds (through the public API)', async () => {
      const inv = await createInvoice(t, testKey, { amount: '20' });
      await paySandbox(t, inv);
      const trx = (await verify(t, testKey, inv)).transaction_id;
      await api(t, testKey)('/api/refund-payment', { transaction_id: trx, amount: '5' });
      const v = await verify(t, testKey, inv);
      assert.equal(v.refunded_amount, '5.00');
      assert.equal(v.status, 'COMPLETED');
    });
  });
}
