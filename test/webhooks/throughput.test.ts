import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { postWebhook } from '../../src/modules/webhooks/send.js';
import { enqueue, startReceiver, testWorker, withWebhookApp } from './support.js';

/**
 * A backlog of IPNs drains at the receivers' pace (docs/decisions/041-hot-path-and-ipn-throughput.md): many in flight at
 * once, claimed again as each is answered, over kept-alive connections. The speed itself is measured by the bench
 * (`npm run bench:ipn`), not here.
 */
for (const dialect of dialects) {
  test(`${dialect}: a backlog is sent with up to the worker's concurrency in flight, all in one run`, async () => {
    await withWebhookApp(dialect, async (t) => {
      const BACKLOG = 60;
      const HELD = 50;
      // The receiver holds every answer until HELD requests wait at once: a worker that sends fewer at a time would
      // leave them waiting until the safety valve opens the gate, and `mostWaiting` says so.
      let waiting = 0;
      let mostWaiting = 0;
      let openGate!: () => void;
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      const valve = setTimeout(openGate, 10_000);
      const receiver = await startReceiver(async () => {
        mostWaiting = Math.max(mostWaiting, ++waiting);
        if (waiting >= HELD) openGate();
        await gate;
        waiting--;
        return { status: 200, body: 'OK' };
      });
      try {
        for (let i = 0; i < BACKLOG; i++) await enqueue(t, { url: `${receiver.base}/ipn`, apiKeyId: null, paymentId: `pay_backlog${i}` });
        const { worker } = testWorker(t);
        assert.equal(await worker.runOnce(), BACKLOG, 'the whole backlog in one run');
        assert.ok(mostWaiting >= HELD, `${mostWaiting} requests were in flight at once; expected at least ${HELD}`);
        assert.equal(receiver.requests.length, BACKLOG);
      } finally {
        clearTimeout(valve);
        await receiver.close();
      }
    });
  });

  test(`${dialect}: IPNs to one receiver reuse a kept-alive connection, and a concurrency of 1 sends them one after another`, async () => {
    await withWebhookApp(dialect, async (t) => {
      let inFlight = 0;
      let most = 0;
      const receiver = await startReceiver(async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return { status: 200, body: 'OK' };
      });
      try {
        for (let i = 0; i < 5; i++) await enqueue(t, { url: `${receiver.base}/ipn`, apiKeyId: null, paymentId: `pay_alive${i}` });
        const { worker } = testWorker(t, { concurrency: 1 });
        assert.equal(await worker.runOnce(), 5);
        assert.equal(most, 1, 'never two at once');
        assert.equal(new Set(receiver.requests.map((r) => r.port)).size, 1, 'all five over one connection');
      } finally {
        await receiver.close();
      }
    });
  });
}

test('a kept-alive connection to a private address is not reused by a send that may not reach private addresses', async () => {
  const receiver = await startReceiver();
  try {
    const allowed = await postWebhook(`${receiver.base}/ipn`, {}, '{}', { timeoutMs: 5000, allowPrivate: true });
    assert.equal(allowed.outcome, 'acknowledged');
    const refused = await postWebhook(`${receiver.base}/ipn`, {}, '{}', { timeoutMs: 5000, allowPrivate: false });
    assert.equal(refused.outcome, 'refused', JSON.stringify(refused));
    assert.equal(receiver.requests.length, 1, 'the second request never reached the receiver');
  } finally {
    await receiver.close();
  }
});
