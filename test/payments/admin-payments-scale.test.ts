import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { newId, randomBase62 } from '../../src/lib/ids.js';
import { createInvoice, enableWallet, payWallet } from './helpers.js';

type Listed = { payments: { invoice_id: string }[]; next_cursor: string | null; total: number; total_capped: boolean };

for (const dialect of dialects) {
  describe(`${dialect}: admin payments list at scale (search, cursor, capped count)`, () => {
    let t: TestApp;
    let key: string;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    const base = '/admin/api/brands/default';
    const list = async (query: string): Promise<Listed> => {
      const res = await admin.inject({ method: 'GET', url: `${base}/payments?${query}` });
      assert.equal(res.statusCode, 200, show(res));
      return res.json();
    };
    const invoices = (l: Listed) => l.payments.map((p) => p.invoice_id);
    before(async () => {
      t = await buildTestApp(dialect);
      key = (await seedKey(t)).key;
      admin = await signedInAdmin(t);
    });
    after(() => t.close());

    test('search finds a payment by a prefix of its invoice id, TrxID, e-mail, customer name or sender number', async () => {
      await enableWallet(t, 'bkash');
      const target = await createInvoice(t, key, { full_name: 'Zubair Quraishi', email: 'zq.buyer@example.com' });
      await createInvoice(t, key, { full_name: 'Someone Else', email: 'other@example.com' });
      assert.equal((await payWallet(t, target, 'QX7TRX0001', 'bkash', '01799887766')).statusCode, 303);
      for (const q of [target.slice(0, 10), target.toLowerCase(), 'qx7trx', 'ZQ.BUY', 'zubair q', '0179988', '+8801799887', '8801799887766']) {
        assert.deepEqual(invoices(await list(`q=${encodeURIComponent(q)}`)), [target], `q=${q}`);
      }
      // Prefixes, not substrings: each field is matched from its start, through its index.
      for (const q of ['Quraishi', 'buyer@', 'TRX0001', '9887766', '%', '_'])
        assert.deepEqual(invoices(await list(`q=${encodeURIComponent(q)}`)), [], `q=${q}`);
    });

    test('cursor pages: newest first with no duplicates or gaps while payments are being created', async () => {
      const before = [];
      for (let i = 0; i < 11; i++) before.push(await createInvoice(t, key, { email: `cursor-${i}@example.com` }));
      const seen: string[] = [];
      const created: string[] = [];
      let page = await list('q=cursor-&per_page=3');
      for (;;) {
        seen.push(...invoices(page));
        if (!page.next_cursor) break;
        // New payments (matching the same search) arrive while the administrator reads the next page.
        const [next, ...fresh] = await Promise.all([
          list(`q=cursor-&per_page=3&cursor=${encodeURIComponent(page.next_cursor)}`),
          createInvoice(t, key, { email: `cursor-new-${seen.length}@example.com` }),
          createInvoice(t, key, { email: `cursor-new-${seen.length}b@example.com` }),
        ]);
        created.push(...fresh);
        page = next;
      }
      assert.equal(new Set(seen).size, seen.length, 'no payment twice');
      const old = seen.filter((id) => !created.includes(id));
      // Newest first is (created_at, id) descending: two payments created in the same millisecond are ordered by id.
      const rows = await t.db.selectFrom('payments').select(['invoice_id', 'created_at', 'id']).where('invoice_id', 'in', before).execute();
      rows.sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      assert.deepEqual(
        old,
        rows.map((r) => r.invoice_id),
        'every payment that existed, newest first, none missing',
      );
      const all = await list('q=cursor-&per_page=100');
      assert.equal(all.total, before.length + created.length);
      assert.equal(all.next_cursor, null);
      const bad = await admin.inject({ method: 'GET', url: `${base}/payments?cursor=not-a-cursor` });
      assert.equal(bad.statusCode, 400, show(bad));
      assert.equal(bad.json().field, 'cursor');
    });

    test('the count stops at 1000 (total_capped); filters and search still count exactly below it; dense searches page too', async () => {
      const template = await t.db.selectFrom('payments').selectAll().where('brand_id', '=', t.brand.id).limit(1).executeTakeFirstOrThrow();
      const now = Date.now();
      for (let done = 0; done < 5001; done += 250) {
        const rows = Array.from({ length: Math.min(250, 5001 - done) }, (_, i) => ({
          ...template,
          id: newId('pay'),
          invoice_id: randomBase62(20),
          email: `bulk${done + i}@example.com`,
          livemode: 0,
          status: 'expired' as const,
          created_at: now - (done + i) * 1000,
          transaction_id: null,
          sender_number: null,
          payment_method: null,
        }));
        await t.db.insertInto('payments').values(rows).execute();
      }
      const many = await list('livemode=false&per_page=1');
      assert.deepEqual([many.total, many.total_capped], [1000, true]);
      const few = await list('livemode=false&q=bulk100');
      assert.deepEqual([few.total, few.total_capped], [11, false], 'bulk100 and bulk1000–bulk1009');
      // More than 5000 matches take the other plan (the list walked in order): the same rows, the same capped count.
      const dense = await list('livemode=false&q=BULK&per_page=100');
      assert.deepEqual([dense.total, dense.total_capped], [1000, true]);
      assert.deepEqual(invoices(dense), invoices(await list('livemode=false&per_page=100')));
      const denseNext = await list(`livemode=false&q=bulk&per_page=100&cursor=${encodeURIComponent(dense.next_cursor!)}`);
      assert.equal(denseNext.payments.length, 100);
      assert.ok(!invoices(denseNext).some((id) => invoices(dense).includes(id)));
      const live = await list('per_page=1');
      assert.equal(live.total_capped, false);
      assert.ok(live.total < 1000);
      let pages = 0;
      for (let cursor: string | null = ''; cursor !== null; pages++) {
        const page: Listed = await list(`livemode=false&per_page=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        cursor = page.next_cursor;
      }
      assert.equal(pages, 51, '5001 payments in pages of 100');
    });
  });
}
