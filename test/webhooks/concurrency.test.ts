import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp } from '../harness.js';
import { sql } from 'kysely';
import { createDb, type Db } from '../../src/db/index.js';
import { createWebhookWorker } from '../../src/jobs/webhook-worker.js';
import { listPaymentDeliveries } from '../../src/modules/webhooks/service.js';
import { enqueue, startReceiver, verifyObject } from './support.js';

const HOUR = 60 * 60_000;
const statusOf = (body: string) => (JSON.parse(body) as { status: string }).status;

const COUNT = 30;

for (const dialect of dialects) {
  test(`${dialect}: two workers on separate connections to one database race, and each delivery is sent exactly once`, async () => {
    const t = await buildTestApp(dialect, { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' });
    // Two more pools to the same database stand in for two server processes; t.db only sets up and checks.
    const processA = createDb(t.config.database);
    const processB = createDb(t.config.database);
    // A short delay in the answer keeps sends in flight while the other worker polls.
    const receiver = await startReceiver(() => new Promise((resolve) => setTimeout(() => resolve({ status: 200, body: 'ok' }), 15)));
    try {
      const ids: string[] = [];
      for (let i = 0; i < COUNT; i++) ids.push(await enqueue(t, { url: `${receiver.base}/ipn`, apiKeyId: null, paymentId: `pay_race${i}` }));
      const common = { config: t.config, appKey: t.appKey, log: t.app.log, concurrency: 7 };
      const a = createWebhookWorker({ ...common, db: processA, workerId: 'wrk_a' });
      const b = createWebhookWorker({ ...common, db: processB, workerId: 'wrk_b' });

      for (let round = 0; round < 20; round++) {
        // Who starts first alternates: on SQLite (a synchronous driver) the first to start wins every claim they both try.
        const [first, second] = round % 2 === 0 ? [a, b] : [b, a];
        const sent = await Promise.all([first.runOnce(), second.runOnce(), first.runOnce(), second.runOnce()]);
        if (sent.every((n) => n === 0)) break;
      }

      const perId = new Map<string, number>();
      for (const r of receiver.requests) perId.set(String(r.headers['webhook-id']), (perId.get(String(r.headers['webhook-id'])) ?? 0) + 1);
      assert.equal(receiver.requests.length, COUNT, 'one request per delivery');
      for (const id of ids) assert.equal(perId.get(id), 1, id);
      const workers = new Set<string>();
      for (let i = 0; i < COUNT; i++) {
        const [delivery] = await listPaymentDeliveries(t.db, `pay_race${i}`);
        assert.equal(delivery!.status, 'delivered');
        assert.equal(delivery!.attempts.length, 1);
      }
      const rows = await t.db.selectFrom('webhook_attempts').select('worker').execute();
      for (const r of rows) workers.add(r.worker);
      assert.equal(rows.length, COUNT);
      assert.deepEqual([...workers].sort(), ['wrk_a', 'wrk_b'], 'both workers sent some of the deliveries: they raced');
    } finally {
      await receiver.close();
      await processA.destroy();
      await processB.destroy();
      if (dialect === 'postgres') await untilOnlyThisConnection(t.db);
      await t.close();
    }
  });
}

for (const dialect of dialects) {
  test(`${dialect}: two workers — a PENDING IPN in flight when COMPLETED is queued is answered first, then superseded, never retried`, async () => {
    const t = await buildTestApp(dialect, { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' });
    const processA = createDb(t.config.database);
    const processB = createDb(t.config.database);
    // PENDING requests are held until the test opens the gate, then fail: they are in flight while COMPLETED is queued.
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const receiver = await startReceiver((req) =>
      statusOf(req.body) === 'PENDING' ? gate.then(() => ({ status: 500, body: 'busy' })) : { status: 200, body: 'ok' },
    );
    const PAYMENTS = 8;
    try {
      const url = `${receiver.base}/ipn`;
      for (let i = 0; i < PAYMENTS; i++) {
        await enqueue(t, {
          url,
          apiKeyId: null,
          paymentId: `pay_flight${i}`,
          event: 'payment.pending',
          payload: { ...verifyObject(`INV${i}`), status: 'PENDING' },
        });
      }
      const clock = { now: Date.now() };
      const common = { config: t.config, appKey: t.appKey, log: t.app.log, concurrency: 20, now: () => clock.now };
      const a = createWebhookWorker({ ...common, db: processA, workerId: 'wrk_a' });
      const b = createWebhookWorker({ ...common, db: processB, workerId: 'wrk_b' });

      const inFlight = a.runOnce();
      await receiver.received(PAYMENTS, { unless: inFlight });
      for (let i = 0; i < PAYMENTS; i++)
        await enqueue(t, { url, apiKeyId: null, paymentId: `pay_flight${i}`, event: 'payment.completed', payload: verifyObject(`INV${i}`) });
      clock.now = Date.now();
      assert.equal(await b.runOnce(), 0, 'no IPN of a payment is sent while another of the same payment is in flight');
      openGate();
      assert.equal(await inFlight, PAYMENTS);

      for (let round = 0; round < 6; round++) {
        await Promise.all([a.runOnce(), b.runOnce()]);
        clock.now += HOUR;
      }
      for (let i = 0; i < PAYMENTS; i++) {
        const seen = receiver.requests.filter((r) => (JSON.parse(r.body) as { invoice_id: string }).invoice_id === `INV${i}`);
        assert.deepEqual(
          seen.map((r) => statusOf(r.body)),
          ['PENDING', 'COMPLETED'],
          `pay_flight${i}`,
        );
        const [completed, pending] = await listPaymentDeliveries(t.db, `pay_flight${i}`);
        assert.equal(completed!.status, 'delivered');
        assert.equal(pending!.status, 'superseded');
        assert.deepEqual(
          pending!.attempts.map((x) => x.http_status),
          [500],
          'its one attempt is recorded, and it is not retried',
        );
      }
    } finally {
      openGate();
      await receiver.close();
      await processA.destroy();
      await processB.destroy();
      if (dialect === 'postgres') await untilOnlyThisConnection(t.db);
      await t.close();
    }
  });
}

/**
 * pg's Pool.end() resolves before the server has closed its backends; the harness's DROP DATABASE … WITH (FORCE) would
 * then kill them and the dying idle clients throw after the test. Wait until the extra pools' backends are gone.
 */
async function untilOnlyThisConnection(db: Db): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database()`.execute(db);
    if (rows[0]!.n <= 1) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
