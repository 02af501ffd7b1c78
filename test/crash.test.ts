import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { dialects } from './dialects.js';
import { openDatabase } from '../src/server.js';
import type { Db } from '../src/db/index.js';
import { IDEMPOTENCY_LEASE_MS } from '../src/modules/payments/idempotency.js';
import { STRANDED_REFUND_AFTER_MS } from '../src/jobs/recovery.js';
import { seededRandom, type Seeded } from './seeded.js';
import { running, setUpServer, startServer, type ServerProcess } from './server-process.js';

/**
 * The crash test: a real `duar serve` process is killed with SIGKILL at a random moment while clients create
 * checkouts, pay them on the Sandbox page, and refund them (with Idempotency-Key), a few rounds; then it starts again
 * and the data must hold: every acknowledged write is there, no refund is above its payment, nothing is stranded
 * `processing` or `in_progress` after recovery (jobs/recovery.ts), every paid payment with a webhook_url has its IPN row.
 */
const ROUNDS = 2;
const CLIENTS = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Thrown for a request that got no whole answer (the server died before or while answering): its outcome is unknown,
 * so nothing is asserted about it.
 */
class NoAnswer extends Error {}

/** An answer read to its end: a kill mid-body is a NoAnswer, never a failed assertion about a half-read body. */
type Answer = { status: number; location: string | null; text: string; json: <T>() => T };

/** Every answer the clients received, to compare with the database after the crashes. */
type Acknowledged = {
  invoices: Set<string>;
  /** Invoices whose Sandbox payment was answered with the return to the shop. */
  paid: Set<string>;
  /** refund_id → the Idempotency-Key it was answered for. */
  refunds: Map<string, string>;
  /** Refund requests that got no answer, to retry with the same key after the restart. */
  unanswered: { key: string; body: Record<string, unknown> }[];
  keysSent: Set<string>;
};

