import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, type TestApp } from '../harness.js';
import { idleSqlite } from '../../src/db/index.js';
import { createPayment, type NewCheckout } from '../../src/modules/payments/create.js';
import { insertPayment } from '../../src/modules/payments/repository.js';
import { newId, randomBase62 } from '../../src/lib/ids.js';
import { api, checkoutBody } from './helpers.js';

const checkout: NewCheckout = {
  variant: 'checkout-v2',
  fullName: 'Group',
  email: 'group@example.com',
  amount: 10_000,
  currency: null,
  metadata: {},
  redirectUrl: 'https://shop.example/paid',
  cancelUrl: 'https://shop.example/cart',
  returnType: 'GET',
  webhookUrl: null,
};
const create = (t: TestApp, email = checkout.email) => createPayment(t.db, t.brand, { id: null, mode: 'test' }, { ...checkout, email }, 60);
const count = async (t: TestApp) =>
  Number(
    (
      await t.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Counts the transactions the grouped inserts open on the app's SQLite connection. */
function countCommits(t: TestApp): () => number {
  const connection = idleSqlite(t.db)!;
  const prepare = connection.prepare;
  let commits = 0;
  connection.prepare = (text: string) => {
    if (text === 'BEGIN IMMEDIATE') commits++;
    return prepare(text);
  };
  return () => commits;
}

for (const dialect of dialects) {
  test(`${dialect}: checkouts that arrive together are each answered after their payment is stored`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const commits = dialect === 'sqlite' ? countCommits(t) : () => 0;
      const { key } = await seedKey(t, { mode: 'test' });
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => api(t, key)('/api/checkout-v2', checkoutBody({ metadata: { order_id: i } }))));
      assert.deepEqual(
        answers.map((res) => res.statusCode),
        answers.map(() => 200),
      );
      const invoices = answers.map((res) => new URL(JSON.parse(res.body).payment_url).pathname.split('/').pop()!);
      assert.equal(new Set(invoices).size, 30);
      // Stored, each with its own order: another connection to the file sees them all.
      if (dialect === 'sqlite') {
        const other = new Database((t.config.database as { file: string }).file, { readonly: true });
        const rows = other.prepare('SELECT invoice_id, order_number FROM payments').all() as { invoice_id: string; order_number: string }[];
        other.close();
        assert.deepEqual(new Set(rows.map((r) => r.invoice_id)), new Set(invoices));
        assert.deepEqual(new Set(rows.map((r) => r.order_number)), new Set(invoices.map((_, i) => String(i))));
        assert.ok(commits() >= 1 && commits() < 15, `${commits()} commits for 30 checkouts`);
      } else assert.equal(await count(t), 30);
    } finally {
      await t.close();
    }
  });
}

test('sqlite: an insert that fails in a shared commit fails alone; the others are stored', async () => {
  const t = await buildTestApp('sqlite');
  try {
    const commits = countCommits(t);
    const existing = await create(t);
    const before = commits();
    const outcomes = await Promise.allSettled([create(t, 'a@example.com'), insertPayment(t.db, { ...existing }), create(t, 'b@example.com')]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /UNIQUE constraint failed/);
    assert.equal(commits() - before, 1, 'the three inserts shared one transaction');
    assert.deepEqual(
      (await t.db.selectFrom('payments').select('email').orderBy('email').execute()).map((r) => r.email),
      ['a@example.com', 'b@example.com', 'group@example.com'],
    );
  } finally {
    await t.close();
  }
});

test('sqlite: a failure that ends the shared transaction fails every insert in it, and the connection goes on', async () => {
  const t = await buildTestApp('sqlite');
  try {
    // RAISE(ROLLBACK) ends the whole transaction, as an I/O error or a full disk would.
    await sql`CREATE TEMP TRIGGER refuse_boom BEFORE INSERT ON payments WHEN NEW.email = 'boom@example.com' BEGIN SELECT RAISE(ROLLBACK, 'boom'); END`.execute(
      t.db,
    );
    const outcomes = await Promise.allSettled([create(t, 'a@example.com'), create(t, 'boom@example.com'), create(t, 'b@example.com')]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['rejected', 'rejected', 'rejected'],
    );
    assert.equal(await count(t), 0);
    await create(t, 'c@example.com');
    assert.equal(await count(t), 1);
  } finally {
    await t.close();
  }
});

/** A transaction that renames the brand, calls `during` inside it, holds the connection 20 ms and rolls back: the name stays. */
async function rolledBackRename(t: TestApp, during: () => void = () => {}): Promise<void> {
  const rolledBack = t.db.transaction().execute(async (trx) => {
    await trx.updateTable('brands').set({ name: 'Renamed' }).where('id', '=', t.brand.id).execute();
    during();
    await new Promise((resolve) => setTimeout(resolve, 20));
    throw new Error('rolled back');
  });
  await assert.rejects(rolledBack, /rolled back/);
  assert.equal((await t.db.selectFrom('brands').select('name').where('id', '=', t.brand.id).executeTakeFirstOrThrow()).name, t.brand.name);
}

test('sqlite: inserts waiting while a transaction is open run after it, outside it', async () => {
  const t = await buildTestApp('sqlite');
  try {
    let inserts: Promise<unknown>[] = [];
    // Called while the transaction is open on the connection: they must neither join it nor be lost with it.
    await rolledBackRename(t, () => {
      inserts = [create(t, 'a@example.com'), create(t, 'b@example.com')];
    });
    await Promise.all(inserts);
    assert.equal(await count(t), 2);
  } finally {
    await t.close();
  }
});

test('sqlite: inserts queued before a transaction opens in the same turn run after it, outside it', async () => {
  const t = await buildTestApp('sqlite');
  try {
    const model = await create(t);
    const copy = (email: string) => ({ ...model, id: newId('pay'), invoice_id: randomBase62(20), email });
    // Queued while the connection is idle; the transaction begins before the end of the turn, when they would commit.
    const inserts = [insertPayment(t.db, copy('a@example.com')), insertPayment(t.db, copy('b@example.com'))];
    await rolledBackRename(t);
    await Promise.all(inserts);
    assert.equal(await count(t), 3);
  } finally {
    await t.close();
  }
});
