import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator, sql } from 'kysely';
import { dialects, freshDatabase, type TestDialect } from './dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from './harness.js';
import { api, createInvoice, enableWallet, form, payWallet } from './payments/helpers.js';
import { startReceiver, testWorker } from './webhooks/support.js';
import { bkashSms, forward, forwarderBody, seedDevice } from './sms/support.js';
import { migrations } from '../src/db/migrate.js';
import { createDb, type Db } from '../src/db/index.js';
import { openDatabase } from '../src/server.js';
import { buildApp } from '../src/app.js';
import { getBrand } from '../src/modules/brands/service.js';
import { expireDue } from '../src/modules/payments/repository.js';
import { PAYMENT_STATES } from '../src/modules/payments/states.js';

/**
 * Upgrades on data (issue 24): for every migration, a database is built with the schema just before it, filled with the
 * rows of a working installation (keys, payments in every state, refunds, webhook deliveries, devices and SMS), and
 * opened the way `duar serve` opens it (every later migration runs). Then everything the API answers about those rows
 * must be what the installation answered before: keys authenticate, verify-payment returns the same object, refunds
 * stay bounded by what is left, and the dashboard shows the same payments, refunds, deliveries, keys and SMS.
 *
 * Generic over `migrations`: a migration added later is covered by adding it there. The rows are those of the latest
 * schema projected onto the older one (its tables, its columns), so the fixture uses only what every version could
 * store: live keys, taka payments without fees.
 */

type Answer = { status: number; body: unknown };
type Probe = {
  name: string;
  /** Asked only when the old database had these tables. */
  tables: string[];
  ask: (t: Pick<TestApp, 'app'>, admin: Admin) => Promise<Answer>;
  /** The part of the answer that the old database's tables decide. */
  view?: (body: unknown, tables: Set<string>) => unknown;
};
type Admin = Awaited<ReturnType<typeof signedInAdmin>>;
type Installation = { t: TestApp; rows: Map<string, Record<string, unknown>[]>; probes: Probe[]; expected: Map<string, Answer>; now: () => number };

const answer = (res: { statusCode: number; body: string }): Answer => ({ status: res.statusCode, body: res.body ? JSON.parse(res.body) : null });