function client(origin: string, apiKey: string, webhookUrl: string, ack: Acknowledged) {
  async function call(path: string, init: RequestInit): Promise<Answer> {
    try {
      const res = await fetch(`${origin}${path}`, { ...init, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
      const text = await res.text();
      return { status: res.status, location: res.headers.get('location'), text, json: <T>() => JSON.parse(text) as T };
    } catch {
      throw new NoAnswer(path);
    }
  }
  const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(path, { method: 'POST', headers: { 'rt-uddoktapay-api-key': apiKey, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  async function refund(body: Record<string, unknown>, key: string) {
    ack.keysSent.add(key);
    let res: Answer;
    try {
      res = await json('/api/refund-payment', body, { 'idempotency-key': key });
    } catch (err) {
      ack.unanswered.push({ key, body });
      throw err;
    }
    const answer = res.json<{ refund_id?: string }>();
    if (res.status === 200) {
      const earlier = [...ack.refunds].find(([, k]) => k === key);
      assert.ok(!earlier || earlier[0] === answer.refund_id, `key ${key} answered with two refunds`);
      ack.refunds.set(answer.refund_id!, key);
    }
  }

  /** One customer's story: checkout → Sandbox payment → verify → refunds (one sent twice at once with the same key). */
  return async function story(random: Seeded): Promise<void> {
    const withWebhook = random.next() < 0.5;
    const checkout = await json(
      '/api/checkout-v2',
      {
        full_name: 'Crash Test',
        email: 'crash@example.com',
        amount: '100',
        metadata: { order_id: randomUUID() },
        redirect_url: 'https://shop.example.com/paid',
        cancel_url: 'https://shop.example.com/cart',
        return_type: 'GET',
        ...(withWebhook ? { webhook_url: webhookUrl } : {}),
      },
      { 'idempotency-key': `co-${randomUUID()}` },
    );
    assert.equal(checkout.status, 200, checkout.text);
    const invoice = checkout.json<{ payment_url: string }>().payment_url.split('/').pop()!;
    ack.invoices.add(invoice);

    const pay = await call(`/payment/${invoice}/sandbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=success',
    });
    assert.equal(pay.status, 303, pay.text);
    assert.ok(pay.location?.startsWith('https://shop.example.com/paid'), `redirected to ${pay.location}`);
    ack.paid.add(invoice);

    const verified = await json('/api/verify-payment', { invoice_id: invoice });
    assert.equal(verified.status, 200, verified.text);
    const trx = verified.json<{ transaction_id: string }>().transaction_id;

    const key = `rf-${randomUUID()}`;
    const body = { transaction_id: trx, amount: String(random.int(10, 45)) };
    await Promise.all([refund(body, key), refund(body, key)]);
    await refund({ transaction_id: trx, amount: String(random.int(10, 45)) }, `rf-${randomUUID()}`);
  };
}

async function crashRun(dialect: (typeof dialects)[number], random: Seeded) {
  const receiver = createHttpServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ipn`;
  const { fresh, env, config, origin, apiKey } = await setUpServer(
    dialect,
    { name: 'crash', abilities: ['payment:checkout', 'payment:verify', 'payment:refund'] },
    { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' },
  );
  let db: Db;

  const ack: Acknowledged = { invoices: new Set(), paid: new Set(), refunds: new Map(), unanswered: [], keysSent: new Set() };
  const story = client(origin, apiKey, webhookUrl, ack);
  let server: ServerProcess | null = null;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      server = startServer(env);
      await running(server);
      let killed = false;
      const clients = Array.from({ length: CLIENTS }, async () => {
        const own = random.fork();
        while (!killed) {
          try {
            await story(own);
          } catch (err) {
            if (err instanceof NoAnswer) return;
            throw err;
          }
        }
      });
      await sleep(random.int(800, 3000));
      killed = true;
      server.child.kill('SIGKILL');
      await Promise.all([...clients, server.exited]);
    }
    assert.ok(ack.refunds.size > 0, 'the load reached refunds');

    // Time passes as if the restart came later: whatever the kills stranded is now past its lease and recovery delay.
    db = await openDatabase(config);
    await db
      .updateTable('refunds')
      .set((eb) => ({ updated_at: eb('updated_at', '-', STRANDED_REFUND_AFTER_MS) }))
      .where('status', '=', 'processing')
      .execute();
    await db
      .updateTable('idempotency_keys')
      .set((eb) => ({ created_at: eb('created_at', '-', IDEMPOTENCY_LEASE_MS) }))
      .where('state', '=', 'in_progress')
      .execute();
    await db.destroy();

    server = startServer(env);
    await running(server);
    // Clients retry what got no answer, with the same key: answered once, never refunded twice.
    for (const { key, body } of ack.unanswered) {
      const res = await fetch(`${origin}/api/refund-payment`, {
        method: 'POST',
        headers: { 'rt-uddoktapay-api-key': apiKey, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      const answer = (await res.json()) as { refund_id?: string; code?: string };
      assert.ok(
        res.status === 200 || answer.code === 'refund_exceeds_remaining' || answer.code === 'payment_not_refundable' || answer.code === 'payment_changed',
        `retry of ${key}: ${res.status} ${JSON.stringify(answer)}`,
      );
      if (res.status === 200) {
        const earlier = [...ack.refunds].find(([, k]) => k === key);
        assert.ok(!earlier || earlier[0] === answer.refund_id, `key ${key} answered with two refunds`);
        ack.refunds.set(answer.refund_id!, key);
      }
    }
    server.child.kill('SIGTERM');
    await server.exited;
    server = null;

    db = await openDatabase(config);
    const payments = await db.selectFrom('payments').selectAll().execute();
    const refunds = await db.selectFrom('refunds').selectAll().execute();
    const byInvoice = new Map(payments.map((p) => [p.invoice_id, p]));
    for (const invoice of ack.invoices) assert.ok(byInvoice.has(invoice), `acknowledged checkout ${invoice} is missing`);
    for (const invoice of ack.paid) {
      assert.ok(
        ['completed', 'partially_refunded', 'refunded'].includes(byInvoice.get(invoice)!.status),
        `acknowledged payment ${invoice} is ${byInvoice.get(invoice)!.status}`,
      );
    }
    const refundById = new Map(refunds.map((r) => [r.id, r]));
    for (const id of ack.refunds.keys()) assert.equal(refundById.get(id)?.status, 'succeeded', `acknowledged refund ${id}`);
    for (const p of payments) {
      const live = refunds.filter((r) => r.payment_id === p.id && r.status !== 'failed').reduce((sum, r) => sum + r.amount, 0);
      assert.ok(p.refunded_amount <= p.amount, `payment ${p.invoice_id} refunded ${p.refunded_amount} of ${p.amount}`);
      assert.equal(live, p.refunded_amount, `payment ${p.invoice_id}: refund rows agree with its refunded amount`);
    }
    assert.ok(refunds.filter((r) => r.status !== 'failed').length <= ack.keysSent.size, 'at most one refund per Idempotency-Key');
    assert.deepEqual(
      refunds.filter((r) => r.status === 'processing').map((r) => r.id),
      [],
      'no refund left processing after recovery',
    );
    const stale = await db
      .selectFrom('idempotency_keys')
      .select('idempotency_key')
      .where('state', '=', 'in_progress')
      .where('created_at', '<=', Date.now() - IDEMPOTENCY_LEASE_MS)
      .execute();
    assert.deepEqual(stale, [], 'no idempotency claim in progress beyond its lease');
    const deliveries = new Set((await db.selectFrom('webhook_deliveries').select('payment_id').execute()).map((d) => d.payment_id));
    for (const p of payments.filter((x) => x.webhook_url && ['completed', 'partially_refunded', 'refunded'].includes(x.status))) {
      assert.ok(deliveries.has(p.id), `paid payment ${p.invoice_id} with a webhook_url has no IPN delivery`);
    }
    await db.destroy();
  } finally {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    receiver.close();
    await fresh.drop();
  }
}

// Kill timings, refund amounts and which checkouts carry a webhook_url; CRASH_SEED=<printed seed> replays them.
const random = seededRandom('CRASH_SEED');

for (const dialect of dialects) {
  test(
    `${dialect}: SIGKILL of a real server during checkouts, payments and refunds loses no acknowledged write and strands nothing`,
    { timeout: 120_000 },
    () => crashRun(dialect, random),
  );
}
