import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show } from '../harness.js';
import { createDb, idleSqlite } from '../../src/db/index.js';
import { findKeyWithBrand } from '../../src/modules/api-keys/key-cache.js';

for (const dialect of dialects) {
  test(`${dialect}: changes written by another connection, behind Duar's back, are honoured on the very next request`, async () => {
    const t = await buildTestApp(dialect);
    // A second connection writing plain SQL stands for the CLI, another server, or an operator at the database prompt.
    const other = createDb(t.config.database);
    try {
      const { id, key } = await seedKey(t, { abilities: ['payment:verify'] });
      const me = (url = '/api/me') => t.app.inject({ method: 'GET', url, headers: { 'rt-uddoktapay-api-key': key } });
      for (let i = 0; i < 3; i++) assert.equal((await me()).statusCode, 200);

      await other.updateTable('api_keys').set({ abilities: 'payment:refund' }).where('id', '=', id).execute();
      const edited = await me();
      assert.deepEqual(edited.json().api_key.abilities, ['payment:refund'], show(edited));

      await other.updateTable('api_keys').set({ is_active: 0 }).where('id', '=', id).execute();
      assert.equal((await me()).json().code, 'api_key_inactive');
      await other.updateTable('api_keys').set({ is_active: 1 }).where('id', '=', id).execute();
      assert.equal((await me()).statusCode, 200);

      // The brand is read with the key: a renamed slug moves the key's `/{slug}` URLs at once.
      assert.equal((await me('/default/api/me')).statusCode, 200);
      await other.updateTable('brands').set({ slug: 'renamed' }).where('id', '=', t.brand.id).execute();
      assert.equal((await me('/default/api/me')).json().code, 'brand_not_found');
      assert.equal((await me('/renamed/api/me')).json().brand.slug, 'renamed');

      // A roll ends the old key's grace period: the end is a time, read on every request from the kept row.
      await other
        .updateTable('api_keys')
        .set({ ends_at: Date.now() - 1000 })
        .where('id', '=', id)
        .execute();
      assert.equal((await me()).json().code, 'api_key_expired');

      await other.deleteFrom('api_keys').where('id', '=', id).execute();
      assert.equal((await me()).json().code, 'invalid_api_key');
    } finally {
      await other.destroy();
      await t.close();
    }
  });

  test(`${dialect}: changes written through the server's own connection, in or out of a transaction, are honoured on the very next request`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const { id, key } = await seedKey(t, { abilities: ['payment:verify'] });
      const me = () => t.app.inject({ method: 'GET', url: '/api/me', headers: { 'rt-uddoktapay-api-key': key } });
      assert.equal((await me()).statusCode, 200);
      await sql`UPDATE api_keys SET name = ${'raw'} WHERE id = ${id}`.execute(t.db);
      assert.equal((await me()).json().api_key.name, 'raw');

      // A request arriving while a transaction is open: on SQLite it shares the one connection, so it waits for the
      // commit and sees it (started before the commit, answered after); on PostgreSQL it reads the committed state beside
      // the transaction (answered before the commit: still active). On both, the next request after the commit sees it.
      let during: Promise<Awaited<ReturnType<typeof me>>> | undefined;
      let answeredInside: Awaited<ReturnType<typeof me>> | undefined;
      await t.db.transaction().execute(async (trx) => {
        await trx.updateTable('api_keys').set({ is_active: 0 }).where('id', '=', id).execute();
        if (dialect === 'sqlite') during = me();
        else answeredInside = await me();
      });
      if (dialect === 'sqlite') {
        const answered = await during!;
        assert.equal(answered.json().code, 'api_key_inactive', show(answered));
      } else {
        assert.equal(answeredInside!.statusCode, 200, `the uncommitted change is not seen: ${show(answeredInside!)}`);
      }
      const after = await me();
      assert.equal(after.json().code, 'api_key_inactive', `the answer given during the transaction is not kept: ${show(after)}`);

      // A rolled-back change leaves the key as it was.
      await t.db.updateTable('api_keys').set({ is_active: 1 }).where('id', '=', id).execute();
      await assert.rejects(
        t.db.transaction().execute(async (trx) => {
          await trx.deleteFrom('api_keys').where('id', '=', id).execute();
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      assert.equal((await me()).statusCode, 200);
    } finally {
      await t.close();
    }
  });
}

test('sqlite: the key cache answers from memory until either table is written, by this connection or another', async () => {
  const t = await buildTestApp('sqlite');
  const other = createDb(t.config.database);
  try {
    const { id } = await seedKey(t);
    const first = await findKeyWithBrand(t.db, id, null);
    assert.equal(await findKeyWithBrand(t.db, id, null), first, 'kept');
    assert.ok(Object.isFrozen(first?.key) && Object.isFrozen(first?.brand), 'shared between requests, so frozen');

    // A write to another table (a payment, usage) keeps it; a write to api_keys or brands empties it.
    await t.db
      .insertInto('audit_log')
      .values({ id: 'aud_cache0000000000', brand_id: null, actor: 'test', action: 'session.signed_in', target_id: 'x', changes: '{}', ip: null, created_at: 1 })
      .execute();
    assert.equal(await findKeyWithBrand(t.db, id, null), first, 'kept after an unrelated write');
    await t.db.updateTable('brands').set({ name: 'Renamed' }).where('id', '=', t.brand.id).execute();
    const second = await findKeyWithBrand(t.db, id, null);
    assert.notEqual(second, first);
    assert.equal(second?.brand.name, 'Renamed');

    // Another connection's commit moves PRAGMA data_version, which this connection reads for every turn's lookups.
    await other.updateTable('api_keys').set({ name: 'elsewhere' }).where('id', '=', id).execute();
    const third = await findKeyWithBrand(t.db, id, null);
    assert.equal(third?.key.name, 'elsewhere');
    assert.equal(await findKeyWithBrand(t.db, id, null), third);

    assert.equal(await findKeyWithBrand(t.db, 'key_unknown000000000', null), undefined);
    assert.notEqual(await findKeyWithBrand(t.db, id, 'shop.example'), third, 'kept per Host, whose brand the lookup also answers');
  } finally {
    await other.destroy();
    await t.close();
  }
});

test('sqlite: the lookups of one event-loop turn share one read transaction, made after the last of them asked', async () => {
  const t = await buildTestApp('sqlite');
  const other = createDb(t.config.database);
  try {
    const { id } = await seedKey(t);
    await findKeyWithBrand(t.db, id, null);
    const connection = idleSqlite(t.db)!;
    const { keyStamp, readTogether } = connection;
    let stampReads = 0;
    let transactions = 0;
    connection.keyStamp = () => {
      stampReads++;
      return keyStamp();
    };
    connection.readTogether = (reads) => {
      transactions++;
      readTogether(reads);
    };
    try {
      const asked = Array.from({ length: 20 }, () => findKeyWithBrand(t.db, id, null));
      assert.equal(stampReads, 0, 'not read while the turn goes on');
      // Committed by another connection after the first lookups asked, in the same turn: all of them see it.
      const sqliteOfOther = idleSqlite(other)!;
      sqliteOfOther.sqlite.prepare(`UPDATE api_keys SET name = 'late' WHERE id = ?`).run(id);
      const found = await Promise.all(asked);
      assert.equal(transactions, 1, 'one read transaction for the turn');
      assert.equal(stampReads, 20, 'each lookup compares the cache with the stamp, inside it');
      assert.deepEqual(new Set(found.map((f) => f?.key.name)), new Set(['late']));
    } finally {
      Object.assign(connection, { keyStamp, readTogether });
    }
  } finally {
    await other.destroy();
    await t.close();
  }
});
