import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, type TestDialect } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { createInvoice, paySandbox } from '../payments/helpers.js';
import { alertWorker, BOT_TOKEN, CHAT_ID, MINUTE, startTelegram } from './support.js';

type Telegram = Awaited<ReturnType<typeof startTelegram>>;

async function withTelegram(
  dialect: TestDialect,
  fn: (t: TestApp, tg: Telegram, admin: Awaited<ReturnType<typeof signedInAdmin>>, key: string) => Promise<void>,
) {
  const tg = await startTelegram();
  const t = await buildTestApp(dialect, { TELEGRAM_API_URL: tg.base });
  try {
    const { key } = await seedKey(t, { mode: 'test' });
    await fn(t, tg, await signedInAdmin(t), key);
  } finally {
    await t.close();
    await tg.close();
  }
}

async function addChannel(admin: Awaited<ReturnType<typeof signedInAdmin>>, body: Record<string, unknown> = {}) {
  const res = await admin.inject({
    method: 'POST',
    url: '/admin/api/brands/default/alert-channels',
    payload: { kind: 'telegram', bot_token: BOT_TOKEN, chat_id: CHAT_ID, events: ['payment.completed', 'payment.pending_approval'], language: 'en', ...body },
  });
  assert.equal(res.statusCode, 201, show(res));
  return res.json().channel as { id: string; target: string };
}

async function completedPayment(t: TestApp, key: string, extra: Record<string, unknown> = {}): Promise<string> {
  const invoice = await createInvoice(t, key, extra);
  const res = await paySandbox(t, invoice);
  assert.ok(res.statusCode < 400, show(res));
  return invoice;
}

