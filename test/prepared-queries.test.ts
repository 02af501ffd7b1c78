import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from './dialects.js';
import { buildTestApp } from './harness.js';
import { prepared, preparedInsert } from '../src/db/prepared.js';
import type { Executor } from '../src/db/index.js';

for (const dialect of dialects) {
  test(`${dialect}: a prepared query is built once and answers each call with that call's parameters, in transactions too`, async () => {
    const t = await buildTestApp(dialect);
    try {
      let builds = 0;
      const brandBySlugOrId = prepared((db: Executor, slug: string, id: string) => {
        builds++;
        return db
          .selectFrom('brands')
          .select(['id', 'slug'])
          .where((eb) => eb.or([eb('slug', '=', slug), eb('id', '=', id)]))
          .orderBy('slug');
      });
      await t.db
        .insertInto('brands')
        .values({ ...t.brand, id: 'brd_second0000000000', slug: 'second', domain: null })
        .execute();
      assert.deepEqual(await brandBySlugOrId(t.db, 'default', 'none'), [{ id: t.brand.id, slug: 'default' }]);
      assert.deepEqual(await brandBySlugOrId(t.db, 'none', 'brd_second0000000000'), [{ id: 'brd_second0000000000', slug: 'second' }]);
      assert.deepEqual(
        (await brandBySlugOrId(t.db, 'second', t.brand.id)).map((b) => b.slug),
        ['default', 'second'],
      );
      assert.deepEqual(await brandBySlugOrId(t.db, 'none', 'none'), []);
      await t.db.transaction().execute(async (trx) => {
        await trx.updateTable('brands').set({ slug: 'renamed' }).where('id', '=', 'brd_second0000000000').execute();
        assert.deepEqual(await brandBySlugOrId(trx, 'renamed', 'none'), [{ id: 'brd_second0000000000', slug: 'renamed' }], 'sees the transaction');
      });
      assert.equal(builds, 1, 'built and compiled once, on first use');
    } finally {
      await t.close();
    }
  });
}

for (const dialect of dialects) {
  test(`${dialect}: a prepared insert writes each call's row, on the database and in a transaction (rolled back with it)`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const insertSetting = preparedInsert('settings', { name: true, value: true });
      await insertSetting(t.db, { name: 'prepared.one', value: '1' });
      await insertSetting(t.db, { name: 'prepared.two', value: '2' });
      await assert.rejects(
        t.db.transaction().execute(async (trx) => {
          await insertSetting(trx, { name: 'prepared.three', value: '3' });
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      await assert.rejects(insertSetting(t.db, { name: 'prepared.one', value: 'again' }), 'the primary key still holds');
      const rows = await t.db.selectFrom('settings').selectAll().where('name', 'like', 'prepared.%').orderBy('name').execute();
      assert.deepEqual(rows, [
        { name: 'prepared.one', value: '1' },
        { name: 'prepared.two', value: '2' },
      ]);
    } finally {
      await t.close();
    }
  });
}

test('prepared() refuses a build that does not use every placeholder as a parameter', async () => {
  const t = await buildTestApp('sqlite');
  try {
    const unused = prepared((db: Executor, _slug: string) => db.selectFrom('brands').select('id'));
    await assert.rejects(unused(t.db, 'default'), /every placeholder/);
  } finally {
    await t.close();
  }
});
