import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey } from '../harness.js';
import { idleSqlite, postgresPool } from '../../src/db/index.js';
import { createBrand } from '../../src/modules/brands/service.js';
import { api, createInvoice, paySandbox } from './helpers.js';

for (const dialect of dialects) {
  test(`${dialect}: verify requests that arrive together each get the answer they would get alone`, async () => {
    const t = await buildTestApp(dialect);
    let batched = 0;
    const pool = postgresPool(t.db);
    const sqlite = idleSqlite(t.db);
    if (sqlite) {
      const readTogether = sqlite.readTogether;
      sqlite.readTogether = (reads) => {
        batched++;
        readTogether(reads);
      };
    }
    if (pool) {
      const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
      (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        if ((args[0] as { name?: string } | undefined)?.name === 'duar_payments_to_verify') batched++;
        return query(...args);
      };
    }
    try {
      const other = await createBrand(t.db, { slug: 'other', name: 'Other', timezone: 'UTC', currency: 'BDT' }, { label: 'test', ip: null });
      const { key: testKey } = await seedKey(t, { mode: 'test' });
      const { key: liveKey } = await seedKey(t, { mode: 'live' });
      const { key: otherKey } = await seedKey(t, { mode: 'test' }, other);
      const paid = await createInvoice(t, testKey, { metadata: { order: 'paid' } });
      await paySandbox(t, paid);
      const unpaid = await createInvoice(t, testKey, { metadata: { order: 'unpaid' } });
      const othersInvoice = await createInvoice(t, otherKey, { metadata: { order: 'other' } });
      const asks: [string, string][] = [
        [testKey, paid],
        [testKey, unpaid],
        [testKey, othersInvoice], // another brand's payment: unknown to this key
        [liveKey, paid], // the other mode's payment: unknown too
        [otherKey, othersInvoice],
        [testKey, 'no-such-invoice'],
      ];
      const send = ([key, invoice]: [string, string]) => api(t, key)('/api/verify-payment', { invoice_id: invoice });
      const alone: string[] = [];
      for (const ask of asks) alone.push((await send(ask)).body);
      const statuses = alone.map((body) => JSON.parse(body).status);
      assert.deepEqual(statuses, ['COMPLETED', 'PENDING', 'ERROR', 'ERROR', 'PENDING', 'ERROR']);
      assert.deepEqual(
        alone.map((body) => JSON.parse(body).metadata?.order ?? JSON.parse(body).code),
        ['paid', 'unpaid', 'payment_not_found', 'payment_not_found', 'other', 'payment_not_found'],
      );
      const before = batched;
      const together = (await Promise.all([...asks, ...asks, ...asks].map(send))).map((res) => res.body);
      assert.deepEqual(together, [...alone, ...alone, ...alone]);
      const shared = batched - before;
      assert.ok(shared >= 1 && shared < together.length / 2, `${shared} batched reads for ${together.length} requests`);

      // Asked while a transaction is open (on SQLite, on the one connection): each read waits for it, then answers alone.
      let during: Promise<string[]> | undefined;
      await t.db.transaction().execute(async (trx) => {
        await trx.selectFrom('payments').select('id').execute();
        during = Promise.all(asks.map(send)).then((answers) => answers.map((res) => res.body));
        await new Promise((resolve) => setTimeout(resolve, 20));
      });
      assert.deepEqual(await during, alone);
    } finally {
      await t.close();
    }
  });
}
