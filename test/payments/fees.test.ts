import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { api, createInvoice, enableWallet, payWallet, verify } from './helpers.js';
import { bkashSms } from '../sms/support.js';
import { feeOf, priceWith } from '../../src/modules/payments/pricing.js';

/** Issue 16 part 2, PRODUCT §8: fees per method, round half up in integer paisa, frozen on the payment. */
test('feeOf: fee_fixed + amount × fee_percent ÷ 100, rounded half up once', () => {
  assert.equal(feeOf(100_000, { feeFixed: 500, feePercent: 185 }), 2350, '৳1,000 at 1.85% + ৳5 = ৳23.50');
  assert.equal(feeOf(5_000, { feeFixed: 0, feePercent: 1 }), 1, '৳50.00 at 0.01% = exactly half a paisa → 1 paisa');
  assert.equal(feeOf(4_999, { feeFixed: 0, feePercent: 1 }), 0, 'just under half a paisa → 0');
  assert.equal(feeOf(15_000, { feeFixed: 0, feePercent: 1 }), 2, '1.5 paisa → 2 (half up, not half even)');
  assert.equal(feeOf(25_000, { feeFixed: 0, feePercent: 1 }), 3, '2.5 paisa → 3 (half up, not half even)');
  assert.equal(feeOf(122_500, { feeFixed: 500, feePercent: 185 }), 2766, '৳1,225 at 1.85% + ৳5 = 27.6625 → ৳27.66');
  assert.equal(
    feeOf(99_999_999_999_999, { feeFixed: 0, feePercent: 1000 }),
    10_000_000_000_000,
    'the largest amount at 10%: 9,999,999,999,999.9 paisa → exact, half up',
  );
  assert.deepEqual(priceWith({ amount: 100_000, exchange_rate: 10_000 }, { feeFixed: 500, feePercent: 185, feeBearer: 'customer' }), {
    fee: 2350,
    fee_bearer: 'customer',
    charged_amount: 102_350,
  });
  assert.deepEqual(priceWith({ amount: 100_000, exchange_rate: 10_000 }, { feeFixed: 500, feePercent: 185, feeBearer: 'merchant' }), {
    fee: 2350,
    fee_bearer: 'merchant',
    charged_amount: 100_000,
  });
});

