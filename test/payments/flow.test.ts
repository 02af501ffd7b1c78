import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookWorker } from '../../src/jobs/webhook-worker.js';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin } from '../harness.js';
import { api, createInvoice, enableWallet, paySandbox, payWallet, verify } from './helpers.js';

/** A real local IPN receiver: records every request's headers and body. */
async function receiver() {
  const received: { headers: IncomingHttpHeaders; body: string; url: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body, url: req.url ?? '' });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/ipn?shop=1`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

for (const dialect of dialects) {
  test(`${dialect}: full flow — create, page, Sandbox and bKash, approve, redirect, verify, partial and full refund, IPN`, async () => {
    const t = await buildTestApp(dialect, { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' });
    const ipn = await receiver();
    const worker = createWebhookWorker({ db: t.db, config: t.config, appKey: t.appKey, log: { info() {}, warn() {}, error() {} } });
    try {
      const { key } = await seedKey(t);
      // Sandbox pays only test payments, made with a test key.
      const { key: testKey } = await seedKey(t, { mode: 'test' });
      const testCall = api(t, testKey);
      const call = api(t, key);
      await enableWallet(t, 'bkash');

      // 1. Sandbox (test) payment, return_type GET, with an IPN target.
      const inv1 = await createInvoice(t, testKey, { webhook_url: ipn.url, amount: 250.5 });
      const page = await t.app.inject({ method: 'GET', url: `/payment/${inv1}` });
      assert.equal(page.statusCode, 200, show(page));
      for (const text of ['Default brand', '৳250.50', 'Sandbox', '/cancel']) {
        assert.ok(page.body.includes(text), `page shows ${text}`);
      }
      // A test payment offers the enabled wallets too, to rehearse TrxID + SMS (completed only by a test SMS: ADR 035).
      assert.ok(page.body.includes(`/payment/${inv1}/wallet/bkash`), 'a test payment offers the enabled wallet');
      assert.ok(!/<(script|link|img)[^>]+(src|href)=["']https?:/i.test(page.body), 'no external assets');
      const paid = await paySandbox(t, inv1, 'success');
      assert.equal(paid.statusCode, 303, show(paid));
      assert.equal(paid.headers.location, `https://shop.example.com/paid?order=42&invoice_id=${inv1}`);
      const v1 = await verify(t, testKey, inv1);
      assert.equal(v1.status, 'COMPLETED');
      assert.equal(v1.amount, '250.50');
      assert.equal(v1.payment_method, 'sandbox');

      // IPN: stored with the status change, sent by the worker with the creating key and the verify object.
      await worker.runOnce();
      assert.equal(ipn.received.length, 1, 'one IPN delivered');
      assert.equal(ipn.received[0]!.headers['rt-uddoktapay-api-key'], testKey);
      assert.equal(ipn.received[0]!.url, '/ipn?shop=1', 'webhook_url called as given, nothing appended');
      assert.deepEqual(JSON.parse(ipn.received[0]!.body), v1);

      // 2. Manual bKash payment, return_type POST: Pending, then approved.
      const inv2 = await createInvoice(t, key, { return_type: 'POST', webhook_url: ipn.url });
      const submitted = await payWallet(t, inv2, '8n7a6d5c4b');
      assert.equal(submitted.statusCode, 200, show(submitted));
      assert.match(submitted.body, /<form id="back" method="post" action="https:\/\/shop\.example\.com\/paid\?order=42">/);
      assert.ok(submitted.body.includes(`name="invoice_id" value="${inv2}"`), show(submitted));
      const nonce = /script-src 'nonce-([^']+)'/.exec(String(submitted.headers['content-security-policy']))?.[1];
      assert.ok(nonce && submitted.body.includes(`<script nonce="${nonce}">`), 'the self-submitting script is allowed by the CSP nonce');
      const pending = await verify(t, key, inv2);
      assert.equal(pending.status, 'PENDING');
      assert.equal(pending.transaction_id, '8N7A6D5C4B');
      assert.equal(pending.sender_number, '01812345678');
      await worker.runOnce();

      const admin = await signedInAdmin(t);
      const approved = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/payments/${inv2}/approve`, payload: {} });
      assert.equal(approved.statusCode, 200, show(approved));
      assert.equal(approved.json().payment.status, 'completed');
      assert.equal((await verify(t, key, inv2)).status, 'COMPLETED');
      await worker.runOnce();
      const bodies = ipn.received.map((r) => JSON.parse(r.body));
      // Each state is sent once, in order; a PENDING still queued when COMPLETED is would be superseded (ADR 021).
      assert.deepEqual(
        bodies.filter((b) => b.invoice_id === inv2).map((b) => b.status),
        ['PENDING', 'COMPLETED'],
        'IPN on Pending, then on Completed',
      );

      // 3. Partial refund through the API, then the rest (blank amount).
      const partial = await testCall('/api/refund-payment', {
        transaction_id: v1.transaction_id,
        payment_method: 'sandbox',
        amount: '50.25',
        product_name: 'Shirt',
        reason: 'Too small',
      });
      assert.equal(partial.statusCode, 200, show(partial));
      assert.equal(partial.json().status, true);
      assert.equal(partial.json().message, 'Refund Successful');
      assert.equal(partial.json().remaining_amount, '200.25');
      let after = await verify(t, testKey, inv1);
      assert.equal(after.status, 'COMPLETED', 'partially refunded still reads COMPLETED');
      assert.equal(after.payment_status, 'partially_refunded');
      assert.equal(after.refunded_amount, '50.25');
      const full = await testCall('/api/refund-payment', {
        transaction_id: v1.transaction_id,
        payment_method: 'sandbox',
        amount: '',
        product_name: 'Shirt',
        reason: 'Return',
      });
      assert.equal(full.statusCode, 200, show(full));
      assert.equal(full.json().amount, '200.25');
      assert.equal(full.json().remaining_amount, '0.00');
      after = await verify(t, testKey, inv1);
      assert.equal(after.status, 'REFUNDED');
      assert.equal(after.payment_status, 'refunded');
      assert.equal(after.refunded_amount, '250.50');
      const again = await testCall('/api/refund-payment', { transaction_id: v1.transaction_id, amount: '1' });
      assert.equal(again.statusCode, 409, show(again));
      assert.equal(again.json().code, 'payment_not_refundable');

      // Manual wallet refund: recorded, flagged for paying out by hand.
      const manual = await call('/api/refund-payment', { transaction_id: '8N7A6D5C4B', payment_method: 'bkash', amount: 100 });
      assert.equal(manual.statusCode, 200, show(manual));
      assert.equal(manual.json().refund_type, 'manual');
      const detail = await admin.inject({ method: 'GET', url: `/admin/api/brands/default/payments/${inv2}` });
      assert.equal(detail.statusCode, 200, show(detail));
      assert.equal(detail.json().payment.refund_payout_due, true);
      assert.equal(detail.json().refunds[0].payout, 'due');
      assert.ok(detail.json().deliveries.length >= 2, show(detail));
    } finally {
      await worker.stop();
      await ipn.close();
      await t.close();
    }
  });
}
