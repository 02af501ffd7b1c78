import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { seedPayment } from '../admin/overview-support.js';
import { createInvoice, enableWallet, payWallet } from './helpers.js';
import { backfillOrderNumbers } from '../../src/db/migrations/023_payment_order_numbers.js';
import { orderNumberOf } from '../../src/modules/payments/order-number.js';
import { phoneSearchPrefix } from '../../src/modules/payments/phone-search.js';

/**
 * Issue 17 point 10: the payments search finds a payment by the shop's own order number (metadata `order_id`,
 * `invoice_id`, …, kept in an indexed column: migration 023, docs/decisions/036-searching-order-numbers-and-phones.md)
 * and by a phone number typed with +880, spaces, dashes or Bangla digits.
 */
describe('phone numbers typed for a search', () => {
  test('reads +880, 880, spaces, dashes, brackets and Bangla digits as the stored 01… form', () => {
    for (const typed of ['+880 1812-345678', '+8801812345678', '8801812345678', '01812 345 678', '(01812) 345-678', '০১৮১২৩৪৫৬৭৮', '+৮৮০ ১৮১২ ৩৪৫৬৭৮'])
      assert.equal(phoneSearchPrefix(typed), '01812345678', typed);
    assert.equal(phoneSearchPrefix('+880 18'), '018', 'a start of a number, too');
    assert.equal(phoneSearchPrefix('0181 2'), '01812');
  });
  test('leaves anything that is not a phone number as typed', () => {
    for (const typed of ['Rahim Uddin', 'jane@example.com', 'TRX 123', 'WC-58213', '+1 555 0100']) assert.equal(phoneSearchPrefix(typed), typed);
  });
});

describe('the shop order number in metadata', () => {
  test('is the first of order_id, invoice_id, order_number, order_no, orderId, invoiceId holding a string or a whole number', () => {
    assert.equal(orderNumberOf({ order_id: 'WC-58213' }), 'WC-58213');
    assert.equal(orderNumberOf({ invoice_id: 1042 }), '1042', 'WHMCS sends invoice_id');
    assert.equal(orderNumberOf({ order_id: '  A-1 ', invoice_id: 7 }), 'A-1');
    assert.equal(orderNumberOf({ order_id: { nested: 1 }, invoice_id: 'INV-9' }), 'INV-9', 'an object is not a number');
    assert.equal(orderNumberOf({ order_id: 4.5, orderId: 'c' }), 'c', 'a fraction is not an order number');
    assert.equal(orderNumberOf({ order_id: '', order_no: 'x'.repeat(65) }), null, 'empty and over 64 characters are not kept');
    assert.equal(orderNumberOf({ customer: 'Jane' }), null);
  });
});

for (const dialect of dialects) {
  describe(`${dialect}: payments search by shop order number and typed phone number`, () => {
    let t: TestApp;
    let key: string;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    const base = '/admin/api/brands/default';
    const found = async (q: string) => {
      const res = await admin.inject({ method: 'GET', url: `${base}/payments?q=${encodeURIComponent(q)}` });
      assert.equal(res.statusCode, 200, show(res));
      return (res.json().payments as { invoice_id: string }[]).map((p) => p.invoice_id).sort();
    };
    before(async () => {
      t = await buildTestApp(dialect);
      key = (await seedKey(t)).key;
      admin = await signedInAdmin(t);
    });
    after(() => t.close());

    test('finds a payment by its metadata order_id or invoice_id, whole or by its start, in any case', async () => {
      const woo = await createInvoice(t, key, { metadata: { order_id: 'WC-58213', cart: 'x' } });
      const whmcs = await createInvoice(t, key, { metadata: { invoice_id: 770042 } });
      const none = await createInvoice(t, key, { metadata: { note: 'WC-58213' } });
      assert.deepEqual(await found('WC-58213'), [woo]);
      assert.deepEqual(await found('wc-582'), [woo], 'a start, in lower case');
      assert.deepEqual(await found('770042'), [whmcs]);
      assert.ok(!(await found('WC-58213')).includes(none), 'other metadata keys are not searched');
    });

    test('finds a wallet payment by its sender number typed with +880, spaces, dashes or Bangla digits', async () => {
      await enableWallet(t, 'bkash');
      const paid = await createInvoice(t, key, { metadata: {} });
      const res = await payWallet(t, paid, 'TRXPHONE01', 'bkash', '01812345678');
      assert.ok(res.statusCode < 400, show(res));
      for (const typed of ['+880 1812-345678', '8801812345678', '01812 345678', '০১৮১২৩৪৫৬৭৮', '+880 1812'])
        assert.deepEqual(await found(typed), [paid], typed);
    });

    test('migration 023 gives older payments the same order number as a new one would get', async () => {
      const samples: Record<string, unknown>[] = [
        { order_id: 'WC-1' },
        { order_id: '  A-1 ', invoice_id: 7 },
        { invoice_id: 1042 },
        { order_id: { nested: 1 }, invoice_id: 'INV-9' },
        { order_id: 4.5, orderId: 'c' },
        { order_id: '', order_no: 'x'.repeat(65) },
        { order_id: null, invoiceId: 'I-3' },
        { order_id: true },
        {},
      ];
      const ids: string[] = [];
      for (const metadata of samples) ids.push(await seedPayment(t, { status: 'completed', created_at: Date.now(), metadata: JSON.stringify(metadata) }));
      await backfillOrderNumbers(t.db as never);
      const rows = await t.db.selectFrom('payments').select(['id', 'order_number']).where('id', 'in', ids).execute();
      const byId = new Map(rows.map((r) => [r.id, r.order_number]));
      assert.deepEqual(
        ids.map((id) => byId.get(id)),
        samples.map(orderNumberOf),
      );
      assert.deepEqual(await found('INV-9'), [
        (await t.db.selectFrom('payments').select('invoice_id').where('id', '=', ids[3]!).executeTakeFirstOrThrow()).invoice_id,
      ]);
    });
  });
}
