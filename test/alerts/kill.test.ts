import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, type TestDialect } from '../dialects.js';
import { running, setUpServer, startServer, type ServerProcess } from '../server-process.js';
import { openDatabase } from '../../src/server.js';
import { getBrand } from '../../src/modules/brands/service.js';
import { createChannelInput } from '../../src/modules/alerts/inputs.js';
import { createChannel } from '../../src/modules/alerts/service.js';
import { BOT_TOKEN, CHAT_ID, startTelegram } from './support.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil<T>(what: string, check: () => Promise<T | null> | T | null, server: ServerProcess, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch {}
    if (Date.now() > end) throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${server.output()}`);
    await sleep(100);
  }
}

/**
 * A real `duar serve` takes payments whose alerts are still in their burst window, and is killed with SIGKILL before it
 * sends them; the next process sends every one of them, each payment named exactly once.
 */
async function killRun(dialect: TestDialect) {
  const tg = await startTelegram();
  const {
    fresh,
    appKey,
    env,
    config,
    origin,
    apiKey: key,
  } = await setUpServer(
    dialect,
    { name: 'kill', abilities: ['payment:checkout', 'payment:verify'] },
    // Long enough that the first process is killed inside the window; short enough not to wait a minute.
    { TELEGRAM_API_URL: tg.base, ALERT_BURST_SECONDS: '4' },
  );
  let db = await openDatabase(config);
  const input = createChannelInput(false, false).parse({
    kind: 'telegram',
    bot_token: BOT_TOKEN,
    chat_id: CHAT_ID,
    events: ['payment.completed'],
    language: 'en',
  });
  await createChannel(db, appKey, await getBrand(db, 'default'), input, { label: 'test', ip: null });
  await db.destroy();

  let server: ServerProcess | null = null;
  try {
    server = startServer(env);
    const first = server;
    await running(first);
    const paid: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await fetch(`${origin}/api/checkout-v2`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'rt-uddoktapay-api-key': key },
        body: JSON.stringify({
          full_name: `Customer ${i}`,
          email: 'c@example.com',
          amount: String(100 + i),
          metadata: {},
          redirect_url: 'https://shop.example/ok',
          cancel_url: 'https://shop.example/no',
        }),
      });
      const answer = await created.text();
      assert.equal(created.status, 200, answer);
      const invoice = (JSON.parse(answer) as { payment_url: string }).payment_url.split('/').pop()!;
      const pay = await fetch(`${origin}/payment/${invoice}/sandbox`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'outcome=success',
        redirect: 'manual',
      });
      assert.ok(pay.status < 400, `paying ${invoice}: HTTP ${pay.status}`);
      paid.push(invoice);
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const sentBeforeKill = tg.messages.length;

    server = startServer(env);
    const second = server;
    const named = () => paid.filter((inv) => tg.messages.some((m) => m.text.includes(inv)));
    await waitUntil('every payment named in an alert', () => (named().length === paid.length ? true : null), second);
    for (const invoice of paid) {
      assert.equal(tg.messages.filter((m) => m.text.includes(invoice)).length, 1, `${invoice} named once: ${tg.messages.map((m) => m.text).join('\n---\n')}`);
    }
    assert.equal(sentBeforeKill, 0, 'the first process was killed inside the burst window, with every alert pending');
    assert.equal(tg.messages.length, 1, 'the burst is one message');
    // An orderly stop waits for the send in flight to be recorded (a SIGKILL here could leave it to be sent again).
    second.child.kill('SIGTERM');
    await second.exited;
    db = await openDatabase(config);
    const statuses = await db.selectFrom('alert_deliveries').select('status').execute();
    assert.deepEqual(
      statuses.map((s) => s.status),
      paid.map(() => 'delivered'),
    );
    await db.destroy();
  } finally {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await tg.close();
    await fresh.drop();
  }
}

for (const dialect of dialects) {
  test(`${dialect}: alerts pending when a real server is killed with SIGKILL are all sent by the next one, each once`, { timeout: 120_000 }, () =>
    killRun(dialect),
  );
}
