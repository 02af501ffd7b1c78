/**
 * Issue 17 point 5: every amount field of the dashboard takes what a person types — grouping either way, ৳/Tk, Bangla
 * digits — through the one parser (lib/money.ts readDecimal), and refusals speak the merchant's words and labels.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { createInvoice, paySandbox } from '../payments/helpers.js';

for (const dialect of dialects) {
  describe(`${dialect}: dashboard amount fields read amounts as people type them`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    let testKey: string;
    const base = '/admin/api/brands/default';
    before(async () => {
      t = await buildTestApp(dialect);
      admin = await signedInAdmin(t);
      testKey = (await seedKey(t, { mode: 'test' })).key;
    });
    after(() => t.close());

    test('refund amount: "1,250", "৳1,250.50", "Tk 700" and Bangla digits', async () => {
      const invoice = await createInvoice(t, testKey, { amount: '10000' });
      await paySandbox(t, invoice);
      const refunds = [
        ['1,250', '1250.00'],
        ['৳1,250.50', '1250.50'],
        ['Tk 700', '700.00'],
        ['১,০০০', '1000.00'],
        ['1,00,0', null],
      ] as const;
      for (const [typed, amount] of refunds) {
        const res = await admin.inject({ method: 'POST', url: `${base}/payments/${invoice}/refunds`, payload: { amount: typed } });
        if (amount === null) {
          assert.equal(res.statusCode, 400, show(res));
          assert.deepEqual(res.json().errors, [
            { field: 'amount', message: 'Amount must be an amount such as 1,250 or 1,25,000.50, or empty to refund all that remains' },
          ]);
        } else {
          assert.equal(res.statusCode, 201, `${typed}: ${show(res)}`);
          assert.equal(res.json().refund.amount, amount, typed);
        }
      }
    });

    test('set balance: "7,250", "৳ 12,50,000" and Bangla digits; refusals name the field as the form does', async () => {
      const set = (balance: unknown) =>
        admin.inject({ method: 'PUT', url: `${base}/sms-wallets/balance`, payload: { provider: 'bkash', wallet: 'manual', balance } });
      for (const [typed, balance] of [
        ['7,250', '7250.00'],
        ['৳ 12,50,000', '1250000.00'],
        ['৭২৫০.৫০', '7250.50'],
        ['0', '0.00'],
      ] as const) {
        const res = await set(typed);
        assert.equal(res.statusCode, 200, `${typed}: ${show(res)}`);
        assert.equal(res.json().wallet.balance, balance, typed);
      }
      const bad = await set('lots');
      assert.equal(bad.statusCode, 400, show(bad));
      assert.deepEqual(bad.json().errors, [{ field: 'balance', message: 'Balance must be an amount such as 1,250 or 1,25,000.50' }]);
    });

    test('rate limit: "1,000" and Bangla digits; empty means no limit, said in those words', async () => {
      const create = (rate: unknown) =>
        admin.inject({
          method: 'POST',
          url: `${base}/api-keys`,
          payload: { name: `Shop ${String(rate)}`, abilities: ['payment:checkout'], rate_limit_per_minute: rate },
        });
      for (const [typed, limit] of [
        ['1,000', 1000],
        ['১২০', 120],
        [600, 600],
        ['', null],
        [null, null],
      ] as const) {
        const res = await create(typed);
        assert.equal(res.statusCode, 201, `${typed}: ${show(res)}`);
        assert.equal(res.json().api_key.rate_limit_per_minute, limit, String(typed));
      }
      for (const typed of ['ten', '1.5', '0']) {
        const res = await create(typed);
        assert.equal(res.statusCode, 400, show(res));
        const message = res.json().errors.find((e: { field: string }) => e.field === 'rate_limit_per_minute')?.message ?? '';
        assert.match(message, /^Rate limit: a whole number of requests a minute \(1 to 1,000,000\) such as 1,000, or leave it empty for no limit$/, typed);
        assert.doesNotMatch(res.body, /null/);
      }
    });

    test('payment method tolerance takes "৳5" and "৫"', async () => {
      for (const [typed, tolerance] of [
        ['৳5', '5.00'],
        ['৫', '5.00'],
        ['1,000', '1000.00'],
      ] as const) {
        const res = await admin.inject({ method: 'PATCH', url: `${base}/payment-methods/bkash`, payload: { sms_tolerance: typed } });
        assert.equal(res.statusCode, 200, `${typed}: ${show(res)}`);
        assert.equal(res.json().payment_method.sms_tolerance, tolerance, typed);
      }
    });

    test('setup and webhook messages name what the merchant sees: "Setup token", a full address', async () => {
      const setup = await t.app.inject({
        method: 'POST',
        url: '/admin/api/setup',
        payload: { token: '', email: 'a@example.com', password: 'correct horse battery' },
      });
      assert.equal(setup.statusCode, 400, show(setup));
      assert.match(setup.json().errors[0].message, /^Setup token /, show(setup));
      const hook = await admin.inject({ method: 'POST', url: `${base}/webhook-test`, payload: { url: 'shop.example.com/ipn' } });
      assert.doesNotMatch(hook.body, /absolute URL/, show(hook));
      assert.match(hook.body, /https:\/\/shop\.example\.com/, show(hook));
    });
  });
}