for (const dialect of dialects) {
  describe(`${dialect}: fees per payment method`, () => {
    let t: TestApp;
    let key: string;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    let wallets = 0;
    const base = '/admin/api/brands/default';
    const setMethod = (payload: Record<string, unknown>, method = 'bkash') =>
      admin.inject({ method: 'PATCH', url: `${base}/payment-methods/${method}`, payload });
    const paymentOf = (inv: string) => t.db.selectFrom('payments').selectAll().where('invoice_id', '=', inv).executeTakeFirstOrThrow();
    const page = async (inv: string) => (await t.app.inject({ method: 'GET', url: `/payment/${inv}` })).body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    /** An approved bKash SMS (each on its own wallet, so it is that wallet's first credit). */
    async function sms(trx: string, amount: number) {
      const text = bkashSms({ amount, balance: amount, trx });
      const res = await admin.inject({ method: 'POST', url: `${base}/sms`, payload: { from: 'bKash', text, wallet: `fee${++wallets}` } });
      assert.ok(['approved', 'used'].includes(res.json().sms.status), show(res));
    }

    before(async () => {
      t = await buildTestApp(dialect);
      key = (await seedKey(t)).key;
      admin = await signedInAdmin(t);
      await enableWallet(t, 'bkash');
    });
    after(() => t.close());

    test('fee settings are read as people type them and shown back; every invalid field is named at once and nothing is saved', async () => {
      const ok = await setMethod({ fee_fixed: '৳5', fee_percent: '1.85%', fee_bearer: 'customer' });
      assert.equal(ok.statusCode, 200, show(ok));
      const m = ok.json().payment_method;
      assert.deepEqual([m.fee_fixed, m.fee_percent, m.fee_bearer, m.min_amount, m.max_amount], ['5.00', '1.85', 'customer', null, null]);

      const bad = await setMethod({ fee_fixed: '-1', fee_percent: '10.01', fee_bearer: 'shop', min_amount: '500', max_amount: 'lots' });
      assert.equal(bad.statusCode, 400, show(bad));
      const errors = bad.json().errors as { field: string; message: string }[];
      assert.deepEqual(errors.map((e) => e.field).sort(), ['fee_bearer', 'fee_fixed', 'fee_percent', 'max_amount'], show(bad));
      assert.match(errors.find((e) => e.field === 'fee_percent')!.message, /^Percentage fee must be between 0 and 10\.00/);
      assert.match(errors.find((e) => e.field === 'fee_fixed')!.message, /^Fixed fee /);
      assert.match(errors.find((e) => e.field === 'max_amount')!.message, /^Largest amount must be an amount/);
      const decimals = await setMethod({ fee_percent: '1.855' });
      assert.equal(decimals.statusCode, 400, show(decimals));

      const crossed = await setMethod({ min_amount: '5,000', max_amount: '1,000', fee_fixed: '7' });
      assert.equal(crossed.statusCode, 400, show(crossed));
      assert.equal(crossed.json().errors[0].field, 'max_amount');
      assert.match(crossed.json().errors[0].message, /Smallest amount \(5000\.00\) must not be more than Largest amount \(1000\.00\)/);
      const after = (await admin.inject({ method: 'GET', url: `${base}/payment-methods` }))
        .json()
        .payment_methods.find((x: { method: string }) => x.method === 'bkash');
      assert.deepEqual([after.fee_fixed, after.fee_percent, after.min_amount, after.max_amount], ['5.00', '1.85', null, null], 'nothing was half-saved');
      const audit = await t.db.selectFrom('audit_log').select('changes').where('action', '=', 'payment_method.updated').execute();
      assert.ok(
        audit.some((a) => String(a.changes).includes('fee_percent')),
        'the change is audited',
      );
    });

    test('customer-borne: the page adds the charge, an SMS for the bare amount does not complete, one for the charged amount does', async () => {
      await setMethod({ fee_fixed: '5', fee_percent: '1.85', fee_bearer: 'customer' });
      const inv = await createInvoice(t, key, { amount: '1000' });
      const text = await page(inv);
      assert.match(text, /৳1,000\.00 \+ ৳23\.50 bKash charge = ৳1,023\.50/, text);
      assert.match(text, /to send ৳1,023\.50 to this personal number/, text);

      await sms('FEE0000001', 100_000);
      await payWallet(t, inv, 'FEE0000001');
      const bare = await paymentOf(inv);
      assert.equal(bare.status, 'pending', 'an SMS for ৳1,000.00 does not pay ৳1,023.50');
      assert.equal(bare.verification_issue, 'underpaid');
      assert.equal(bare.verification_note, 'Underpaid: the bKash message shows ৳1,000.00, the payment is ৳1,023.50.');

      const inv2 = await createInvoice(t, key, { amount: '1000' });
      await sms('FEE0000002', 102_350);
      await payWallet(t, inv2, 'FEE0000002');
      const v = await verify(t, key, inv2);
      assert.equal(v.status, 'COMPLETED', JSON.stringify(v));
      assert.deepEqual([v.amount, v.fee, v.charged_amount, v.currency, v.charged_currency], ['1000.00', '23.50', '1023.50', 'BDT', 'BDT']);
      assert.ok(Number(v.amount) >= 1000, 'WHMCS rule: amount ≥ its invoice total');
      assert.match(await page(inv2), /৳1,000\.00 \+ ৳23\.50 bKash charge = ৳1,023\.50/, 'the paid page shows what was charged');
    });

    test('refunds are bounded by what the customer paid: the amount plus the fee they bore', async () => {
      await setMethod({ fee_fixed: '5', fee_percent: '1.85', fee_bearer: 'customer' });
      const inv = await createInvoice(t, key, { amount: '1000' });
      await sms('FEE0000003', 102_350);
      await payWallet(t, inv, 'FEE0000003');
      const refund = (amount: string) => api(t, key)('/api/refund-payment', { transaction_id: 'FEE0000003', payment_method: 'bkash', amount, reason: 'test' });
      const over = await refund('1023.51');
      assert.equal(over.statusCode, 422, show(over));
      assert.equal(over.json().code, 'refund_exceeds_remaining');
      const all = await refund('1023.50');
      assert.equal(all.statusCode, 200, show(all));
      assert.equal((await verify(t, key, inv)).payment_status, 'refunded');
    });

    test('merchant-borne: the customer pays the amount, the fee is recorded, charged_amount = amount', async () => {
      await setMethod({ fee_fixed: '5', fee_percent: '1.85', fee_bearer: 'merchant' });
      const inv = await createInvoice(t, key, { amount: '1000' });
      assert.doesNotMatch(await page(inv), /charge =/);
      await sms('FEE0000004', 100_000);
      await payWallet(t, inv, 'FEE0000004');
      const v = await verify(t, key, inv);
      assert.equal(v.status, 'COMPLETED', JSON.stringify(v));
      assert.deepEqual([v.amount, v.fee, v.charged_amount], ['1000.00', '23.50', '1000.00']);
    });

    test('a fee or bearer change never alters a payment made before it: its price, its SMS match, its refunds', async () => {
      await setMethod({ fee_fixed: '5', fee_percent: '1.85', fee_bearer: 'customer' });
      const inv = await createInvoice(t, key, { amount: '1000' });
      await payWallet(t, inv, 'FEE0000005');
      await setMethod({ fee_fixed: '0', fee_percent: '0', fee_bearer: 'merchant' });
      const row = await paymentOf(inv);
      assert.deepEqual([row.fee, row.fee_bearer, row.charged_amount], [2350, 'customer', 102_350]);
      await sms('FEE0000005', 102_350);
      const v = await verify(t, key, inv);
      assert.equal(v.status, 'COMPLETED', 'the SMS for the frozen charged amount completes it');
      assert.deepEqual([v.fee, v.charged_amount], ['23.50', '1023.50']);
    });

    test('a converted checkout: the fee is on the BDT amount; verify keeps amount in USD', async () => {
      const rate = await admin.inject({ method: 'PUT', url: `${base}/currencies/USD`, payload: { rate: '122.50' } });
      assert.equal(rate.statusCode, 200, show(rate));
      await setMethod({ fee_fixed: '5', fee_percent: '1.85', fee_bearer: 'customer' });
      const inv = await createInvoice(t, key, { amount: 10, currency: 'USD' });
      assert.match(await page(inv), /৳1,225\.00 \+ ৳27\.66 bKash charge = ৳1,252\.66/);
      await sms('FEE0000006', 125_266);
      await payWallet(t, inv, 'FEE0000006');
      const v = await verify(t, key, inv);
      assert.equal(v.status, 'COMPLETED', JSON.stringify(v));
      assert.deepEqual([v.amount, v.currency, v.exchange_rate, v.fee, v.charged_amount], ['10.00', 'USD', '122.5000', '27.66', '1252.66']);
    });
  });
}

