import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { dialects } from '../dialects.js';
import { seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { deleteApiKey } from '../../src/modules/api-keys/repository.js';
import { listPaymentDeliveries } from '../../src/modules/webhooks/service.js';
import { enqueue, startReceiver, testWorker, verifyObject, withWebhookApp } from './support.js';

const HOUR = 60 * 60_000;

async function brandSecret(t: TestApp): Promise<string> {
  const admin = await signedInAdmin(t);
  const res = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/webhook-secret' });
  assert.equal(res.statusCode, 200, show(res));
  return res.json().secret;
}

for (const dialect of dialects) {
  test(`${dialect}: posts the exact verify body to the URL as given, with the creating key and a valid Standard Webhooks signature`, () =>
    withWebhookApp(dialect, async (t) => {
      const receiver = await startReceiver();
      try {
        const { id: apiKeyId, key } = await seedKey(t);
        const payload = verifyObject('INV0001');
        // WooCommerce tells redirect from IPN by ?invoice_id, so the query must arrive untouched and nothing appended.
        const path = '/?wc-api=wc_uddoktapay&order=42';
        const deliveryId = await enqueue(t, { url: receiver.base + path, apiKeyId, paymentId: 'pay_happy', payload });
        const { worker } = testWorker(t);

        assert.equal(await worker.runOnce(), 1);
        assert.equal(receiver.requests.length, 1);
        const req = receiver.requests[0]!;
        assert.equal(req.method, 'POST');
        assert.equal(req.url, path);
        assert.equal(req.headers['content-type'], 'application/json');
        assert.equal(req.headers['rt-uddoktapay-api-key'], key, 'the exact key that created the payment');
        assert.equal(req.body, JSON.stringify(payload));
        assert.deepEqual(JSON.parse(req.body), payload);
        assert.equal(req.headers['webhook-id'], deliveryId);

        const secret = await brandSecret(t);
        assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/);
        const verified = new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
        assert.deepEqual(verified, payload);

        const [delivery, ...others] = await listPaymentDeliveries(t.db, 'pay_happy');
        assert.equal(others.length, 0);
        assert.equal(delivery!.status, 'delivered');
        assert.equal(delivery!.url, receiver.base + path);
        assert.deepEqual(delivery!.payload, payload);
        assert.equal(delivery!.attempts.length, 1);
        assert.equal(delivery!.attempts[0]!.outcome, 'acknowledged');
        assert.equal(delivery!.attempts[0]!.http_status, 200);
        assert.equal(delivery!.attempts[0]!.response_excerpt, 'OK');
        assert.equal(delivery!.attempts[0]!.api_key_header_sent, true);
        assert.ok(!JSON.stringify(delivery).includes(key), 'the delivery view never carries the key');

        assert.equal(await worker.runOnce(), 0, 'an acknowledged delivery is not sent again');
        assert.equal(receiver.requests.length, 1);
        assert.ok(!t.logs().includes(key), 'no key value in logs');
        assert.ok(!t.logs().includes(secret.slice(6)), 'no signing secret in logs');
      } finally {
        await receiver.close();
      }
    }));

  test(`${dialect}: a receiver that fails then recovers gets the IPN acknowledged exactly once, with both attempts recorded`, () =>
    withWebhookApp(dialect, async (t) => {
      const receiver = await startReceiver((_req, n) => (n === 1 ? { status: 500, body: 'database down' } : { status: 200, body: 'ok' }));
      try {
        const { id: apiKeyId, key } = await seedKey(t);
        const deliveryId = await enqueue(t, { url: `${receiver.base}/ipn`, apiKeyId, paymentId: 'pay_retry' });
        const { worker, clock } = testWorker(t);

        assert.equal(await worker.runOnce(), 1);
        let [delivery] = await listPaymentDeliveries(t.db, 'pay_retry');
        assert.equal(delivery!.status, 'pending');
        assert.equal(delivery!.last_http_status, 500);
        assert.ok(delivery!.next_attempt_at, 'a retry is scheduled');
        assert.equal(await worker.runOnce(), 0, 'the retry waits for its backoff');

        clock.now += 2 * HOUR;
        assert.equal(await worker.runOnce(), 1);
        clock.now += 48 * HOUR;
        assert.equal(await worker.runOnce(), 0, 'nothing is sent after the 2xx');

        assert.equal(receiver.requests.length, 2);
        assert.ok(
          receiver.requests.every((r) => r.headers['webhook-id'] === deliveryId),
          'retries keep the webhook-id',
        );
        assert.ok(receiver.requests.every((r) => r.headers['rt-uddoktapay-api-key'] === key));
        [delivery] = await listPaymentDeliveries(t.db, 'pay_retry');
        assert.equal(delivery!.status, 'delivered');
        assert.deepEqual(
          delivery!.attempts.map((a) => [a.attempt, a.outcome, a.http_status]),
          [
            [1, 'http_error', 500],
            [2, 'acknowledged', 200],
          ],
        );
        assert.equal(delivery!.attempts[0]!.response_excerpt, 'database down');
        assert.match(delivery!.attempts[0]!.error ?? '', /HTTP 500/);
      } finally {
        await receiver.close();
      }
    }));

  test(`${dialect}: when the creating key was deleted the IPN goes without RT-UDDOKTAPAY-API-KEY and says so in the log`, () =>
    withWebhookApp(dialect, async (t) => {
      const receiver = await startReceiver();
      try {
        const { id: apiKeyId, key } = await seedKey(t);
        await enqueue(t, { url: `${receiver.base}/ipn`, apiKeyId, paymentId: 'pay_nokey' });
        await deleteApiKey(t.db, apiKeyId);
        const { worker } = testWorker(t);

        assert.equal(await worker.runOnce(), 1);
        const req = receiver.requests[0]!;
        assert.equal(req.headers['rt-uddoktapay-api-key'], undefined);
        const secret = await brandSecret(t);
        assert.ok(new Webhook(secret).verify(req.body, req.headers as Record<string, string>), 'still signed');
        const [delivery] = await listPaymentDeliveries(t.db, 'pay_nokey');
        assert.equal(delivery!.status, 'delivered');
        assert.equal(delivery!.attempts[0]!.api_key_header_sent, false);

        const line = t
          .logs()
          .split('\n')
          .find((l) => l.includes('was deleted'));
        assert.ok(line, `a log line about the deleted key; logs:\n${t.logs()}`);
        assert.ok(line.includes(apiKeyId), 'the line names the key id');
        assert.ok(!t.logs().includes(key) && !t.logs().includes(secret.slice(6)), 'no key or secret in logs');
      } finally {
        await receiver.close();
      }
    }));

  test(`${dialect}: a receiver that never answers times out, and the delivery stays scheduled for a retry`, () =>
    withWebhookApp(dialect, async (t) => {
      const receiver = await startReceiver(() => 'hang');
      try {
        const { id: apiKeyId } = await seedKey(t);
        await enqueue(t, { url: `${receiver.base}/slow`, apiKeyId, paymentId: 'pay_slow' });
        const { worker } = testWorker(t, { timeoutMs: 300 });

        assert.equal(await worker.runOnce(), 1);
        assert.equal(receiver.requests.length, 1);
        const [delivery] = await listPaymentDeliveries(t.db, 'pay_slow');
        assert.equal(delivery!.status, 'pending');
        assert.equal(delivery!.attempts[0]!.outcome, 'timeout');
        assert.equal(delivery!.attempts[0]!.http_status, null);
        assert.match(delivery!.attempts[0]!.error ?? '', /no answer within 300 ms/);
      } finally {
        await receiver.close();
      }
    }));

  test(`${dialect}: an unreachable receiver is a network error, retried until the retry window ends, then failed`, () =>
    withWebhookApp(dialect, async (t) => {
      // Port 1 is never handed out as an ephemeral port, so nothing of ours listens there: the connection is refused.
      const url = 'http://127.0.0.1:1/gone';
      await enqueue(t, { url, apiKeyId: null, paymentId: 'pay_gone' });
      const { worker, clock } = testWorker(t);

      assert.equal(await worker.runOnce(), 1);
      let [delivery] = await listPaymentDeliveries(t.db, 'pay_gone');
      assert.equal(delivery!.status, 'pending');
      assert.equal(delivery!.attempts[0]!.outcome, 'network_error');

      clock.now += 25 * HOUR;
      assert.equal(await worker.runOnce(), 1);
      [delivery] = await listPaymentDeliveries(t.db, 'pay_gone');
      assert.equal(delivery!.status, 'failed', 'given up after at least 24 h');
      assert.equal(delivery!.attempts.length, 2);
      clock.now += 25 * HOUR;
      assert.equal(await worker.runOnce(), 0);
    }));

  test(`${dialect}: a started worker sends on its own, and stop() waits for the send in flight to be recorded`, () =>
    withWebhookApp(dialect, async (t) => {
      let answer: (a: { status: number }) => void = () => {};
      const held = new Promise<{ status: number }>((resolve) => (answer = resolve));
      const receiver = await startReceiver(() => held);
      try {
        await enqueue(t, { url: `${receiver.base}/auto`, apiKeyId: null, paymentId: 'pay_auto' });
        const { worker } = testWorker(t, { pollIntervalMs: 20 });
        worker.start();
        await receiver.received(1);
        const stopped = worker.stop();
        answer({ status: 204 });
        await stopped;
        const [delivery] = await listPaymentDeliveries(t.db, 'pay_auto');
        assert.equal(delivery!.status, 'delivered', 'the in-flight attempt was recorded before stop() resolved');
        assert.equal(delivery!.attempts[0]!.http_status, 204);
      } finally {
        answer({ status: 204 });
        await receiver.close();
      }
    }));
}
