import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin } from '../harness.js';
import { api, createInvoice, enableWallet, payWallet, verify } from '../payments/helpers.js';

const BASE = '/admin/api/brands/default';

for (const dialect of dialects) {
  test(`${dialect}: approvals, refunds, payouts, IPN resends and secret rotations are audited with actor and address`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const admin = await signedInAdmin(t);
      const { id: keyId, key } = await seedKey(t);
      await enableWallet(t);
      const invoice = await createInvoice(t, key, { amount: '100', webhook_url: 'https://shop.example.com/ipn' });
      assert.equal((await payWallet(t, invoice, 'TRX12345678')).statusCode, 303);
      const paymentId = (await admin.inject({ method: 'GET', url: `${BASE}/payments/${invoice}` })).json().payment.id;

      const approved = await admin.inject({ method: 'POST', url: `${BASE}/payments/${paymentId}/approve`, payload: { note: 'seen in the app' } });
      assert.equal(approved.statusCode, 200, show(approved));
      const refund = await api(t, key)('/api/refund-payment', { transaction_id: 'TRX12345678', payment_method: 'bkash', amount: '40', product_name: 'T-shirt', reason: 'returned' });
      assert.equal(refund.statusCode, 200, show(refund));
      const refundId = (await admin.inject({ method: 'GET', url: `${BASE}/payments/${paymentId}` })).json().refunds[0].id;
      const paid = await admin.inject({ method: 'POST', url: `${BASE}/payments/${paymentId}/refunds/${refundId}/paid-out`, payload: {} });
      assert.equal(paid.statusCode, 200, show(paid));
      assert.equal((await admin.inject({ method: 'POST', url: `${BASE}/payments/${paymentId}/ipn`, payload: {} })).statusCode, 202);
      assert.equal((await admin.inject({ method: 'POST', url: `${BASE}/webhook-secret/rotate`, payload: {} })).statusCode, 200);
      assert.equal((await verify(t, key, invoice)).refunded_amount, '40.00');

      const payments = await admin.inject({ method: 'GET', url: `${BASE}/audit-log?subject=payment&target_id=${paymentId}` });
      assert.equal(payments.statusCode, 200, show(payments));
      const entries = payments.json().entries.reverse();
      assert.deepEqual(entries.map((e: { action: string }) => e.action), ['payment.approved', 'payment.refunded', 'payment.refund_paid_out', 'payment.ipn_resent']);
      assert.deepEqual(entries[0].changes, { status: { from: 'pending', to: 'completed' }, note: 'seen in the app' });
      assert.equal(entries[0].actor, admin.admin.email);
      assert.equal(entries[1].actor, keyId, 'an API refund names the key');
      assert.equal(entries[1].changes.amount, '40.00');
      assert.equal(entries[1].ip, '127.0.0.1');

      const keys = (await admin.inject({ method: 'GET', url: `${BASE}/audit-log?subject=api_key` })).json().entries;
      assert.deepEqual(keys.map((e: { action: string }) => e.action), ['api_key.created'], 'API Settings sees only key changes');
      const secret = (await admin.inject({ method: 'GET', url: `${BASE}/audit-log?subject=webhook_secret` })).json().entries;
      assert.deepEqual(secret.map((e: { action: string }) => e.action), ['webhook_secret.rotated']);
      const bad = await admin.inject({ method: 'GET', url: `${BASE}/audit-log?subject=everything` });
      assert.equal(bad.statusCode, 400, show(bad));
      assert.equal(bad.json().field, 'subject');
    } finally {
      await t.close();
    }
  });
}
