import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { createInvoice, enableWallet, paySandbox, payWallet } from '../payments/helpers.js';
import { refundStatusLabel } from '../../src/modules/refunds/states.js';

/**
 * Issue 17 point 10, the server's words the dashboard shows: a manual refund is "To be paid out" until someone pays it
 * out (never "Done" while the customer waits), a payment that cannot be refunded through the gateway says why, and the
 * audit log names payments by their invoice id (and finds their entries by it), never by the internal `pay_…` id.
 */
describe('refund status labels', () => {
  test('a manual refund is "To be paid out" until paid out, then "Done"; gateway refunds by their status', () => {
    assert.equal(refundStatusLabel({ status: 'succeeded', payout: 'due' }), 'To be paid out');
    assert.equal(refundStatusLabel({ status: 'succeeded', payout: 'paid' }), 'Done');
    assert.equal(refundStatusLabel({ status: 'succeeded', payout: 'not_needed' }), 'Done');
    assert.equal(refundStatusLabel({ status: 'processing', payout: 'not_needed' }), 'Processing');
    assert.equal(refundStatusLabel({ status: 'failed', payout: 'not_needed' }), 'Failed');
  });
});

for (const dialect of dialects) {
  describe(`${dialect}: refund words and payment names in the audit log`, () => {
    let t: TestApp;
    let key: string;
    let testKey: string;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    let wallet = '';
    const base = '/admin/api/brands/default';
    before(async () => {
      t = await buildTestApp(dialect);
      key = (await seedKey(t)).key;
      testKey = (await seedKey(t, { mode: 'test' })).key;
      admin = await signedInAdmin(t);
      await enableWallet(t, 'bkash');
      wallet = await createInvoice(t, key);
      const paid = await payWallet(t, wallet, 'TRXWORDS01');
      assert.ok(paid.statusCode < 400, show(paid));
      const approved = await admin.inject({ method: 'POST', url: `${base}/payments/${wallet}/approve`, payload: {} });
      assert.equal(approved.statusCode, 200, show(approved));
    });
    after(() => t.close());

    test('says why a bKash payment cannot be refunded through the gateway; a Sandbox payment has no such reason', async () => {
      const detail = (await admin.inject({ method: 'GET', url: `${base}/payments/${wallet}` })).json();
      assert.equal(detail.payment.can_refund_through_gateway, false);
      assert.match(detail.payment.gateway_refund_unavailable, /^bKash payments cannot be refunded through the gateway: .*wallet/);
      const sandbox = await createInvoice(t, testKey);
      await paySandbox(t, sandbox);
      const sbx = (await admin.inject({ method: 'GET', url: `${base}/payments/${sandbox}` })).json();
      assert.equal(sbx.payment.can_refund_through_gateway, true);
      assert.equal(sbx.payment.gateway_refund_unavailable, null);
      const open = (await admin.inject({ method: 'GET', url: `${base}/payments/${await createInvoice(t, key)}` })).json();
      assert.equal(open.payment.gateway_refund_unavailable, null, 'nothing to explain when nothing can be refunded');
    });

    test('a manual refund reads "To be paid out" until it is marked paid out, then "Done"', async () => {
      const manual = await admin.inject({ method: 'POST', url: `${base}/payments/${wallet}/refunds`, payload: { amount: '30' } });
      assert.equal(manual.statusCode, 201, show(manual));
      assert.equal(manual.json().refund.status_label, 'To be paid out', show(manual));
      const listed = (await admin.inject({ method: 'GET', url: `${base}/payments/${wallet}` })).json();
      assert.deepEqual(
        listed.refunds.map((r: { status_label: string }) => r.status_label),
        ['To be paid out'],
      );
      const paidOut = await admin.inject({ method: 'POST', url: `${base}/payments/${wallet}/refunds/${manual.json().refund.id}/paid-out`, payload: {} });
      assert.equal(paidOut.statusCode, 200, show(paidOut));
      assert.equal(paidOut.json().refund.status_label, 'Done');
    });

    test('names payment entries by invoice id and finds them by it', async () => {
      const log = await admin.inject({ method: 'GET', url: `${base}/audit-log?subject=payment` });
      assert.equal(log.statusCode, 200, show(log));
      const entries = log.json().entries as { action: string; target_id: string; target_label: string | null }[];
      assert.deepEqual(entries.map((e) => e.action).sort(), ['payment.approved', 'payment.refund_paid_out', 'payment.refunded']);
      for (const e of entries) {
        assert.match(e.target_id, /^pay_/, 'stored under the payment id');
        assert.equal(e.target_label, wallet, `${e.action} is named by the invoice id`);
      }
      const byInvoice = await admin.inject({ method: 'GET', url: `${base}/audit-log?target_id=${wallet}` });
      assert.deepEqual(
        byInvoice
          .json()
          .entries.map((e: { action: string }) => e.action)
          .sort(),
        ['payment.approved', 'payment.refund_paid_out', 'payment.refunded'],
      );
      const keys = (await admin.inject({ method: 'GET', url: `${base}/audit-log?subject=api_key` })).json().entries as { target_label: string | null }[];
      assert.ok(keys.length > 0 && keys.every((e) => e.target_label === null), 'other entries keep their own naming');
    });
  });
}
