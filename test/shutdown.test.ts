import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { dialects } from './dialects.js';
import { running, setUpServer, startServer } from './server-process.js';
import { openDatabase } from '../src/server.js';

/**
 * SIGTERM as an operator or a supervisor sends it, to a real `duar serve` under load: requests in flight are answered,
 * requests arriving on open connections meanwhile get 503 `shutting_down`, no other 5xx, nothing acknowledged is lost
 * (usage counts included), a connection still busy after 10 s is cut, and the process exits 0 — also when nothing reads
 * its stdout any more.
 */
const CLIENTS = 4;

const setUp = (dialect: (typeof dialects)[number]) =>
  setUpServer(
    dialect,
    { name: 'shutdown', abilities: ['payment:checkout', 'payment:verify', 'payment:refund'] },
    // The test waits for a request's debug line ("request arrived") to know it is in flight.
    { LOG_LEVEL: 'debug' },
  );

/** What the load's clients were answered, to hold against the database after the stop. */
type Tally = {
  invoices: Set<string>;
  paid: Set<string>;
  refunds: Set<string>;
  /** Answers of the public API other than 503: each passed authentication, so each is one counted use of the key. */
  apiAnswers: number;
  refusedWhileStopping: number;
  unexpected: string[];
};

const STOPPING = Symbol('stopping');

const checkoutBody = () => ({
  full_name: 'Shutdown Test',
  email: 'stop@example.com',
  amount: '100',
  metadata: { order_id: randomUUID() },
  redirect_url: 'https://shop.example.com/paid',
  cancel_url: 'https://shop.example.com/cart',
  return_type: 'GET',
});

