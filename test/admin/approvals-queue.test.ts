import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin } from '../harness.js';
import { newId, randomBase62 } from '../../src/lib/ids.js';
import { createInvoice, enableWallet, payWallet } from '../payments/helpers.js';

type Listed = { payments: { id: string; invoice_id: string }[]; next_cursor: string | null; total: number; total_capped: boolean };
const BASE = '/admin/api/brands/default';

for (const dialect of dialects) {
  test(`${dialect}: the approvals queue pages past 100 pending payments, longest-waiting first, with the true count`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const admin = await signedInAdmin(t);
      const { key } = await seedKey(t);
      await enableWallet(t);
      const first = await createInvoice(t, key);
      assert.equal((await payWallet(t, first, 'TRXQUEUE0001')).statusCode, 303);
      const template = await t.db.selectFrom('payments').selectAll().where('invoice_id', '=', first).executeTakeFirstOrThrow();
      // 149 more waiting, each older than the one before, so the first payment is the newest of all 150.
      const rows = Array.from({ length: 149 }, (_, i) => ({
        ...template,
        id: newId('pay'),
        invoice_id: randomBase62(20),
        transaction_id: `TRXBULK${String(i).padStart(5, '0')}`,
        created_at: template.created_at - (i + 1) * 1000,
      }));
      await t.db.insertInto('payments').values(rows).execute();
      const list = async (query: string): Promise<Listed> => {
        const res = await admin.inject({ method: 'GET', url: `${BASE}/payments?status=pending&${query}` });
        assert.equal(res.statusCode, 200, show(res));
        return res.json();
      };

      const page1 = await list('order=oldest&per_page=100');
      assert.deepEqual([page1.payments.length, page1.total, page1.total_capped], [100, 150, false]);
      assert.ok(page1.next_cursor, 'a next page is announced');
      const page2 = await list(`order=oldest&per_page=100&cursor=${encodeURIComponent(page1.next_cursor!)}`);
      assert.deepEqual([page2.payments.length, page2.next_cursor], [50, null]);
      const seen = [...page1.payments, ...page2.payments].map((p) => p.invoice_id);
      assert.equal(new Set(seen).size, 150, 'no payment twice, none missing');
      assert.deepEqual(
        seen,
        [...rows]
          .reverse()
          .map((r) => r.invoice_id)
          .concat(first),
        'oldest first, the newest last',
      );
      const newest = await list('per_page=100');
      assert.equal(newest.payments[0]!.invoice_id, first, 'the default order stays newest first');

      const bad = await admin.inject({ method: 'GET', url: `${BASE}/payments?order=sideways` });
      assert.equal(bad.statusCode, 400, show(bad));
      assert.equal(bad.json().field, 'order');
    } finally {
      await t.close();
    }
  });
}
