import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dialects, freshDatabase } from './dialects.js';
import { loadConfig, type Config } from '../src/config/index.js';
import { openDatabase } from '../src/server.js';
import type { Db } from '../src/db/index.js';
import { getBrand } from '../src/modules/brands/service.js';
import { createApiKey } from '../src/modules/api-keys/service.js';
import { IDEMPOTENCY_LEASE_MS } from '../src/modules/payments/idempotency.js';
import { STRANDED_REFUND_AFTER_MS } from '../src/jobs/recovery.js';

/**
 * The crash test: a real `duar serve` process is killed with SIGKILL at a random moment while clients create
 * checkouts, pay them on the Sandbox page, and refund them (with Idempotency-Key), a few rounds; then it starts again
 * and the data must hold: every acknowledged write is there, no refund is above its payment, nothing is stranded
 * `processing` or `in_progress` after recovery (jobs/recovery.ts), every paid payment with a webhook_url has its IPN row.
 */
// The sources under test, not the build in dist/ (which may be older): bin/duar.js prefers the build.
const CLI_SOURCE = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const ROUNDS = 2;
const CLIENTS = 4;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/** Thrown for a request that got no answer (the server died under it): its outcome is unknown, so nothing is asserted about it. */
class NoAnswer extends Error {}

type Server = { child: ChildProcess; exited: Promise<void>; output: () => string };

function startServer(env: Record<string, string>): Server {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_SOURCE, 'serve'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, output: () => output };
}

async function waitUntilUp(origin: string, server: Server): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (server.child.exitCode !== null) throw new Error(`duar serve exited with ${server.child.exitCode}:\n${server.output()}`);
    try {
      await fetch(`${origin}/api/me`);
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`duar serve did not answer within 30 s:\n${server.output()}`);
}

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
  async function call(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${origin}${path}`, { ...init, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
    } catch {
      throw new NoAnswer(path);
    }
  }
  const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(path, { method: 'POST', headers: { 'rt-uddoktapay-api-key': apiKey, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  async function refund(body: Record<string, unknown>, key: string) {
    ack.keysSent.add(key);
    let res: Response;
    try {
      res = await json('/api/refund-payment', body, { 'idempotency-key': key });
    } catch (err) {
      ack.unanswered.push({ key, body });
      throw err;
    }
    const answer = (await res.json()) as { refund_id?: string };
    if (res.status === 200) {
      const earlier = [...ack.refunds].find(([, k]) => k === key);
      assert.ok(!earlier || earlier[0] === answer.refund_id, `key ${key} answered with two refunds`);
      ack.refunds.set(answer.refund_id!, key);
    }
  }

  /** One customer's story: checkout → Sandbox payment → verify → refunds (one sent twice at once with the same key). */
  return async function story(): Promise<void> {
    const withWebhook = Math.random() < 0.5;
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
    assert.equal(checkout.status, 200, await checkout.clone().text());
    const invoice = ((await checkout.json()) as { payment_url: string }).payment_url.split('/').pop()!;
    ack.invoices.add(invoice);

    const pay = await call(`/payment/${invoice}/sandbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=success',
    });
    assert.equal(pay.status, 303, await pay.text());
    assert.ok(pay.headers.get('location')?.startsWith('https://shop.example.com/paid'));
    ack.paid.add(invoice);

    const verified = await json('/api/verify-payment', { invoice_id: invoice });
    assert.equal(verified.status, 200);
    const trx = ((await verified.json()) as { transaction_id: string }).transaction_id;

    const key = `rf-${randomUUID()}`;
    const body = { transaction_id: trx, amount: String(random(10, 45)) };
    await Promise.all([refund(body, key), refund(body, key)]);
    await refund({ transaction_id: trx, amount: String(random(10, 45)) }, `rf-${randomUUID()}`);
  };
}

async function crashRun(dialect: (typeof dialects)[number]) {
  const fresh = await freshDatabase(dialect);
  const appKey = randomBytes(32);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: origin,
    DUAR_DATA_DIR: fresh.dataDir,
    DUAR_APP_KEY: appKey.toString('base64'),
    DUAR_WEBHOOK_ALLOW_PRIVATE: 'true',
    LOG_LEVEL: 'warn',
    ...(fresh.database.kind === 'postgres' ? { DATABASE_URL: fresh.database.url } : {}),
  };
  const config: Config = { ...loadConfig(env), database: fresh.database };
  const receiver = createHttpServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ipn`;

  // Set up while no server runs: a test key, whose checkouts Sandbox pays.
  let db: Db = await openDatabase(config);
  const brand = await getBrand(db, 'default');
  const { key: apiKey } = await createApiKey(
    db,
    appKey,
    brand,
    { name: 'crash', abilities: ['payment:checkout', 'payment:verify', 'payment:refund'], is_active: true, mode: 'test' },
    { label: 'test', ip: null },
  );
  await db.destroy();

  const ack: Acknowledged = { invoices: new Set(), paid: new Set(), refunds: new Map(), unanswered: [], keysSent: new Set() };
  const story = client(origin, apiKey, webhookUrl, ack);
  let server: Server | null = null;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      server = startServer(env);
      await waitUntilUp(origin, server);
      let killed = false;
      const clients = Array.from({ length: CLIENTS }, async () => {
        while (!killed) {
          try {
            await story();
          } catch (err) {
            if (err instanceof NoAnswer) return;
            throw err;
          }
        }
      });
      await sleep(random(800, 3000));
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
    await waitUntilUp(origin, server);
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

for (const dialect of dialects) {
  test(
    `${dialect}: SIGKILL of a real server during checkouts, payments and refunds loses no acknowledged write and strands nothing`,
    { timeout: 120_000 },
    () => crashRun(dialect),
  );
}
