import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookWorker, type WebhookWorkerOptions } from '../../src/jobs/webhook-worker.js';
import { enqueuePaymentIpn } from '../../src/modules/webhooks/service.js';
import type { IpnEvent } from '../../src/modules/webhooks/states.js';
import { buildTestApp, type TestApp } from '../harness.js';
import type { TestDialect } from '../dialects.js';

/** `port` is the sender's end of the connection: requests with the same port came over one kept-alive connection. */
export type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; port: number };

/** A real HTTP receiver on 127.0.0.1 (port 0) that records every request and answers with `respond`. */
type Answer = { status: number; body?: string };
export async function startReceiver(respond: (req: Received, n: number) => Answer | Promise<Answer> | 'hang' = () => ({ status: 200, body: 'OK' })) {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), port: req.socket.remotePort! };
      requests.push(received);
      const answer = respond(received, requests.length);
      if (answer === 'hang') return; // never answers: the sender's timeout has to end it
      void Promise.resolve(answer).then((a) => res.writeHead(a.status, { 'Content-Type': 'text/plain' }).end(a.body ?? ''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    requests,
    /**
     * Resolves once `count` requests have arrived. Bounded: it fails, saying how many came, when `unless` (the work that
     * should send them) settles first, or after `turns` checks 10 ms apart, instead of leaving the test waiting forever.
     */
    async received(count: number, { unless, turns = 3000 }: { unless?: Promise<unknown>; turns?: number } = {}): Promise<void> {
      let settled = false;
      void unless?.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (let turn = 0; requests.length < count; turn++) {
        if (settled) throw new Error(`the sender finished after ${requests.length} of ${count} requests`);
        if (turn === turns) throw new Error(`${requests.length} of ${count} requests arrived in ${turns} checks`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A verify object like the payments module sends (UddoktaPay's 12 fields plus Duar's extras), with non-ASCII text. */
export function verifyObject(invoiceId: string) {
  return {
    full_name: 'রহিম উদ্দিন',
    email: 'rahim@example.com',
    amount: '100.00',
    fee: '0.00',
    charged_amount: '100.00',
    invoice_id: invoiceId,
    metadata: { order_id: '42', note: 'a "quoted" / slashed value' },
    payment_method: 'bkash',
    sender_number: '01712345678',
    transaction_id: 'TRX123',
    date: '2026-01-02 03:04:05',
    status: 'COMPLETED',
    payment_status: 'completed',
    refunded_amount: '0.00',
  };
}

/** Stores one IPN delivery the way the payments module does: inside a transaction. */
export function enqueue(
  t: TestApp,
  input: { url: string; apiKeyId: string | null; paymentId?: string; payload?: Record<string, unknown>; event?: IpnEvent },
): Promise<string> {
  const paymentId = input.paymentId ?? `pay_test${Math.random().toString(36).slice(2, 10)}`;
  return t.db.transaction().execute((trx) =>
    enqueuePaymentIpn(trx, {
      brandId: t.brand.id,
      paymentId,
      webhookUrl: input.url,
      apiKeyId: input.apiKeyId,
      payload: input.payload ?? verifyObject(`INV${paymentId}`),
      event: input.event ?? 'payment.completed',
    }),
  );
}

/** A worker on the test app's database and log, with a clock (starting now: create it after enqueueing) that the test moves forward instead of waiting. */
export function testWorker(t: TestApp, overrides: Partial<WebhookWorkerOptions> = {}) {
  const clock = { now: Date.now() };
  const worker = createWebhookWorker({ db: t.db, config: t.config, appKey: t.appKey, log: t.app.log, now: () => clock.now, ...overrides });
  return { worker, clock };
}

/** Runs `fn` on a fresh app that may send webhooks to this machine (the receivers above), and closes it afterwards. */
export async function withWebhookApp(dialect: TestDialect, fn: (t: TestApp) => Promise<void>) {
  const t = await buildTestApp(dialect, { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' });
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}