for (const dialect of dialects) {
  test(`${dialect}: a Telegram channel is saved sealed and shown masked; every invalid field is named at once`, () =>
    withTelegram(dialect, async (t, _tg, admin) => {
      const bad = await admin.inject({
        method: 'POST',
        url: '/admin/api/brands/default/alert-channels',
        payload: { kind: 'telegram', bot_token: 'nope', events: [], language: 'fr' },
      });
      assert.equal(bad.statusCode, 400, show(bad));
      const fields = (bad.json().errors as { field: string; message: string }[]).map((e) => e.field).sort();
      assert.deepEqual(fields, ['bot_token', 'chat_id', 'events', 'language'], show(bad));
      assert.match(bad.json().errors.find((e: { field: string }) => e.field === 'chat_id').message, /Chat ID/);

      const channel = await addChannel(admin);
      assert.equal(channel.target, `chat ${CHAT_ID} · bot …${BOT_TOKEN.slice(-4)}`);
      const list = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/alert-channels' });
      assert.equal(list.statusCode, 200, show(list));
      assert.equal(list.json().channels.length, 1);
      assert.ok(!list.body.includes(BOT_TOKEN), 'the list never carries the token');
      const stored = await t.db.selectFrom('alert_channels').selectAll().executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(stored).includes(BOT_TOKEN), 'sealed at rest');
      assert.ok(!JSON.stringify(stored).includes(BOT_TOKEN.split(':')[1]!), 'sealed at rest');

      const patched = await admin.inject({
        method: 'PATCH',
        url: `/admin/api/brands/default/alert-channels/${channel.id}`,
        payload: { events: ['summary.daily'], language: 'bn' },
      });
      assert.equal(patched.statusCode, 200, show(patched));
      assert.deepEqual(patched.json().channel.events, ['summary.daily']);
      assert.equal(patched.json().channel.language, 'bn');
      const badPatch = await admin.inject({ method: 'PATCH', url: `/admin/api/brands/default/alert-channels/${channel.id}`, payload: { bot_token: 'x' } });
      assert.equal(badPatch.statusCode, 400, show(badPatch));
      assert.deepEqual(
        (badPatch.json().errors as { field: string }[]).map((e) => e.field),
        ['bot_token', 'chat_id'],
      );
      const missing = await admin.inject({ method: 'DELETE', url: '/admin/api/brands/default/alert-channels/alc_nope' });
      assert.equal(missing.statusCode, 404, show(missing));
      assert.equal(missing.json().code, 'alert_channel_not_found');
      const deleted = await admin.inject({ method: 'DELETE', url: `/admin/api/brands/default/alert-channels/${channel.id}` });
      assert.equal(deleted.statusCode, 204, show(deleted));
      assert.ok(!t.logs().includes(BOT_TOKEN.split(':')[1]!), 'the token is never logged');
    }));

  test(`${dialect}: "Send test alert" posts sendMessage to TELEGRAM_API_URL with the chat id, and reports Telegram's refusal in its words`, () =>
    withTelegram(dialect, async (t, tg, admin) => {
      const channel = await addChannel(admin);
      const res = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/alert-channels/${channel.id}/test`, payload: {} });
      assert.equal(res.statusCode, 200, show(res));
      assert.equal(res.json().outcome, 'acknowledged', show(res));
      assert.equal(tg.messages.length, 1);
      assert.equal(tg.messages[0]!.token, BOT_TOKEN);
      assert.equal(tg.messages[0]!.chat_id, CHAT_ID);
      assert.equal(tg.messages[0]!.contentType, 'application/json');
      assert.match(tg.messages[0]!.text, /Test alert from Duar/);

      const wrongChat = await addChannel(admin, { chat_id: '-100999' });
      const refused = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/alert-channels/${wrongChat.id}/test`, payload: {} });
      assert.equal(refused.statusCode, 200, show(refused));
      assert.equal(refused.json().outcome, 'http_error');
      assert.equal(refused.json().http_status, 400);
      assert.match(refused.json().error, /chat not found/);
      assert.ok(!refused.body.includes(BOT_TOKEN));
      assert.ok(!t.logs().includes(BOT_TOKEN.split(':')[1]!), 'the token is never logged');
    }));

  test(`${dialect}: a completed payment alerts once per channel, after its minute's window, naming the invoice; Bangla channels read Bangla`, () =>
    withTelegram(dialect, async (t, tg, admin, key) => {
      await addChannel(admin);
      await addChannel(admin, { language: 'bn' });
      await addChannel(admin, { events: ['summary.daily'] });
      const invoice = await completedPayment(t, key, { amount: '125000.50', full_name: 'Rahim Uddin' });
      const { worker, clock } = alertWorker(t);
      assert.equal(await worker.runOnce(), 0, 'the window is still open');
      clock.now += MINUTE + 1;
      assert.equal(await worker.runOnce(), 2, 'one message per subscribed channel');
      assert.equal(tg.messages.length, 2);
      const [en, bn] = [...tg.messages].sort((a, b) => (a.text.startsWith('Payment') ? -1 : b.text.startsWith('Payment') ? 1 : 0));
      assert.match(en!.text, /^Payment completed — /);
      assert.ok(en!.text.includes('৳1,25,000.50 from Rahim Uddin by Sandbox'), en!.text);
      assert.ok(en!.text.includes(invoice), en!.text);
      assert.ok(en!.text.includes('http://duar.test/admin/brands/default/payments/pay_'), en!.text);
      assert.match(bn!.text, /^পেমেন্ট সম্পন্ন হয়েছে — /);
      assert.ok(bn!.text.includes('Rahim Uddin-এর কাছ থেকে ৳১,২৫,০০০.৫০, স্যান্ডবক্স'), bn!.text);
      assert.ok(!/[0-9]/.test(bn!.text.replace(invoice, '').replace(/https?:\S+/g, '')), `Bangla digits only: ${bn!.text}`);

      clock.now += 10 * MINUTE;
      assert.equal(await worker.runOnce(), 0, 'sent once');
      const recent = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/alerts' });
      assert.equal(recent.statusCode, 200, show(recent));
      assert.deepEqual(
        recent.json().alerts.map((a: { status: string; event: string; subject: string }) => [a.status, a.event, a.subject]),
        [
          ['delivered', 'payment.completed', invoice],
          ['delivered', 'payment.completed', invoice],
        ],
      );
    }));

  test(`${dialect}: a burst of payments within a minute becomes one message that names every payment`, () =>
    withTelegram(dialect, async (t, tg, admin, key) => {
      await addChannel(admin);
      const invoices = [
        await completedPayment(t, key, { amount: '100' }),
        await completedPayment(t, key, { amount: '250' }),
        await completedPayment(t, key, { amount: '1000' }),
      ];
      const { worker, clock } = alertWorker(t);
      clock.now += MINUTE + 1;
      assert.equal(await worker.runOnce(), 1);
      assert.equal(tg.messages.length, 1);
      const text = tg.messages[0]!.text;
      assert.match(text, /^3 payments completed — /);
      for (const invoice of invoices) assert.ok(text.includes(invoice), text);
      assert.ok(text.includes('In all: ৳1,350.00'), text);
      const recent = (await admin.inject({ method: 'GET', url: '/admin/api/brands/default/alerts' })).json().alerts as { batch_size: number }[];
      assert.deepEqual(
        recent.map((a) => a.batch_size),
        [3, 3, 3],
      );
    }));

  test(`${dialect}: a payment waiting for approval alerts with a link to the approvals queue`, () =>
    withTelegram(dialect, async (t, tg, admin, key) => {
      await addChannel(admin);
      const invoice = await createInvoice(t, key);
      await paySandbox(t, invoice, 'pending');
      const { worker, clock } = alertWorker(t);
      clock.now += MINUTE + 1;
      assert.equal(await worker.runOnce(), 1);
      assert.match(tg.messages[0]!.text, /^A payment is waiting for your approval/);
      assert.ok(tg.messages[0]!.text.includes('Approve or reject: http://duar.test/admin/brands/default/payments?status=pending'), tg.messages[0]!.text);
    }));

  test(`${dialect}: Telegram's 429 retry_after is honoured to the second, and an outage is retried with backoff until it ends`, () =>
    withTelegram(dialect, async (t, tg, admin, key) => {
      await addChannel(admin);
      await completedPayment(t, key);
      const { worker, clock } = alertWorker(t);
      clock.now += MINUTE + 1;
      tg.script(tg.floodControl(42));
      assert.equal(await worker.runOnce(), 1);
      assert.equal(tg.messages.length, 0);
      let [row] = await t.db.selectFrom('alert_deliveries').selectAll().execute();
      assert.equal(row!.status, 'pending');
      assert.equal(row!.last_http_status, 429);
      assert.match(row!.last_error!, /retry after 42/);
      assert.equal(Number(row!.next_attempt_at), clock.now + 42_000);
      clock.now += 41_000;
      assert.equal(await worker.runOnce(), 0, 'not before retry_after');
      clock.now += 1_000;
      tg.script(tg.outage(), tg.outage());
      assert.equal(await worker.runOnce(), 1);
      [row] = await t.db.selectFrom('alert_deliveries').selectAll().execute();
      assert.equal(row!.status, 'pending');
      assert.equal(row!.last_http_status, 502);
      const backoff = Number(row!.next_attempt_at) - clock.now;
      assert.ok(backoff >= 30_000 * 2 * 0.8 && backoff <= 30_000 * 2 * 1.2, `second failure: about a minute of backoff, got ${backoff} ms`);
      clock.now = Number(row!.next_attempt_at);
      assert.equal(await worker.runOnce(), 1);
      assert.equal(tg.messages.length, 0);
      [row] = await t.db.selectFrom('alert_deliveries').selectAll().execute();
      clock.now = Number(row!.next_attempt_at);
      assert.equal(await worker.runOnce(), 1, 'the outage is over');
      assert.equal(tg.messages.length, 1);
      [row] = await t.db.selectFrom('alert_deliveries').selectAll().execute();
      assert.equal(row!.status, 'delivered');
      assert.equal(row!.attempt_count, 4);
    }));

  test(`${dialect}: an alert Telegram never takes is given up after 24 hours, visible with its last error`, () =>
    withTelegram(dialect, async (t, tg, admin, key) => {
      await addChannel(admin, { bot_token: '7012345678:AAHk3v9Qe_Zx-RevokedToken99999999999' });
      await completedPayment(t, key);
      const { worker, clock } = alertWorker(t);
      const start = clock.now;
      clock.now += MINUTE + 1;
      for (let i = 0; i < 60 && clock.now - start < 25 * 60 * MINUTE; i++) {
        await worker.runOnce();
        const row = await t.db.selectFrom('alert_deliveries').selectAll().executeTakeFirstOrThrow();
        if (row.status !== 'pending') break;
        clock.now = Number(row.next_attempt_at);
      }
      const recent = (await admin.inject({ method: 'GET', url: '/admin/api/brands/default/alerts' })).json().alerts;
      assert.equal(recent[0].status, 'failed');
      assert.match(recent[0].error ?? recent[0].last_error, /Telegram answered HTTP 401: Unauthorized/);
      assert.equal(tg.messages.length, 0);
      assert.ok(tg.attempts.length > 10, `retried for a day: ${tg.attempts.length} attempts`);
      assert.ok(!JSON.stringify(recent).includes('RevokedToken'));
      assert.ok(!t.logs().includes('RevokedToken'), 'the token is never logged');
    }));
}
