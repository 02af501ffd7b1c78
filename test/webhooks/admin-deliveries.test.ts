import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin } from '../harness.js';
import { createInvoice, paySandbox } from '../payments/helpers.js';
import { startReceiver, testWorker } from './support.js';

const BASE = '/admin/api/brands/default';

for (const dialect of dialects) {
  test(`${dialect}: Webhooks lists the brand's deliveries with attempts and answers, and Resend queues the payment's IPN again`, async () => {
    const t = await buildTestApp(dialect, { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' });
    const receiver = await startReceiver(() => ({ status: 500, body: 'order table locked' }));
    try {
      const { key } = await seedKey(t, { mode: 'test' });
      const admin = await signedInAdmin(t);
      const invoice = await createInvoice(t, key, { webhook_url: `${receiver.base}/ipn` });
      await paySandbox(t, invoice);
      assert.equal(await testWorker(t).worker.runOnce(), 1);

      const list = await admin.inject({ method: 'GET', url: `${BASE}/webhook-deliveries` });
      assert.equal(list.statusCode, 200, show(list));
      const body = list.json();
      assert.equal(body.total, 1);
      const [d] = body.deliveries;
      assert.equal(d.invoice_id, invoice);
      assert.equal(d.event, 'payment.completed');
      assert.equal(d.status, 'pending', 'a 500 is retried');
      assert.equal(d.last_http_status, 500);
      assert.ok(d.next_attempt_at, 'the next retry time');
      assert.equal(d.attempts[0].response_excerpt, 'order table locked');
      assert.ok(!JSON.stringify(body).includes(key), 'no key in the view');

      const failedOnly = await admin.inject({ method: 'GET', url: `${BASE}/webhook-deliveries?status=failed` });
      assert.equal(failedOnly.json().total, 0);
      const badStatus = await admin.inject({ method: 'GET', url: `${BASE}/webhook-deliveries?status=lost` });
      assert.equal(badStatus.statusCode, 400, show(badStatus));

      const resend = await admin.inject({ method: 'POST', url: `${BASE}/webhook-deliveries/${d.id}/resend`, payload: {} });
      assert.equal(resend.statusCode, 202, show(resend));
      const after = (await admin.inject({ method: 'GET', url: `${BASE}/webhook-deliveries` })).json();
      assert.equal(after.total, 2);
      assert.equal(after.deliveries[0].event, 'payment.resend');

      const unknown = await admin.inject({ method: 'POST', url: `${BASE}/webhook-deliveries/dlv_nope/resend`, payload: {} });
      assert.equal(unknown.statusCode, 404, show(unknown));
      assert.equal(unknown.json().code, 'webhook_delivery_not_found');
      const anon = await t.app.inject({ method: 'GET', url: `${BASE}/webhook-deliveries` });
      assert.equal(anon.statusCode, 401, show(anon));
    } finally {
      await receiver.close();
      await t.close();
    }
  });

  test(`${dialect}: Send test event posts one signed test event to the address and reports the answer`, async () => {
    const t = await buildTestApp(dialect, { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' });
    const receiver = await startReceiver(() => ({ status: 200, body: 'thanks' }));
    try {
      const admin = await signedInAdmin(t);
      const res = await admin.inject({ method: 'POST', url: `${BASE}/webhook-test`, payload: { url: `${receiver.base}/hook` } });
      assert.equal(res.statusCode, 200, show(res));
      assert.deepEqual([res.json().outcome, res.json().http_status, res.json().response_excerpt], ['acknowledged', 200, 'thanks']);
      assert.equal(receiver.requests.length, 1);
      const req = receiver.requests[0]!;
      assert.equal(JSON.parse(req.body).event, 'test');
      const { secret } = (await admin.inject({ method: 'GET', url: `${BASE}/webhook-secret` })).json();
      new Webhook(secret).verify(req.body, req.headers as Record<string, string>);

      const empty = await admin.inject({ method: 'POST', url: `${BASE}/webhook-test`, payload: { url: ' ' } });
      assert.equal(empty.statusCode, 400, show(empty));
      assert.equal(empty.json().field, 'url');
      const ftp = await admin.inject({ method: 'POST', url: `${BASE}/webhook-test`, payload: { url: 'ftp://example.com/x' } });
      assert.equal(ftp.statusCode, 400, show(ftp));
      assert.equal(ftp.json().code, 'webhook_url_refused');
      assert.equal(receiver.requests.length, 1, 'nothing else was sent');
      const audit = (await admin.inject({ method: 'GET', url: `${BASE}/audit-log?action=webhook.test_sent` })).json().entries;
      assert.equal(audit.length, 1, 'one audit entry for the one test event sent (refused addresses send nothing)');
      assert.equal(audit[0].actor, admin.admin.email);
      assert.deepEqual(audit[0].changes, { url_host: new URL(receiver.base).host, outcome: 'acknowledged', http_status: 200 });
    } finally {
      await receiver.close();
      await t.close();
    }
  });

  test(`${dialect}: Send test event refuses private addresses (the IPN address guard applies)`, async () => {
    const t = await buildTestApp(dialect);
    const receiver = await startReceiver();
    try {
      const admin = await signedInAdmin(t);
      for (const url of [`${receiver.base}/hook`, 'http://169.254.169.254/latest/meta-data', 'http://[::1]:8080/']) {
        const res = await admin.inject({ method: 'POST', url: `${BASE}/webhook-test`, payload: { url } });
        assert.equal(res.statusCode, 400, `${url}: ${show(res)}`);
        assert.equal(res.json().code, 'webhook_url_refused');
      }
      assert.equal(receiver.requests.length, 0, 'no request reached the private address');
    } finally {
      await receiver.close();
      await t.close();
    }
  });
}
