import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, type TestApp } from '../harness.js';
import { createDb, postgresPool } from '../../src/db/index.js';
import { createBrand } from '../../src/modules/brands/service.js';

/** A new client address for every request, so the failed-attempts limiter (per address) never answers instead. */
let clients = 0;
const remoteAddress = () => `10.9.${Math.floor(++clients / 250)}.${clients % 250}`;

/** Counts the batched key reads the app's pool sends (PostgreSQL), by the statement's name. */
function countBatchedReads(t: TestApp): { count: () => number } {
  const pool = postgresPool(t.db);
  let count = 0;
  if (pool) {
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if ((args[0] as { name?: string } | undefined)?.name === 'duar_keys_with_brands') count++;
      return query(...args);
    };
  }
  return { count: () => count };
}

for (const dialect of dialects) {
  test(`${dialect}: requests that arrive together each get the answer they would get alone`, async () => {
    const t = await buildTestApp(dialect);
    const reads = countBatchedReads(t);
    try {
      const shop = await createBrand(
        t.db,
        { slug: 'shop', name: 'Shop', domain: 'pay.shop.test', timezone: 'Asia/Dhaka', currency: 'BDT' },
        { label: 'test', ip: null },
      );
      const { key: shopKey } = await seedKey(t, {}, shop);
      const { key: defaultKey } = await seedKey(t);
      const { key: inactiveKey } = await seedKey(t, { is_active: false });
      const wrongSecret = `${defaultKey.slice(0, -6)}AAAAAA`;
      const asks = [
        { key: defaultKey, url: '/api/me', host: 'localhost' },
        { key: shopKey, url: '/api/me', host: 'pay.shop.test' },
        { key: defaultKey, url: '/api/me', host: 'pay.shop.test' },
        { key: shopKey, url: '/default/api/me', host: 'localhost' }, // another brand's prefix
        { key: shopKey, url: '/shop/api/me', host: 'localhost' },
        { key: inactiveKey, url: '/api/me', host: 'localhost' },
        { key: wrongSecret, url: '/api/me', host: 'localhost' },
        { key: defaultKey, url: '/nowhere/api/me', host: 'localhost' },
      ];
      const send = (a: (typeof asks)[number]) =>
        t.app.inject({ method: 'GET', url: a.url, remoteAddress: remoteAddress(), headers: { host: a.host, 'rt-uddoktapay-api-key': a.key } });
      const outcome = (res: Awaited<ReturnType<typeof send>>) => `${res.statusCode} ${res.json().code ?? res.json().brand.slug}`;
      const alone: string[] = [];
      for (const a of asks) alone.push(outcome(await send(a)));
      assert.deepEqual(alone, [
        '200 default',
        '200 shop',
        '401 invalid_api_key',
        '401 invalid_api_key',
        '200 shop',
        '401 api_key_inactive',
        '401 invalid_api_key',
        '404 brand_not_found',
      ]);
      const before = reads.count();
      const together = (await Promise.all([...asks, ...asks, ...asks].map(send))).map(outcome);
      assert.deepEqual(together, [...alone, ...alone, ...alone]);
      // 24 requests at once: on PostgreSQL their key reads share round trips (SQLite answers from its key cache).
      const shared = reads.count() - before;
      if (dialect === 'postgres') assert.ok(shared >= 1 && shared < together.length / 2, `${shared} batched reads for ${together.length} requests`);
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: a change committed before requests arrive together is honoured by every one of them`, async () => {
    const t = await buildTestApp(dialect);
    const other = createDb(t.config.database);
    try {
      const { id, key } = await seedKey(t);
      const burst = async () =>
        (
          await Promise.all(
            Array.from({ length: 20 }, () =>
              t.app.inject({ method: 'GET', url: '/api/me', remoteAddress: remoteAddress(), headers: { 'rt-uddoktapay-api-key': key } }),
            ),
          )
        ).map((res) => res.statusCode);
      assert.deepEqual(await burst(), Array(20).fill(200));
      await other.updateTable('api_keys').set({ is_active: 0 }).where('id', '=', id).execute();
      assert.deepEqual(await burst(), Array(20).fill(401));
      await other.updateTable('api_keys').set({ is_active: 1 }).where('id', '=', id).execute();
      const back = await t.app.inject({ method: 'GET', url: '/api/me', headers: { 'rt-uddoktapay-api-key': key } });
      assert.equal(back.statusCode, 200, show(back));
      await other.deleteFrom('api_keys').where('id', '=', id).execute();
      assert.deepEqual(await burst(), Array(20).fill(401));
    } finally {
      await other.destroy();
      await t.close();
    }
  });
}
