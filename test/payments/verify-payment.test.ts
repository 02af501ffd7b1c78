import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { endpoints } from '../../src/http/endpoints.js';
import { createBrand } from '../../src/modules/brands/service.js';
import { dialects } from '../dialects.js';
import { apiAuthSuite } from '../auth-suite.js';
import { buildTestAppWithKey, seedKey, show, type TestApp } from '../harness.js';
import { api, createInvoice, paySandbox } from './helpers.js';

for (const dialect of dialects) {
  for (const endpoint of endpoints.filter((e) => e.operation === 'verify-payment')) apiAuthSuite(dialect, { ...endpoint, body: () => ({ invoice_id: 'x' }) });

  describe(`${dialect}: POST /api/verify-payment`, () => {
    let t: TestApp;
    let key: string;
    before(async () => {
      ({ t, key } = await buildTestAppWithKey(dialect));
    });
    after(() => t.close());

    test('answers the 12 fields plus payment_status, refunded_amount and the currency fields, money as two-decimal strings', async () => {
      const inv = await createInvoice(t, key, { amount: 99.9, metadata: { order_id: 7 } });
      const res = await api(t, key)('/api/verify-payment', { invoice_id: inv });
      assert.equal(res.statusCode, 200, show(res));
      const body = res.json();
      assert.deepEqual(Object.keys(body).sort(), [
        'amount',
        'charged_amount',
        'charged_currency',
        'currency',
        'date',
        'email',
        'exchange_rate',
        'fee',
        'full_name',
        'invoice_id',
        'metadata',
        'payment_method',
        'payment_status',
        'refunded_amount',
        'sender_number',
        'status',
        'transaction_id',
      ]);
      assert.equal(body.amount, '99.90');
      assert.equal(body.fee, '0.00');
      assert.equal(body.charged_amount, '99.90');
      assert.equal(body.currency, 'BDT');
      assert.equal(body.exchange_rate, '1.0000');
      assert.equal(body.charged_currency, 'BDT');
      assert.deepEqual(body.metadata, { order_id: 7 });
      assert.equal(body.status, 'PENDING', 'an unpaid checkout reads PENDING');
      assert.equal(body.payment_status, 'initiated');
      assert.equal(body.transaction_id, '');
      assert.match(body.date, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    });

    test('metadata comes back exactly as sent: nested objects, lists, numbers, quotes and non-ASCII text (never `{}`)', async () => {
      const metadata = { order: { id: 42, lines: [{ sku: 'A"1', qty: 2.5 }, null, true] }, note: 'ধন্যবাদ \\ "quoted"', empty: {}, list: [] };
      for (const sent of [metadata, JSON.stringify(metadata)]) {
        const inv = await createInvoice(t, key, { metadata: sent });
        for (const url of ['/api/verify-payment', '/default/api/verify-payment', `/api/verify-payment/${inv}`]) {
          const res = await api(t, key)(url, { invoice_id: inv });
          assert.equal(res.statusCode, 200, show(res));
          assert.match(res.headers['content-type'] as string, /^application\/json/);
          assert.deepEqual(res.json().metadata, metadata, url);
        }
      }
    });

    test('the date is in the brand time zone', async () => {
      const inv = await createInvoice(t, key);
      const row = await t.db.selectFrom('payments').select('created_at').where('invoice_id', '=', inv).executeTakeFirstOrThrow();
      const body = (await api(t, key)('/api/verify-payment', { invoice_id: inv })).json();
      const dhaka = new Date(row.created_at + 6 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
      assert.equal(body.date, dhaka);
    });

    test('the path variant reads the invoice id from the path; a different id in the body is refused', async () => {
      const inv = await createInvoice(t, key);
      await paySandbox(t, inv);
      const res = await api(t, key)(`/api/verify-payment/${inv}`, { invoice_id: inv });
      assert.equal(res.statusCode, 200, show(res));
      assert.equal(res.json().status, 'COMPLETED');
      const clash = await api(t, key)(`/api/verify-payment/${inv}`, { invoice_id: 'other' });
      assert.equal(clash.statusCode, 400, show(clash));
      assert.equal(clash.json().status, 'ERROR');
    });

    test('answers 404 {"status":"ERROR", code payment_not_found} for an unknown invoice', async () => {
      const res = await api(t, key)('/api/verify-payment', { invoice_id: 'nope' });
      assert.equal(res.statusCode, 404, show(res));
      assert.equal(res.json().status, 'ERROR');
      assert.equal(res.json().code, 'payment_not_found');
    });

    test('refuses a missing invoice_id with status ERROR naming the field', async () => {
      const res = await api(t, key)('/api/verify-payment', {});
      assert.equal(res.statusCode, 400, show(res));
      assert.equal(res.json().status, 'ERROR');
      assert.equal(res.json().field, 'invoice_id');
      assert.ok(res.json().message.includes('invoice_id'));
    });

    test("a key never sees another brand's payment", async () => {
      const other = await createBrand(t.db, { slug: `b-${Date.now()}`, name: 'Other', timezone: 'Asia/Dhaka', currency: 'BDT' }, { label: 'test', ip: null });
      const otherKey = (await seedKey(t, {}, other)).key;
      const inv = await createInvoice(t, otherKey);
      const res = await api(t, key)('/api/verify-payment', { invoice_id: inv });
      assert.equal(res.statusCode, 404, show(res));
    });

    test('an unpaid checkout past its expiry reads ERROR (expired)', async () => {
      const inv = await createInvoice(t, key);
      await t.db
        .updateTable('payments')
        .set({ expires_at: Date.now() - 1 })
        .where('invoice_id', '=', inv)
        .execute();
      const body = (await api(t, key)('/api/verify-payment', { invoice_id: inv })).json();
      assert.equal(body.status, 'ERROR');
      assert.equal(body.payment_status, 'expired');
    });
  });
}
