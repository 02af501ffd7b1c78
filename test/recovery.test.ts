import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from './dialects.js';
import { buildTestApp, seedKey, type TestApp } from './harness.js';
import { api, createInvoice, paySandbox, verify } from './payments/helpers.js';
import { createRecovery, STRANDED_REFUND_AFTER_MS } from '../src/jobs/recovery.js';
import { providers } from '../src/modules/gateways/index.js';
import { addRefunded } from '../src/modules/payments/repository.js';
import { insertRefund } from '../src/modules/refunds/repository.js';
import { newId } from '../src/lib/ids.js';

const quiet = { info() {}, warn() {} };

/** A completed sandbox payment with a gateway refund reserved and never answered: what a kill mid-refund leaves. */
async function strandedRefund(t: TestApp, key: string, amount: number, updatedAt: number) {
  const inv = await createInvoice(t, key, { amount: '100' });
  await paySandbox(t, inv);
  const trx = (await verify(t, key, inv)).transaction_id as string;
  const payment = await t.db.selectFrom('payments').selectAll().where('transaction_id', '=', trx).executeTakeFirstOrThrow();
  const id = newId('ref');
  await t.db.transaction().execute(async (db) => {
    assert.ok(await addRefunded(db, payment.id, amount, updatedAt));
    await insertRefund(db, {
      id,
      payment_id: payment.id,
      brand_id: payment.brand_id,
      amount,
      kind: 'gateway',
      status: 'processing',
      payout: 'not_needed',
      reason: null,
      product_name: null,
      source: 'api',
      actor: 'test',
      gateway_reference: null,
      failure: null,
      created_at: updatedAt,
      updated_at: updatedAt,
      paid_out_at: null,
      paid_out_by: null,
      request_key: `rk-${id}`,
    });
  });
  return { refundId: id, paymentId: payment.id, trx };
}

const state = (t: TestApp, refundId: string, paymentId: string) =>
  Promise.all([
    t.db.selectFrom('refunds').select(['status', 'gateway_reference', 'request_key', 'failure']).where('id', '=', refundId).executeTakeFirstOrThrow(),
    t.db.selectFrom('payments').select(['status', 'refunded_amount']).where('id', '=', paymentId).executeTakeFirstOrThrow(),
  ]);

for (const dialect of dialects) {
  test(`${dialect}: recovery settles a stranded sandbox refund by asking the gateway, and leaves young ones alone`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const { key } = await seedKey(t, { mode: 'test' });
      const now = Date.now();
      const old = await strandedRefund(t, key, 3000, now - STRANDED_REFUND_AFTER_MS - 1);
      const young = await strandedRefund(t, key, 1000, now - 1000);
      const recovery = createRecovery({ db: t.db, log: quiet });
      assert.deepEqual(await recovery.runOnce(now), { refundsSucceeded: 1, refundsReleased: 0, claimsReleased: 0 });
      const [refund, payment] = await state(t, old.refundId, old.paymentId);
      assert.equal(refund.status, 'succeeded');
      assert.match(refund.gateway_reference ?? '', /^SBR[0-9A-F]{12}$/);
      assert.deepEqual(payment, { status: 'partially_refunded', refunded_amount: 3000 });
      assert.equal((await state(t, young.refundId, young.paymentId))[0].status, 'processing', 'a refund in flight elsewhere is not touched');
      assert.deepEqual(await recovery.runOnce(now), { refundsSucceeded: 0, refundsReleased: 0, claimsReleased: 0 }, 'a second run changes nothing');
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: recovery releases a stranded refund whose gateway cannot tell: failed, amount unreserved, key free again`, async () => {
    const t = await buildTestApp(dialect);
    // A gateway without a status query (the only gateway-refund method here, Sandbox, has one): remove it for this test.
    const refundStatus = providers.sandbox.refundStatus;
    delete providers.sandbox.refundStatus;
    try {
      const { key } = await seedKey(t, { mode: 'test' });
      const now = Date.now();
      const stranded = await strandedRefund(t, key, 10_000, now - STRANDED_REFUND_AFTER_MS - 1);
      assert.deepEqual(await createRecovery({ db: t.db, log: quiet }).runOnce(now), { refundsSucceeded: 0, refundsReleased: 1, claimsReleased: 0 });
      const [refund, payment] = await state(t, stranded.refundId, stranded.paymentId);
      assert.deepEqual(refund, {
        status: 'failed',
        gateway_reference: null,
        request_key: null,
        failure: 'The gateway could not say whether it was made; released so it can be tried again',
      });
      assert.deepEqual(payment, { status: 'completed', refunded_amount: 0 });
      const again = await api(t, key)('/api/refund-payment', { transaction_id: stranded.trx });
      assert.equal(again.json().amount, '100.00', 'the whole amount is refundable again');
    } finally {
      providers.sandbox.refundStatus = refundStatus;
      await t.close();
    }
  });
}