for (const dialect of dialects) {
  describe(`${dialect}: limits per payment method`, () => {
    let t: TestApp;
    let key: string;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    const setMethod = (method: string, payload: Record<string, unknown>) =>
      admin.inject({ method: 'PATCH', url: `/admin/api/brands/default/payment-methods/${method}`, payload });
    const page = async (inv: string) => (await t.app.inject({ method: 'GET', url: `/payment/${inv}` })).body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const offered = async (inv: string) => {
      const html = (await t.app.inject({ method: 'GET', url: `/payment/${inv}` })).body;
      return [...html.matchAll(/action="\/payment\/[^/]+\/wallet\/(\w+)"/g)].map((m) => m[1]);
    };

    before(async () => {
      t = await buildTestApp(dialect);
      key = (await seedKey(t)).key;
      admin = await signedInAdmin(t);
      await enableWallet(t, 'bkash');
      await enableWallet(t, 'nagad');
    });
    after(() => t.close());

    test('a method outside its smallest or largest amount is not offered, and cannot be submitted', async () => {
      assert.equal((await setMethod('bkash', { min_amount: '500', max_amount: '25,000' })).statusCode, 200);
      assert.equal((await setMethod('nagad', { min_amount: null, max_amount: '1,000' })).statusCode, 200);
      assert.deepEqual(await offered(await createInvoice(t, key, { amount: '500' })), ['bkash', 'nagad'], 'both bounds are inclusive');
      assert.deepEqual(await offered(await createInvoice(t, key, { amount: '499.99' })), ['nagad']);
      assert.deepEqual(await offered(await createInvoice(t, key, { amount: '1000.01' })), ['bkash']);
      assert.deepEqual(await offered(await createInvoice(t, key, { amount: '25000' })), ['bkash']);

      const small = await createInvoice(t, key, { amount: '100' });
      const refused = await payWallet(t, small, 'LIM0000001', 'bkash');
      assert.equal(refused.statusCode, 400, refused.body.slice(0, 300));
      assert.match(refused.body, /bKash takes ৳500\.00 to ৳25,000\.00; this payment is ৳100\.00/);
      assert.equal((await verify(t, key, small)).payment_status, 'initiated');
    });

    test('with no method left the page says which amounts each takes instead of an empty list', async () => {
      await setMethod('bkash', { min_amount: '500', max_amount: '25,000' });
      await setMethod('nagad', { min_amount: null, max_amount: '1,000' });
      const text = await page(await createInvoice(t, key, { amount: '30000' }));
      assert.match(
        text,
        /No payment method takes ৳30,000\.00\. Please contact the shop\. The methods take: bKash: ৳500\.00 to ৳25,000\.00 Nagad: up to ৳1,000\.00/,
        text,
      );
      assert.doesNotMatch(text, /No payment method is available/);
    });

    test('limits are on the BDT amount of a converted checkout', async () => {
      await admin.inject({ method: 'PUT', url: '/admin/api/brands/default/currencies/USD', payload: { rate: '122.50' } });
      await setMethod('bkash', { min_amount: '500', max_amount: '25,000' });
      await setMethod('nagad', { min_amount: null, max_amount: '1,000' });
      assert.deepEqual(await offered(await createInvoice(t, key, { amount: 10, currency: 'USD' })), ['bkash'], 'USD 10 = ৳1,225.00');
      await setMethod('bkash', { min_amount: '', max_amount: '' });
      await setMethod('nagad', { max_amount: null });
      assert.deepEqual(await offered(await createInvoice(t, key, { amount: '30000' })), ['bkash', 'nagad'], 'blank and null clear a limit');
    });
  });
}
