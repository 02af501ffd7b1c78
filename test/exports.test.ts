import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { dialects } from './dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from './harness.js';
import { api, createInvoice, paySandbox, verify } from './payments/helpers.js';
import { bkashSms, forward, forwarderBody, seedDevice } from './sms/support.js';
import { newId, randomBase62 } from '../src/lib/ids.js';
import { neutralise } from '../src/modules/exports/csv.js';

/**
 * CSV exports of payments, refunds and SMS (docs/decisions/073-csv-exports.md): the list filters, every page of a long
 * list exactly once, UTF-8 with a byte-order mark, quoting that survives commas, quotes and line breaks, and no cell a
 * spreadsheet would run as a formula.
 */
const BOM = '\uFEFF';

async function download(admin: Awaited<ReturnType<typeof signedInAdmin>>, url: string) {
  const res = await admin.inject({ method: 'GET', url: `/admin/api/brands/default/${url}` });
  assert.equal(res.statusCode, 200, show(res));
  assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
  assert.match(String(res.headers['content-disposition']), /^attachment; filename="[a-z]+-default-\d{4}-\d{2}-\d{2}\.csv"$/);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.ok(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 byte-order mark first');
  assert.ok(res.body.includes('\r\n'), 'CRLF line ends');
  const records = parse(res.body, { bom: true, columns: true }) as Record<string, string>[];
  return { res, records };
}

/** Copies of one payment straight into the table (as bench/seed.ts grows it): a list longer than several pages. */
async function morePayments(t: TestApp, count: number) {
  const payment = await t.db.selectFrom('payments').selectAll().where('livemode', '=', 0).executeTakeFirstOrThrow();
  for (let done = 0; done < count; done += 500) {
    const rows = Array.from({ length: Math.min(500, count - done) }, (_, i) => ({
      ...payment,
      id: newId('pay'),
      invoice_id: randomBase62(20),
      // Pairs share a creation time, so a page boundary falls between rows with the same created_at.
      created_at: payment.created_at - 1000 - Math.floor((done + i) / 2),
    }));
    await t.db.insertInto('payments').values(rows).execute();
  }
}

test('a cell a spreadsheet would read as a formula is prefixed; plain numbers are not', () => {
  assert.equal(neutralise('=HYPERLINK("http://x")'), `'=HYPERLINK("http://x")`);
  assert.equal(neutralise('+8801712345678'), `'+8801712345678`);
  assert.equal(neutralise('-2+3'), `'-2+3`);
  assert.equal(neutralise('@SUM(A1)'), `'@SUM(A1)`);
  assert.equal(neutralise('\tcmd'), `'\tcmd`);
  assert.equal(neutralise('-5.00'), '-5.00');
  assert.equal(neutralise('Jane = Doe'), 'Jane = Doe');
  assert.equal(neutralise('রহিম'), 'রহিম');
});

for (const dialect of dialects) {
  test(`${dialect}: payments, refunds and SMS export as CSV with the list filters, every row once, safe for spreadsheets`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const { key } = await seedKey(t, { mode: 'test' });
      const live = (await seedKey(t, { name: 'Live' })).key;
      const tricky = await createInvoice(t, key, {
        full_name: '=HYPERLINK("http://evil.example","click")',
        metadata: { order_id: 'A,1', note: 'says "hi"\nsecond line', name: 'রহিম উদ্দিন' },
      });
      await paySandbox(t, tricky);
      const open = await createInvoice(t, key, { full_name: 'আয়েশা' });
      const trx = (await verify(t, key, tricky)).transaction_id as string;
      const refund = await api(t, key)(
        '/api/refund-payment',
        { transaction_id: trx, amount: '10', reason: '@cmd refund' },
        { 'idempotency-key': 'rf-export-1' },
      );
      assert.equal(refund.statusCode, 200, show(refund));
      await createInvoice(t, live);
      const admin = await signedInAdmin(t);

      const all = await download(admin, 'payments/export.csv?livemode=false');
      assert.equal(all.records.length, 2);
      const row = all.records.find((r) => r['Invoice ID'] === tricky)!;
      assert.equal(row['Customer name'], `'=HYPERLINK("http://evil.example","click")`, 'the formula is shown as text');
      assert.deepEqual(
        JSON.parse(row.Metadata!),
        { order_id: 'A,1', note: 'says "hi"\nsecond line', name: 'রহিম উদ্দিন' },
        'commas, quotes, line breaks and Bangla survive',
      );
      assert.equal(row.Status, 'partially_refunded');
      assert.equal(row['Charged (BDT)'], '100.00');
      assert.equal(row['Refunded (BDT)'], '10.00');
      assert.equal(row.Mode, 'test');
      assert.match(row['Created (Asia/Dhaka)']!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      assert.equal(all.records.find((r) => r['Invoice ID'] === open)!['Customer name'], 'আয়েশা');
      assert.ok(!all.res.body.includes(key) && !all.res.body.includes(live), 'no key in an export');

      const filtered = await download(admin, 'payments/export.csv?livemode=false&status=initiated');
      assert.deepEqual(
        filtered.records.map((r) => r['Invoice ID']),
        [open],
      );
      const liveOnly = await download(admin, 'payments/export.csv');
      assert.equal(liveOnly.records.length, 1, 'live payments by default, as the list');
      const searched = await download(admin, `payments/export.csv?livemode=false&q=${tricky}`);
      assert.deepEqual(
        searched.records.map((r) => r['Invoice ID']),
        [tricky],
      );
      const future = await download(admin, 'payments/export.csv?livemode=false&from=2099-01-01');
      assert.equal(future.records.length, 0);
      assert.equal(future.res.body, `${BOM}${Object.keys(row).join(',')}\r\n`, 'an empty export is the header alone');

      const refunds = await download(admin, 'refunds/export.csv?livemode=false');
      assert.equal(refunds.records.length, 1);
      assert.equal(refunds.records[0]!['Invoice ID'], tricky);
      assert.equal(refunds.records[0]!['Amount (BDT)'], '10.00');
      assert.equal(refunds.records[0]!.Reason, `'@cmd refund`);
      assert.equal((await download(admin, 'refunds/export.csv?livemode=false&status=failed')).records.length, 0);
      assert.equal((await download(admin, 'refunds/export.csv')).records.length, 0, 'the refund was of a test payment');

      const device = await seedDevice(t);
      for (const [i, trxId] of ['BKX0000001', 'BKX0000002'].entries()) {
        const sent = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 10_000 * (i + 1), balance: 100_000 + i, trx: trxId })));
        assert.equal(sent.statusCode, 200, show(sent));
      }
      const sms = await download(admin, 'sms/export.csv');
      assert.deepEqual(sms.records.map((r) => r.TrxID).sort(), ['BKX0000001', 'BKX0000002']);
      assert.match(sms.records[0]!.Text!, /^You have received Tk/);
      const one = await download(admin, 'sms/export.csv?q=x0000002');
      assert.deepEqual(
        one.records.map((r) => r['Amount (BDT)']),
        ['200.00'],
      );

      // Longer than several pages, with page boundaries between rows of the same time: each row exactly once.
      await morePayments(t, 2345);
      const many = await download(admin, 'payments/export.csv?livemode=false');
      const ids = many.records.map((r) => r['Payment ID']);
      assert.equal(ids.length, 2347);
      assert.equal(new Set(ids).size, ids.length, 'no row twice');
    } finally {
      await t.close();
    }
  });
}

test('sqlite: exports refuse bad filters with every invalid field, and need a signed-in administrator', async () => {
  const t = await buildTestApp('sqlite');
  try {
    const admin = await signedInAdmin(t);
    const bad = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/payments/export.csv?status=paid&from=2026-02-30&page=2' });
    assert.equal(bad.statusCode, 400, show(bad));
    const errors = bad.json().errors as { field: string; message: string }[];
    assert.deepEqual(errors.map((e) => e.field).sort(), ['body', 'from', 'status']);
    assert.equal(errors.find((e) => e.field === 'body')!.message, 'page cannot be set here', 'an export has no pages');
    const refunds = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/refunds/export.csv?status=done' });
    assert.equal(refunds.statusCode, 400);
    assert.equal(refunds.json().errors[0].field, 'status');
    const anonymous = await t.app.inject({ method: 'GET', url: '/admin/api/brands/default/sms/export.csv' });
    assert.equal(anonymous.statusCode, 401);
    const missing = await admin.inject({ method: 'GET', url: '/admin/api/brands/nope/payments/export.csv' });
    assert.equal(missing.statusCode, 404);
  } finally {
    await t.close();
  }
});
