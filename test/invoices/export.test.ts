import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { dialects } from '../dialects.js';
import { buildTestApp, show, signedInAdmin } from '../harness.js';
import { DAY, seedInvoice } from './support.js';
import { addDays, today } from '../../src/lib/dates.js';
import { randomBase62 } from '../../src/lib/ids.js';
import { createBrand } from '../../src/modules/brands/service.js';

/**
 * GET /admin/api/brands/:brand/invoices.csv (docs/decisions/073-csv-exports.md): the list's state filter (overdue
 * included), every invoice once across pages, UTF-8 with a byte-order mark, no cell a spreadsheet would run.
 */
for (const dialect of dialects) {
  test(`${dialect}: invoices export as CSV with the list's state filter, every row once, safe for spreadsheets`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const day = today('Asia/Dhaka');
      const tricky = await seedInvoice(t, t.brand, {
        status: 'open',
        due_on: addDays(day, 5),
        name: '=HYPERLINK("http://evil.example","click")',
        note: 'line one\nline "two", with a comma',
      });
      const late = await seedInvoice(t, t.brand, { status: 'open', due_on: addDays(day, -2), name: 'রহিম উদ্দিন' });
      const paid = await seedInvoice(t, t.brand, { status: 'paid', paid_at: Date.now() - DAY, total: 250_000 });
      const other = await createBrand(t.db, { slug: 'other', name: 'Other', timezone: 'Asia/Dhaka', currency: 'BDT' }, { label: 'test', ip: null });
      await seedInvoice(t, other, { status: 'open' });
      const admin = await signedInAdmin(t);

      const get = (q = '') => admin.inject({ method: 'GET', url: `/admin/api/brands/default/invoices.csv${q}` });
      const res = await get();
      assert.equal(res.statusCode, 200, show(res));
      assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="invoices-default-\d{4}-\d{2}-\d{2}\.csv"$/);
      assert.ok(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 byte-order mark first');
      const rows = parse(res.body, { bom: true, columns: true }) as Record<string, string>[];
      assert.deepEqual(rows.map((r) => r.Number).sort(), [tricky.number, late.number, paid.number].sort(), 'this brand only');
      const t1 = rows.find((r) => r.Number === tricky.number)!;
      assert.equal(t1['Customer name'], `'=HYPERLINK("http://evil.example","click")`, 'a formula is shown as text');
      assert.equal(t1.Note, 'line one\nline "two", with a comma');
      assert.equal(t1.Total, '1250.50');
      assert.equal(t1.Overdue, 'no');
      assert.match(t1['Invoice page'] ?? '', /^http:\/\/duar\.test\/invoice\/[0-9a-f]{24}$/);
      const l1 = rows.find((r) => r.Number === late.number)!;
      assert.equal(l1['Customer name'], 'রহিম উদ্দিন', 'Bangla as typed');
      assert.equal(l1.Overdue, 'yes');
      assert.equal(rows.find((r) => r.Number === paid.number)!['Paid with'], 'Bank transfer');

      const only = async (q: string) => (parse((await get(q)).body, { bom: true, columns: true }) as Record<string, string>[]).map((r) => r.Number);
      assert.deepEqual(await only('?status=overdue'), [late.number]);
      assert.deepEqual(await only('?status=paid'), [paid.number]);
      assert.deepEqual((await only('?status=open')).sort(), [tricky.number, late.number].sort());
      assert.deepEqual(await only('?status=void'), []);

      const bad = await get('?status=late&page=2');
      assert.equal(bad.statusCode, 400, show(bad));
      const body = bad.json() as { message: string; errors: { field: string }[] };
      assert.deepEqual(body.errors.map((e) => e.field).sort(), ['body', 'status'], show(bad));
      assert.match(body.message, /page cannot be set here/);

      const viewer = await signedInAdmin(t, 'viewer@example.com', { role: 'viewer' });
      assert.equal(
        (await viewer.inject({ method: 'GET', url: '/admin/api/brands/default/invoices.csv' })).statusCode,
        200,
        'a viewer reads what the list shows',
      );
      const anonymous = await t.app.inject({ method: 'GET', url: '/admin/api/brands/default/invoices.csv' });
      assert.equal(anonymous.statusCode, 401, show(anonymous));
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: an invoices export longer than a page has every invoice exactly once`, async () => {
    const t = await buildTestApp(dialect);
    try {
      await seedInvoice(t, t.brand, { status: 'open' });
      const row = await t.db.selectFrom('invoices').selectAll().executeTakeFirstOrThrow();
      // 2,400 more, pairs sharing a creation time, so a page boundary falls between rows with the same created_at.
      for (let done = 0; done < 2400; done += 400) {
        const rows = Array.from({ length: 400 }, (_, i) => ({
          ...row,
          id: `ivc_${randomBase62(16)}`,
          public_id: randomBase62(24),
          number: `INV-${String(Number(row.sequence) + done + i + 1).padStart(6, '0')}`,
          sequence: Number(row.sequence) + done + i + 1,
          created_at: Number(row.created_at) - 1000 - Math.floor((done + i) / 2),
        }));
        await t.db.insertInto('invoices').values(rows).execute();
      }
      const admin = await signedInAdmin(t);
      const res = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/invoices.csv' });
      assert.equal(res.statusCode, 200, show(res));
      const numbers = (parse(res.body, { bom: true, columns: true }) as Record<string, string>[]).map((r) => r.Number);
      assert.equal(numbers.length, 2401);
      assert.equal(new Set(numbers).size, 2401, 'no invoice twice');
    } finally {
      await t.close();
    }
  });
}
