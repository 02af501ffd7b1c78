import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, type TestApp } from '../harness.js';
import { createInvoice, enableWallet, payWallet, verify } from '../payments/helpers.js';
import { bkashSms, forward, forwarderBody, seedDevice } from '../sms/support.js';
import { createHousekeeping } from '../../src/jobs/housekeeping.js';
import { createRecovery } from '../../src/jobs/recovery.js';
import { createSmsSweep } from '../../src/jobs/sms-sweep.js';
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_WINDOW_MS } from '../../src/modules/payments/idempotency.js';

/**
 * The jobs as `serve()` runs them: started, on the test clock (node:test's mock timers, setTimeout only; database I/O
 * stays real). A tick of the job's interval starts its run and `stop()` returns once that run has ended, so each
 * assertion reads what one timed run did, with no sleep in between.
 */
const quiet = { info() {}, warn() {} };

function testClock(t: TestContext) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  return (ms: number) => t.mock.timers.tick(ms);
}

const idempotencyRecord = (apiKeyId: string, key: string, state: 'done' | 'in_progress', created_at: number) => ({
  api_key_id: apiKeyId,
  idempotency_key: key,
  request_digest: 'd',
  state,
  response_status: state === 'done' ? 200 : null,
  response_body: state === 'done' ? '{}' : null,
  created_at,
});

const idempotencyKeys = async (t: TestApp) =>
  (await t.db.selectFrom('idempotency_keys').select(['idempotency_key', 'state']).orderBy('idempotency_key').execute()).map(
    (r) => `${r.idempotency_key}:${r.state}`,
  );

for (const dialect of dialects) {
  test(`${dialect}: housekeeping, started, deletes on its interval and not before`, async (t) => {
    const app = await buildTestApp(dialect);
    const tick = testClock(t);
    try {
      const { id } = await seedKey(app);
      await app.db
        .insertInto('idempotency_keys')
        .values(idempotencyRecord(id, 'old', 'done', Date.now() - IDEMPOTENCY_WINDOW_MS - 60_000))
        .execute();
      const housekeeping = createHousekeeping({ db: app.db, log: quiet, intervalMs: 3_600_000 });
      housekeeping.start();
      tick(3_599_999);
      await housekeeping.stop();
      assert.deepEqual(await idempotencyKeys(app), ['old:done'], 'no run before its interval');
      housekeeping.start();
      tick(3_600_000);
      await housekeeping.stop();
      assert.deepEqual(await idempotencyKeys(app), [], 'the timed run deleted the record past its window');
    } finally {
      t.mock.timers.reset();
      await app.close();
    }
  });

  test(`${dialect}: recovery, started, releases idempotency claims past their lease on its interval`, async (t) => {
    const app = await buildTestApp(dialect);
    const tick = testClock(t);
    try {
      const { id } = await seedKey(app);
      await app.db
        .insertInto('idempotency_keys')
        .values(idempotencyRecord(id, 'stranded', 'in_progress', Date.now() - IDEMPOTENCY_LEASE_MS - 60_000))
        .execute();
      const recovery = createRecovery({ db: app.db, log: quiet, intervalMs: 60_000 });
      recovery.start();
      tick(60_000);
      await recovery.stop();
      assert.deepEqual(await idempotencyKeys(app), [], 'the stranded claim was released by the timed run');
    } finally {
      t.mock.timers.reset();
      await app.close();
    }
  });

  test(`${dialect}: the SMS sweep, started, completes a Pending payment whose SMS was approved later`, async (t) => {
    const app = await buildTestApp(dialect);
    try {
      const { key } = await seedKey(app);
      await enableWallet(app, 'bkash');
      const device = await seedDevice(app);
      const inv = await createInvoice(app, key);
      await payWallet(app, inv, 'SWEEP00001');
      // A first credit starts the balance chain; the payment's SMS is off it, so it waits for review; then it is approved
      // behind the ingest's back, as an administrator would.
      await forward(app, device.key, forwarderBody('bKash', bkashSms({ amount: 10000, balance: 10000, trx: 'SWEEP00000' })));
      const sms = await forward(app, device.key, forwarderBody('bKash', bkashSms({ amount: 10000, balance: 1, trx: 'SWEEP00001' })));
      assert.equal(sms.json().results[0].status, 'awaiting_review', show(sms));
      await app.db.updateTable('sms_messages').set({ status: 'approved' }).where('trx_id', '=', 'SWEEP00001').execute();
      assert.equal((await verify(app, key, inv)).payment_status, 'pending');

      const tick = testClock(t);
      const sweep = createSmsSweep({ db: app.db, log: quiet, intervalMs: 60_000 });
      sweep.start();
      tick(60_000);
      await sweep.stop();
      assert.equal((await verify(app, key, inv)).payment_status, 'completed', 'the timed sweep completed it');
    } finally {
      t.mock.timers.reset();
      await app.close();
    }
  });

  test(`${dialect}: the app's usage counts reach the database on the flush interval, without a read or a shutdown`, async (t) => {
    // Enabled before the app is built: its flush loop is scheduled on the test clock.
    const tick = testClock(t);
    const app = await buildTestApp(dialect);
    try {
      const { key, id } = await seedKey(app);
      for (let i = 0; i < 3; i++) {
        const res = await app.app.inject({ method: 'GET', url: '/api/me', headers: { 'rt-uddoktapay-api-key': key } });
        assert.equal(res.statusCode, 200, show(res));
      }
      const stored = async () =>
        (await app.db.selectFrom('api_key_usage').select(['outcome', 'count']).where('key_id', '=', id).execute()).map(
          (r) => `${r.outcome}:${Number(r.count)}`,
        );
      assert.deepEqual(await stored(), [], 'counted in memory only');
      tick(10_000);
      // The flush runs on a real database: read until its transaction is visible (the test's timeout bounds the wait).
      let rows = await stored();
      while (rows.length === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        rows = await stored();
      }
      assert.deepEqual(rows, ['ok:3']);
    } finally {
      t.mock.timers.reset();
      await app.close();
    }
  });
}