/** A working installation made through the API, the rows it left in every table, and what its API answers about them. */
async function installation(dialect: TestDialect): Promise<Installation> {
  // The clock stops once the rows are written, so asking (which marks keys used) answers the same on both sides.
  let stopped: number | null = null;
  const now = () => stopped ?? Date.now();
  const t = await buildTestApp(dialect, { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' }, { now });
  const receiver = await startReceiver();
  try {
    const admin = await signedInAdmin(t);
    const keys = [
      await seedKey(t, { name: 'Shop' }),
      await seedKey(t, { name: 'Read only', abilities: ['payment:verify'] }),
      await seedKey(t, { name: 'Switched off', is_active: false }),
    ];
    const key = keys[0]!.key;
    await enableWallet(t, 'bkash');
    const device = await seedDevice(t);
    const checkout = () => createInvoice(t, key, { webhook_url: `${receiver.base}/ipn` });
    const base = '/admin/api/brands/default';
    const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 200) => {
      const r = await res;
      assert.equal(r.statusCode, status, show(r));
    };
    let trx = 0;
    const nextTrx = () => `UPG${String(++trx).padStart(7, '0')}`;
    let balance = 0;
    const sms = (id: string, amount = 10_000) => {
      balance += amount;
      return ok(forward(t, device.key, forwarderBody('bKash', bkashSms({ amount, balance, trx: id }))));
    };
    const paid = async () => {
      const inv = await checkout();
      await ok(payWallet(t, inv, nextTrx()), 303);
      await ok(admin.inject({ method: 'POST', url: `${base}/payments/${inv}/approve`, payload: {} }));
      return inv;
    };
    const refund = async (inv: string, amount: string) => {
      const { transaction_id } = (await api(t, key)('/api/verify-payment', { invoice_id: inv })).json();
      await ok(api(t, key)('/api/refund-payment', { transaction_id, amount }));
    };

    const invoices: string[] = [];
    const expired = await checkout();
    await expireDue(t.db, t.brand.id, Date.now() + 30 * 86_400_000);
    invoices.push(expired);
    invoices.push(await checkout()); // initiated
    const canceled = await checkout();
    await ok(form(t, `/payment/${canceled}/cancel`, {}), 303);
    invoices.push(canceled);
    const pending = await checkout();
    await ok(payWallet(t, pending, nextTrx()), 303);
    invoices.push(pending);
    const failed = await checkout();
    await ok(payWallet(t, failed, nextTrx()), 303);
    await ok(admin.inject({ method: 'POST', url: `${base}/payments/${failed}/reject`, payload: { note: 'not in the wallet' } }));
    invoices.push(failed);
    invoices.push(await paid());
    const bySms = await checkout();
    const smsTrx = nextTrx();
    await sms(smsTrx);
    await ok(payWallet(t, bySms, smsTrx), 303);
    invoices.push(bySms);
    await sms(nextTrx(), 2_500); // an SMS no payment claimed
    const partly = await paid();
    await refund(partly, '30');
    invoices.push(partly);
    const whole = await paid();
    await refund(whole, '40');
    await refund(whole, '60');
    invoices.push(whole);
    // The IPNs so far are delivered; the next payment's stays pending.
    await testWorker(t).worker.runOnce();
    invoices.push(await paid());

    stopped = Date.now() + 1000;
    const rows = new Map<string, Record<string, unknown>[]>();
    for (const table of await t.db.introspection.getTables()) {
      rows.set(
        table.name,
        await t.db
          .selectFrom(table.name as never)
          .selectAll()
          .execute(),
      );
    }
    assert.deepEqual(new Set(rows.get('payments')!.map((p) => p.status)), new Set(PAYMENT_STATES), 'the installation has a payment in every state');
    const deliveries = new Set(rows.get('webhook_deliveries')!.map((d) => d.status));
    assert.ok(deliveries.has('delivered') && deliveries.has('pending'), `delivered and pending IPNs: ${[...deliveries]}`);
    assert.deepEqual(new Set(rows.get('sms_messages')!.map((s) => s.status)), new Set(['used', 'approved']), 'a used and an unclaimed SMS');
    assert.equal(rows.get('refunds')!.length, 3);

    const probes: Probe[] = [
      // First: asking with a key below marks it used.
      { name: 'dashboard API keys', tables: ['api_keys'], ask: async (_, a) => answer(await a.inject({ method: 'GET', url: `${base}/api-keys` })) },
      ...keys.map((k) => ({
        name: `GET /api/me with key "${k.view.name}"`,
        tables: ['api_keys'],
        ask: async (app: Pick<TestApp, 'app'>) => answer(await app.app.inject({ method: 'GET', url: '/api/me', headers: { 'rt-uddoktapay-api-key': k.key } })),
      })),
      ...invoices.flatMap((inv) => [
        {
          name: `verify-payment ${inv}`,
          tables: ['payments'],
          ask: async (app: Pick<TestApp, 'app'>) => answer(await api(app as TestApp, key)('/api/verify-payment', { invoice_id: inv })),
        },
        {
          name: `dashboard payment ${inv}`,
          tables: ['payments', 'refunds'],
          // Its IPNs and SMS, when the database had their tables.
          view: (body: unknown, tables: Set<string>) => {
            const { deliveries, sms, ...rest } = body as Record<string, unknown>;
            return { ...rest, ...(tables.has('webhook_deliveries') ? { deliveries } : {}), ...(tables.has('sms_messages') ? { sms } : {}) };
          },
          ask: async (_: unknown, a: Admin) => answer(await a.inject({ method: 'GET', url: `${base}/payments/${inv}` })),
        },
      ]),
      ...(
        [
          [partly, '70.01'],
          [whole, '0.01'],
          [invoices.at(-1)!, '100.01'],
        ] as const
      ).map(([inv, tooMuch]) => ({
        // Answered, never carried out: one paisa more than is left.
        name: `refund-payment of ${tooMuch} from ${inv}`,
        tables: ['payments', 'refunds'],
        ask: async (app: Pick<TestApp, 'app'>) => {
          const { transaction_id } = (await api(app as TestApp, key)('/api/verify-payment', { invoice_id: inv })).json();
          return answer(await api(app as TestApp, key)('/api/refund-payment', { transaction_id, amount: tooMuch }));
        },
      })),
      {
        name: 'dashboard payments list',
        tables: ['payments'],
        ask: async (_, a) => answer(await a.inject({ method: 'GET', url: `${base}/payments?per_page=50` })),
      },
      { name: 'dashboard SMS', tables: ['sms_messages'], ask: async (_, a) => answer(await a.inject({ method: 'GET', url: `${base}/sms` })) },
      {
        name: 'dashboard webhook deliveries',
        tables: ['webhook_deliveries'],
        ask: async (_, a) => answer(await a.inject({ method: 'GET', url: `${base}/webhook-deliveries` })),
      },
    ];
    const expected = new Map<string, Answer>();
    for (const probe of probes) expected.set(probe.name, await probe.ask(t, admin));
    return { t, rows, probes, expected, now };
  } finally {
    await receiver.close();
  }
}

/** Turns foreign keys off while `fn` writes rows whose tables are filled in any order. */
async function withoutForeignKeys(db: Db, dialect: TestDialect, fn: (db: Db) => Promise<void>) {
  if (dialect === 'sqlite') {
    await sql`PRAGMA foreign_keys = OFF`.execute(db);
    try {
      await fn(db);
    } finally {
      await sql`PRAGMA foreign_keys = ON`.execute(db);
    }
    return;
  }
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await fn(trx as unknown as Db);
  });
}

