import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { api, checkoutBody, createInvoice, enableWallet, paySandbox, payWallet, verify } from './helpers.js';
import { bkashSms, forward, forwarderBody, seedDevice } from '../sms/support.js';
import { verifyObject } from '../../src/modules/payments/verify-object.js';
import { toTaka } from '../../src/modules/payments/pricing.js';

test('toTaka rounds half up, once, on the exact product', () => {
  assert.equal(toTaka(1001, 1_225_000), 122_623, 'USD 10.01 × 122.5 = 1226.225 → ৳1,226.23');
  assert.equal(toTaka(1, 5_000), 1, '0.01 × 0.5 = half a paisa → 1 paisa');
  assert.equal(toTaka(1, 4_999), 0, 'just under half a paisa → 0');
  assert.equal(toTaka(1000, 10_000), 1000, 'BDT at rate 1 is unchanged');
  assert.equal(toTaka(99_999_999_999_999, 10_000), 99_999_999_999_999, 'the largest amount is exact (BigInt, not a double)');
});

for (const dialect of dialects) {
  describe(`${dialect}: checkout currencies`, () => {
    let t: TestApp;
    let key: string;
    let testKey: string;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    const setRate = (currency: string, rate: unknown) =>
      admin.inject({ method: 'PUT', url: `/admin/api/brands/default/currencies/${currency}`, payload: { rate } });
    const paymentOf = (inv: string) => t.db.selectFrom('payments').selectAll().where('invoice_id', '=', inv).executeTakeFirstOrThrow();
    const page = async (inv: string) => (await t.app.inject({ method: 'GET', url: `/payment/${inv}` })).body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

    before(async () => {
      t = await buildTestApp(dialect);
      key = (await seedKey(t)).key;
      testKey = (await seedKey(t, { mode: 'test' })).key;
      admin = await signedInAdmin(t);
    });
    after(() => t.close());

    test('a currency without a rate is refused with 400 currency_not_supported naming it and saying how to add one; nothing is created', async () => {
      const before = await t.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      for (const currency of ['USD', ' usd ', 'Eur']) {
        const res = await api(t, key)('/api/checkout-v2', checkoutBody({ amount: 10, currency }));
        assert.equal(res.statusCode, 400, show(res));
        const body = res.json();
        assert.equal(body.status, false);
        assert.equal(body.code, 'currency_not_supported', show(res));
        assert.equal(body.field, 'currency');
        assert.match(body.message, new RegExp(`"${currency.trim().toUpperCase()}"`), show(res));
        assert.match(body.message, /Brand Settings → Currencies/, show(res));
      }
      const odd = await api(t, key)('/api/checkout-v2', checkoutBody({ currency: 'US Dollar' }));
      assert.equal(odd.json().code, 'currency_not_supported', show(odd));
      const after = await t.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n), 'no payment was created');
    });

    test('absent, blank or the brand currency in any case is taka, at rate 1', async () => {
      for (const currency of [undefined, '', null, 'BDT', ' bdt ']) {
        const inv = await createInvoice(t, key, { amount: '1250', currency });
        const v = await verify(t, key, inv);
        assert.deepEqual([v.amount, v.currency, v.exchange_rate, v.charged_currency, v.charged_amount], ['1250.00', 'BDT', '1.0000', 'BDT', '1250.00']);
      }
    });

    test('with a rate the customer is charged round half up of amount × rate in BDT; verify keeps amount and says the rest', async () => {
      assert.equal((await setRate('usd', '122.50')).statusCode, 200);
      const inv = await createInvoice(t, key, { amount: 10, currency: 'usd' });
      const v = await verify(t, key, inv);
      assert.equal(v.amount, '10.00', 'amount as the merchant sent it (WHMCS compares it with its invoice total)');
      assert.equal(v.currency, 'USD');
      assert.equal(v.exchange_rate, '122.5000');
      assert.equal(v.charged_currency, 'BDT');
      assert.equal(v.charged_amount, '1225.00');
      assert.equal(v.fee, '0.00');
      assert.match(await page(inv), /USD 10\.00 = ৳1,225\.00 \(1 USD = ৳122\.50\)/);
      // Exactly half a paisa rounds up.
      const half = await verify(t, key, await createInvoice(t, key, { amount: '10.01', currency: 'USD' }));
      assert.equal(half.charged_amount, '1226.23', '10.01 × 122.5 = 1226.225');
    });

    test('the rate is frozen on the payment: a later change or removal never alters it, its page, its refunds', async () => {
      await setRate('EUR', '130');
      const inv = await createInvoice(t, testKey, { amount: '20', currency: 'EUR' });
      await setRate('EUR', '140.1234');
      const later = await verify(t, testKey, await createInvoice(t, testKey, { amount: '20', currency: 'EUR' }));
      assert.equal(later.charged_amount, '2802.47', '20 × 140.1234 = 2802.468');
      const del = await admin.inject({ method: 'DELETE', url: '/admin/api/brands/default/currencies/eur' });
      assert.equal(del.statusCode, 204, show(del));
      const refused = await api(t, testKey)('/api/checkout-v2', checkoutBody({ amount: 20, currency: 'EUR' }));
      assert.equal(refused.json().code, 'currency_not_supported', 'a removed currency is refused again');

      assert.match(await page(inv), /EUR 20\.00 = ৳2,600\.00 \(1 EUR = ৳130\.00\)/);
      assert.equal((await paySandbox(t, inv)).statusCode, 303);
      const v = await verify(t, testKey, inv);
      assert.deepEqual([v.status, v.exchange_rate, v.charged_amount], ['COMPLETED', '130.0000', '2600.00']);
      // Refunds are in what the customer paid (BDT), bounded by it.
      const over = await api(t, testKey)('/api/refund-payment', { transaction_id: v.transaction_id, amount: '2600.01' });
      assert.equal(over.json().code, 'refund_exceeds_remaining', show(over));
      const all = await api(t, testKey)('/api/refund-payment', { transaction_id: v.transaction_id, amount: '' });
      assert.equal(all.statusCode, 200, show(all));
      assert.deepEqual([all.json().amount, all.json().currency, all.json().payment_status], ['2600.00', 'BDT', 'refunded']);
    });

    test('an amount that converts to less than a paisa or more than Duar takes is refused', async () => {
      await setRate('JPY', '0.0001');
      const tiny = await api(t, key)('/api/checkout-v2', checkoutBody({ amount: '0.01', currency: 'JPY' }));
      assert.equal(tiny.statusCode, 400, show(tiny));
      assert.equal(tiny.json().code, 'invalid_amount');
      await setRate('KWD', '400');
      const huge = await api(t, key)('/api/checkout-v2', checkoutBody({ amount: '999999999999', currency: 'KWD' }));
      assert.equal(huge.json().code, 'invalid_amount', show(huge));
      assert.equal(huge.json().field, 'amount');
    });

    test('a brand whose own currency has no rate refuses checkouts without currency, and takes BDT', async () => {
      const patch = await admin.inject({ method: 'PATCH', url: '/admin/api/brands/default', payload: { currency: 'GBP' } });
      assert.equal(patch.statusCode, 200, show(patch));
      try {
        const res = await api(t, key)('/api/checkout-v2', checkoutBody());
        assert.equal(res.json().code, 'currency_not_supported', show(res));
        assert.match(res.json().message, /This brand's currency is GBP/);
        assert.equal((await api(t, key)('/api/checkout-v2', checkoutBody({ currency: 'BDT' }))).statusCode, 200);
      } finally {
        await admin.inject({ method: 'PATCH', url: '/admin/api/brands/default', payload: { currency: 'BDT' } });
      }
    });

    test('WHMCS rule: a USD invoice completes with amount ≥ its total, in USD; the customer paid the BDT charged_amount', async () => {
      await setRate('USD', '122.50');
      const h = { 'RT-UDDOKTAPAY-API-KEY': testKey, 'Content-Type': 'application/json' };
      const created = await t.app.inject({
        method: 'POST',
        url: '/default/api/checkout-v2/mfs',
        headers: h,
        payload: JSON.stringify({ ...checkoutBody(), amount: 10.5, currency: 'USD', metadata: { invoice_id: 77 }, phone: '01711111111' }),
      });
      assert.equal(created.statusCode, 200, show(created));
      const inv = String(created.json().payment_url).split('/').pop()!;
      await paySandbox(t, inv);
      const v = (await t.app.inject({ method: 'POST', url: '/default/api/verify-payment', headers: h, payload: JSON.stringify({ invoice_id: inv }) })).json();
      assert.equal(v.status, 'COMPLETED', 'PaymentStatus::tryFrom is case-sensitive');
      assert.ok(!(Number.parseFloat(v.amount) < 10.5), "WHMCS: `$payment['amount'] < $this->total` refuses");
      assert.equal(typeof v.transaction_id, 'string');
      assert.equal(v.charged_amount, '1286.25');
    });

    test('the verify HTTP body is exactly the object built for the payment (a response schema must not drop a field)', async () => {
      await setRate('USD', '122.50');
      const inv = await createInvoice(t, testKey, { amount: '3.33', currency: 'USD' });
      await paySandbox(t, inv);
      const res = await api(t, testKey)('/api/verify-payment', { invoice_id: inv });
      assert.deepEqual(res.json(), verifyObject(await paymentOf(inv), t.brand.timezone));
    });

    test('SMS matching is in BDT: an SMS for the bare foreign number does not pay, one for the charged amount does', async () => {
      await setRate('USD', '122.50');
      await enableWallet(t, 'bkash');
      const device = await seedDevice(t);
      const inv = await createInvoice(t, key, { amount: 10, currency: 'USD' });
      const sent = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 1000, balance: 1000, trx: 'CUR0000001' })));
      assert.equal(sent.json().results[0].status, 'approved', show(sent));
      await payWallet(t, inv, 'CUR0000001');
      const pending = await paymentOf(inv);
      assert.equal(pending.status, 'pending', 'an SMS for ৳10.00 does not pay USD 10.00');
      assert.match(pending.verification_note ?? '', /Underpaid/);

      const inv2 = await createInvoice(t, key, { amount: 10, currency: 'USD' });
      await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 122_500, balance: 123_500, trx: 'CUR0000002' })));
      await payWallet(t, inv2, 'CUR0000002');
      assert.equal((await paymentOf(inv2)).status, 'completed');
    });
  });

  describe(`${dialect}: Brand Settings → Currencies (admin API)`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    const url = '/admin/api/brands/default/currencies';
    before(async () => {
      t = await buildTestApp(dialect);
      admin = await signedInAdmin(t);
    });
    after(() => t.close());

    test('lists the brand currency and each rate with four decimals and its time; typed rates are read as people type them', async () => {
      for (const [rate, stored] of [
        ['122.5', '122.5000'],
        ['৳ ১২২.৫০', '122.5000'],
        [' 1,234.5678 ', '1234.5678'],
        [0.0085, '0.0085'],
      ] as const) {
        const res = await admin.inject({ method: 'PUT', url: `${url}/usd`, payload: { rate } });
        assert.equal(res.statusCode, 200, show(res));
        assert.equal(res.json().currency.rate, stored, String(rate));
      }
      const list = (await admin.inject({ method: 'GET', url })).json();
      assert.equal(list.brand_currency, 'BDT');
      assert.equal(list.charged_currency, 'BDT');
      assert.deepEqual(
        list.currencies.map((c: { currency: string; rate: string }) => [c.currency, c.rate]),
        [['USD', '0.0085']],
      );
      assert.match(list.currencies[0].updated_at, /^\d{4}-\d{2}-\d{2}T/);
      const audit = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'currency.rate_set')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(audit.changes), { rate: { from: '1234.5678', to: '0.0085' } });
    });

    test('every invalid field is named at once with the form labels, and nothing is saved', async () => {
      const cases: [string, unknown, string[]][] = [
        ['XYZ', '0', ['currency', 'rate']],
        ['BDT', '1', ['currency']],
        ['US', '-3', ['currency', 'rate']],
        ['GBP', '1.12345', ['rate']],
        ['GBP', 'abc', ['rate']],
        ['GBP', undefined, ['rate']],
      ];
      for (const [code, rate, fields] of cases) {
        const res = await admin.inject({ method: 'PUT', url: `${url}/${code}`, payload: rate === undefined ? {} : { rate } });
        assert.equal(res.statusCode, 400, show(res));
        const errors = res.json().errors as { field: string; message: string }[];
        assert.deepEqual(
          errors.map((e) => e.field),
          fields,
          show(res),
        );
        for (const e of errors) assert.match(e.message, e.field === 'rate' ? /^BDT per unit / : /^Currency|^currency/, show(res));
      }
      const nothing = (await admin.inject({ method: 'GET', url })).json().currencies.filter((c: { currency: string }) => c.currency !== 'USD');
      assert.deepEqual(nothing, []);
    });

    test('removing an unknown currency answers 404 currency_not_found', async () => {
      const res = await admin.inject({ method: 'DELETE', url: `${url}/CHF` });
      assert.equal(res.statusCode, 404, show(res));
      assert.equal(res.json().code, 'currency_not_found');
    });
  });
}