function client(origin: string, apiKey: string, tally: Tally) {
  /** The answer, STOPPING for a 503 (checked), or null when no answer came (the connection was refused or closed). */
  async function call(path: string, init: RequestInit): Promise<{ status: number; body: string; location: string | null } | typeof STOPPING | null> {
    let answer: { status: number; body: string; location: string | null };
    try {
      const res = await fetch(`${origin}${path}`, { ...init, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
      answer = { status: res.status, body: await res.text(), location: res.headers.get('location') };
    } catch {
      return null;
    }
    if (answer.status === 503) {
      tally.refusedWhileStopping++;
      if (!answer.body.includes('"code":"shutting_down"')) tally.unexpected.push(`${path}: 503 ${answer.body}`);
      return STOPPING;
    }
    if (path.startsWith('/api/')) tally.apiAnswers++;
    return answer;
  }
  const api = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(path, { method: 'POST', headers: { 'rt-uddoktapay-api-key': apiKey, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const expect = (path: string, answer: Awaited<ReturnType<typeof call>>, status: number) => {
    if (answer === null || answer === STOPPING) return null;
    if (answer.status !== status) {
      tally.unexpected.push(`${path}: ${answer.status} ${answer.body}`);
      return null;
    }
    return answer;
  };

  /** One customer: checkout → Sandbox payment → verify → refund. False once the server stops answering. */
  return async function story(): Promise<boolean> {
    const checkout = expect('/api/checkout-v2', await api('/api/checkout-v2', checkoutBody()), 200);
    if (!checkout) return false;
    const invoice = (JSON.parse(checkout.body) as { payment_url: string }).payment_url.split('/').pop()!;
    tally.invoices.add(invoice);
    const sandbox = `/payment/${invoice}/sandbox`;
    const pay = expect(
      sandbox,
      await call(sandbox, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'outcome=success' }),
      303,
    );
    if (!pay) return false;
    tally.paid.add(invoice);
    const verified = expect('/api/verify-payment', await api('/api/verify-payment', { invoice_id: invoice }), 200);
    if (!verified) return false;
    const trx = (JSON.parse(verified.body) as { transaction_id: string }).transaction_id;
    const refund = expect(
      '/api/refund-payment',
      await api('/api/refund-payment', { transaction_id: trx, amount: '10' }, { 'idempotency-key': `rf-${randomUUID()}` }),
      200,
    );
    if (!refund) return false;
    tally.refunds.add((JSON.parse(refund.body) as { refund_id: string }).refund_id);
    return true;
  };
}

/**
 * A Sandbox payment sent over its own connection with its body held back: `finish()` sends the rest and, on the same
 * connection, a second (pipelined) request; `answers` is everything the server sent until it closed the connection.
 */
function heldPayment(origin: string, invoice: string, then: string) {
  const { port } = new URL(origin);
  const socket = connect(Number(port), '127.0.0.1');
  socket.write(
    `POST /payment/${invoice}/sandbox HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 15\r\n\r\noutcome=`,
  );
  let received = '';
  socket.on('data', (d) => (received += d));
  const answers = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.on('error', () => {});
  return { answers, finish: () => socket.write(`success${then}`) };
}

for (const dialect of dialects) {
  test(`${dialect}: SIGTERM under load answers what is in flight, 503 for what arrives meanwhile, loses nothing acknowledged and exits 0`, {
    timeout: 180_000,
  }, async () => {
    const s = await setUp(dialect);
    const server = startServer(s.env);
    try {
      await running(server);
      const tally: Tally = { invoices: new Set(), paid: new Set(), refunds: new Set(), apiAnswers: 0, refusedWhileStopping: 0, unexpected: [] };
      const story = client(s.origin, s.apiKey, tally);
      let loaded: () => void = () => {};
      const underLoad = new Promise<void>((resolve) => (loaded = resolve));
      const clients = Array.from({ length: CLIENTS }, async () => {
        while (await story()) if (tally.refunds.size >= 3 * CLIENTS) loaded();
      });
      // Every client stops at its first unexpected answer; if all stop before the load is reached, say why instead of waiting.
      await Promise.race([underLoad, Promise.all(clients)]);
      assert.deepEqual(tally.unexpected, [], 'the load ran without unexpected answers');
      assert.ok(tally.refunds.size >= 3 * CLIENTS, 'the load reached refunds');

      // Two payments whose requests are in flight when the signal comes: their headers are read (logged) first.
      const invoices: string[] = [];
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${s.origin}/api/checkout-v2`, {
          method: 'POST',
          headers: { 'rt-uddoktapay-api-key': s.apiKey, 'content-type': 'application/json' },
          body: JSON.stringify(checkoutBody()),
        });
        assert.equal(res.status, 200, await res.clone().text());
        tally.apiAnswers++;
        invoices.push(((await res.json()) as { payment_url: string }).payment_url.split('/').pop()!);
      }
      const pipelined = `GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nRT-UDDOKTAPAY-API-KEY: ${s.apiKey}\r\n\r\n`;
      const answered = heldPayment(s.origin, invoices[0]!, pipelined);
      const neverFinished = heldPayment(s.origin, invoices[1]!, '');
      await Promise.all(invoices.map((inv) => server.printed(`/payment/${inv}/sandbox`)));

      server.child.kill('SIGTERM');
      await server.printed('shutting down');
      answered.finish();
      const [answers, cut, code] = await Promise.all([answered.answers, neverFinished.answers, server.exited, ...clients]);

      assert.equal(code, 0, server.output());
      assert.match(answers, /^HTTP\/1\.1 303 /, 'the payment in flight at the signal was answered');
      assert.match(answers, /HTTP\/1\.1 503 [\s\S]*retry-after: 1[\s\S]*"code":"shutting_down"/i, 'the request after it, on the same connection, got 503');
      assert.equal(cut, '', 'the request whose body never came was cut without an answer');
      assert.deepEqual(tally.unexpected, [], 'no answer other than the flow’s own and 503');

      const db = await openDatabase(s.config);
      try {
        const payments = new Map((await db.selectFrom('payments').select(['invoice_id', 'status']).execute()).map((p) => [p.invoice_id, p.status]));
        for (const invoice of tally.invoices) assert.ok(payments.has(invoice), `acknowledged checkout ${invoice} is missing`);
        for (const invoice of tally.paid) assert.match(payments.get(invoice)!, /completed|refunded/, `acknowledged payment ${invoice}`);
        assert.equal(payments.get(invoices[0]!), 'completed', 'the payment answered during the stop');
        assert.equal(payments.get(invoices[1]!), 'initiated', 'the payment whose request was cut is still unpaid');
        const refunds = new Map((await db.selectFrom('refunds').select(['id', 'status']).execute()).map((r) => [r.id, r.status]));
        for (const id of tally.refunds) assert.equal(refunds.get(id), 'succeeded', `acknowledged refund ${id}`);
        const usage = await db.selectFrom('api_key_usage').select(['outcome', 'count']).where('key_id', '=', s.keyId).execute();
        assert.deepEqual(
          usage.map((u) => `${u.outcome}:${Number(u.count)}`),
          [`ok:${tally.apiAnswers}`],
          'every answered API request was counted and flushed at the stop; the 503s were not counted',
        );
      } finally {
        await db.destroy();
      }
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await server.exited;
      await s.fresh.drop();
    }
  });

  for (const reader of ['stops reading', 'goes away'] as const) {
    test(`${dialect}: SIGTERM ends the process when the reader of its stdout ${reader}`, { timeout: 120_000 }, async () => {
      const s = await setUp(dialect);
      const server = startServer(s.env);
      try {
        await running(server);
        const stdout = server.child.stdout!;
        stdout.removeAllListeners('data');
        if (reader === 'stops reading') stdout.pause();
        else stdout.destroy();
        // Far more log lines (one a request at LOG_LEVEL=debug) than a pipe and the reader's buffer hold.
        for (let i = 0; i < 1000; i++) {
          const res = await fetch(`${s.origin}/health`);
          assert.equal(res.status, 200, 'the server goes on answering while its output waits');
          await res.arrayBuffer();
        }
        server.child.kill('SIGTERM');
        assert.equal(await server.exited, 0, server.output());
      } finally {
        if (server.child.exitCode === null) server.child.kill('SIGKILL');
        await server.exited;
        await s.fresh.drop();
      }
    });
  }
}