for (const dialect of dialects) {
  describe(`${dialect}: a database written before each migration works after upgrading to the latest`, () => {
    let before_: Installation;
    before(async () => {
      before_ = await installation(dialect);
    });
    after(() => before_?.t.close());

    const names = Object.keys(migrations);
    // Before the first migration there is no table to hold data.
    for (const [i, name] of names.entries()) {
      if (i === 0) continue;
      test(`rows written under ${names[i - 1]} (before ${name})`, async () => {
        const { t, rows, probes, expected, now } = before_;
        const fresh = await freshDatabase(dialect);
        const old = createDb(fresh.database);
        const tablesThen = new Set<string>();
        try {
          const migrated = await new Migrator({ db: old, provider: { getMigrations: async () => migrations } }).migrateTo(names[i - 1]!);
          if (migrated.error) throw migrated.error;
          const tables = (await old.introspection.getTables()).filter((table) => rows.has(table.name));
          await withoutForeignKeys(old, dialect, async (db) => {
            for (const table of tables) {
              tablesThen.add(table.name);
              const columns = table.columns.map((c) => c.name);
              const projected = rows.get(table.name)!.map((row) => Object.fromEntries(columns.filter((c) => c in row).map((c) => [c, row[c]])));
              if (projected.length > 0)
                await db
                  .insertInto(table.name as never)
                  .values(projected as never)
                  .execute();
            }
          });
        } finally {
          await old.destroy();
        }

        const config = { ...t.config, database: fresh.database, dataDir: fresh.dataDir };
        const db = await openDatabase(config);
        const app = await buildApp({ config, db, appKey: t.appKey, logger: false, now });
        try {
          await app.ready();
          const upgraded = { app, db, config, appKey: t.appKey, brand: await getBrand(db, 'default') } as TestApp;
          const admin = await signedInAdmin(upgraded);
          for (const probe of probes) {
            if (!probe.tables.every((table) => tablesThen.has(table))) continue;
            const view = (a: Answer) => (probe.view ? { ...a, body: probe.view(a.body, tablesThen) } : a);
            assert.deepEqual(view(await probe.ask(upgraded, admin)), view(expected.get(probe.name)!), probe.name);
          }
        } finally {
          await app.close();
          await db.destroy();
          await fresh.drop();
        }
      });
    }
  });
}
