import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { seedKey, show, signedInAdmin } from '../harness.js';
import { createInvoice, enableWallet, payWallet } from '../payments/helpers.js';
import { startReceiver, testWorker, withWebhookApp } from './support.js';
import { resendIpn } from '../../src/modules/payments/decisions.js';
import { getPaymentByInvoice } from '../../src/modules/payments/lookup.js';
import { listPaymentDeliveries } from '../../src/modules/webhooks/service.js';

const HOUR = 60 * 60_000;
const base = '/admin/api/brands/default';

const statusOf = (body: string) => (JSON.parse(body) as { status: string }).status;

for (const dialect of dialects) {
  test(`${dialect}: a failed PENDING IPN is superseded by the COMPLETED one and never sent after it`, () =>
    withWebhookApp(dialect, async (t) => {
      // The receiver is down for the first request only: the PENDING IPN fails once and is scheduled for a retry.
      const receiver = await startReceiver((_req, n) => (n === 1 ? { status: 503, body: 'maintenance' } : { status: 200, body: 'OK' }));
      try {
        const { key } = await seedKey(t);
        await enableWallet(t, 'bkash');
        const invoice = await createInvoice(t, key, { webhook_url: `${receiver.base}/?wc-api=uddoktapay` });
        assert.equal((await payWallet(t, invoice, 'TRXSUPER01')).statusCode, 303);
        const { worker, clock } = testWorker(t);

        assert.equal(await worker.runOnce(), 1);
        const admin = await signedInAdmin(t);
        const approved = await admin.inject({ method: 'POST', url: `${base}/payments/${invoice}/approve`, payload: {} });
        assert.equal(approved.statusCode, 200, show(approved));
        clock.now = Date.now(); // the approval was queued after the worker's clock started; its PENDING retry is 30 s away
        assert.equal(await worker.runOnce(), 1, 'the COMPLETED IPN goes out at once');

        // Long after the PENDING retry was due, and within its retry window: nothing more may reach the receiver.
        clock.now += 2 * HOUR;
        for (let i = 0; i < 5; i++) {
          await worker.runOnce();
          clock.now += HOUR;
        }
        assert.deepEqual(
          receiver.requests.map((r) => statusOf(r.body)),
          ['PENDING', 'COMPLETED'],
        );

        const detail = await admin.inject({ method: 'GET', url: `${base}/payments/${invoice}` });
        assert.equal(detail.statusCode, 200, show(detail));
        const [completed, pending, ...others] = detail.json().deliveries;
        assert.equal(others.length, 0);
        assert.equal(completed.event, 'payment.completed');
        assert.equal(completed.status, 'delivered');
        assert.equal(completed.payload.status, 'COMPLETED', 'the IPN carries the state the payment had when it was queued');
        assert.equal(pending.event, 'payment.pending');
        assert.equal(pending.payload.status, 'PENDING');
        assert.equal(pending.status, 'superseded');
        assert.equal(pending.next_attempt_at, null);
        assert.equal(pending.attempts.length, 1, 'tried once, before the newer IPN was queued');
      } finally {
        await receiver.close();
      }
    }));

  test(`${dialect}: "send IPN again" queues the payment's current state and supersedes an older undelivered IPN`, () =>
    withWebhookApp(dialect, async (t) => {
      const receiver = await startReceiver((_req, n) => (n === 1 ? { status: 500, body: 'down' } : { status: 200, body: 'OK' }));
      try {
        const { key } = await seedKey(t);
        await enableWallet(t, 'bkash');
        const invoice = await createInvoice(t, key, { webhook_url: `${receiver.base}/ipn` });
        await payWallet(t, invoice, 'TRXSUPER02');
        const admin = await signedInAdmin(t);
        assert.equal((await admin.inject({ method: 'POST', url: `${base}/payments/${invoice}/approve`, payload: {} })).statusCode, 200);
        const { worker, clock } = testWorker(t);
        // PENDING and COMPLETED were both queued before any send: the PENDING one never goes out.
        assert.equal(await worker.runOnce(), 1);
        assert.deepEqual(
          receiver.requests.map((r) => statusOf(r.body)),
          ['COMPLETED'],
          'the first attempt failed with 500',
        );

        const resent = await admin.inject({ method: 'POST', url: `${base}/payments/${invoice}/ipn`, payload: {} });
        assert.equal(resent.statusCode, 202, show(resent));
        clock.now += 2 * HOUR;
        for (let i = 0; i < 3; i++) {
          await worker.runOnce();
          clock.now += HOUR;
        }
        assert.deepEqual(
          receiver.requests.map((r) => statusOf(r.body)),
          ['COMPLETED', 'COMPLETED'],
        );
        const statuses = (await admin.inject({ method: 'GET', url: `${base}/payments/${invoice}` }))
          .json()
          .deliveries.map((d: { event: string; status: string }) => `${d.event}:${d.status}`);
        assert.deepEqual(statuses, ['payment.resend:delivered', 'payment.completed:superseded', 'payment.pending:superseded']);
      } finally {
        await receiver.close();
      }
    }));

  test(`${dialect}: a resend that read the payment before an approval committed still sends the approved state`, () =>
    withWebhookApp(dialect, async (t) => {
      const { key } = await seedKey(t);
      await enableWallet(t, 'bkash');
      const invoice = await createInvoice(t, key, { webhook_url: 'http://127.0.0.1:9/ipn' });
      await payWallet(t, invoice, 'TRXSUPER03');
      const readBeforeApproval = await getPaymentByInvoice(t.db, invoice);
      assert.equal(readBeforeApproval.status, 'pending');
      const admin = await signedInAdmin(t);
      assert.equal((await admin.inject({ method: 'POST', url: `${base}/payments/${invoice}/approve`, payload: {} })).statusCode, 200);

      await resendIpn(t.db, t.brand, readBeforeApproval, { label: 'test', ip: null });
      const [resend, ...older] = await listPaymentDeliveries(t.db, readBeforeApproval.id);
      assert.equal(resend!.event, 'payment.resend');
      assert.equal((resend!.payload as { status: string }).status, 'COMPLETED');
      assert.deepEqual(
        older.map((d) => d.status),
        ['superseded', 'superseded'],
      );
    }));
}
