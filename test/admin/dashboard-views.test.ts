/** Admin API additions the dashboard reads (docs/decisions/031-dashboard-merchant-day.md). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin } from '../harness.js';
import { createInvoice, enableWallet, paySandbox, payWallet } from '../payments/helpers.js';

for (const dialect of dialects) {
  test(`${dialect}: session status answers 200 before and after sign-in, with the CSRF token only when signed in`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const before = await t.app.inject({ method: 'GET', url: '/admin/api/session/status' });
      assert.equal(before.statusCode, 200, show(before));
      assert.deepEqual(before.json(), { signed_in: false, setup_required: true });
      assert.equal(before.headers['cache-control'], 'no-store');

      const admin = await signedInAdmin(t, 'status@example.com');
      const signedOut = await t.app.inject({ method: 'GET', url: '/admin/api/session/status' });
      assert.deepEqual(signedOut.json(), { signed_in: false, setup_required: false });

      const after = await admin.inject({ method: 'GET', url: '/admin/api/session/status' });
      assert.equal(after.statusCode, 200, show(after));
      const body = after.json();
      assert.equal(body.signed_in, true);
      assert.equal(body.admin.email, 'status@example.com');
      assert.equal(typeof body.csrf_token, 'string');
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: a payment names the key that created it and says whether the gateway can refund it`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const { key, id } = await seedKey(t, { name: 'Shop website' });
      const admin = await signedInAdmin(t);
      const test = await seedKey(t, { name: 'Plugin test', mode: 'test' });
      await enableWallet(t, 'bkash');
      // Sandbox pays only test payments, made with a test key.
      const sandboxPaid = await createInvoice(t, test.key);
      await paySandbox(t, sandboxPaid);
      const wallet = await createInvoice(t, key);
      await payWallet(t, wallet, 'TRXVIEW001');
      const open = await createInvoice(t, key);

      const list = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/payments' });
      const testList = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/payments?livemode=false' });
      assert.equal(list.statusCode, 200, show(list));
      const byInvoice = new Map<string, unknown>([...list.json().payments, ...testList.json().payments].map((p: { invoice_id: string }) => [p.invoice_id, p]));
      const view = (invoice: string) =>
        byInvoice.get(invoice) as { api_key_id: string; api_key_name: string | null; can_refund_through_gateway: boolean; id: string };
      assert.equal(view(wallet).api_key_id, id);
      assert.equal(view(wallet).api_key_name, 'Shop website');
      assert.equal(view(sandboxPaid).api_key_name, 'Plugin test');
      assert.equal(view(sandboxPaid).can_refund_through_gateway, true, 'a completed Sandbox payment');
      assert.equal(view(wallet).can_refund_through_gateway, false, 'a pending bKash payment (bKash is approved by hand)');
      assert.equal(view(open).can_refund_through_gateway, false, 'not paid yet');

      const detail = await admin.inject({ method: 'GET', url: `/admin/api/brands/default/payments/${view(wallet).id}` });
      assert.equal(detail.json().payment.api_key_name, 'Shop website', show(detail));

      const del = await admin.inject({ method: 'DELETE', url: `/admin/api/brands/default/api-keys/${id}` });
      assert.ok(del.statusCode < 300, show(del));
      const after = await admin.inject({ method: 'GET', url: `/admin/api/brands/default/payments/${view(wallet).id}` });
      assert.equal(after.json().payment.api_key_name, null, 'a deleted key has no name to show');
    } finally {
      await t.close();
    }
  });
}
