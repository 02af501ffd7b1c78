import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { dialects, type TestDialect } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { createInvoice, paySandbox } from '../payments/helpers.js';
import { alertWorker, MINUTE } from './support.js';

const SMTP_USER = 'duar-alerts';
const SMTP_PASSWORD = 'Mail-Secret-7f3c9a1e';

type Mail = { from: string; to: string[]; raw: string };

/** A real SMTP server on 127.0.0.1 (smtp-server) that asks for a password and keeps every message it accepts. */
async function startSmtp() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: (password = SMTP_PASSWORD) => `smtp://${SMTP_USER}:${password}@127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Hook = { path: string; body: Record<string, unknown>; contentType: string | undefined };

/** A local receiver standing in for Slack's and Discord's incoming webhooks; `fail` answers 500 that many times first. */
async function startHookReceiver() {
  const hooks: Hook[] = [];
  let fail = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (fail > 0) {
        fail--;
        return res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`internal error at ${req.url}`);
      }
      hooks.push({ path: req.url ?? '', body: JSON.parse(raw) as Record<string, unknown>, contentType: req.headers['content-type'] });
      // Slack answers "ok" as text; Discord 204 No Content.
      if (req.url?.startsWith('/services/')) res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hooks,
    failNext(n: number) {
      fail = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function withApp(
  dialect: TestDialect,
  env: Record<string, string>,
  fn: (t: TestApp, admin: Awaited<ReturnType<typeof signedInAdmin>>, key: string) => Promise<void>,
) {
  const t = await buildTestApp(dialect, env);
  try {
    const { key } = await seedKey(t, { mode: 'test' });
    await fn(t, await signedInAdmin(t), key);
  } finally {
    await t.close();
  }
}

async function completedPayment(t: TestApp, key: string, extra: Record<string, unknown> = {}): Promise<string> {
  const invoice = await createInvoice(t, key, extra);
  const res = await paySandbox(t, invoice);
  assert.ok(res.statusCode < 400, show(res));
  return invoice;
}

/** The Subject header, unfolded and its RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) decoded. */
function subjectOf(raw: string): string {
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  return (
    header
      .replace(/\r?\n[ \t]+/g, ' ')
      // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
      .replace(/\?=\s+=\?/g, '?==?')
      .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : Buffer.from(
              text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
              'latin1',
            ).toString('utf8'),
      )
      .replace(/\?==\?/g, '')
  );
}

/** Quoted-printable soft line breaks and encoded characters undone, so a test can read the text body. */
function plainBody(raw: string): string {
  const body = raw.slice(raw.search(/\r?\n\r?\n/));
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

for (const dialect of dialects) {
  test(`${dialect}: an e-mail channel sends its test alert and a completed payment through SMTP_URL to every address`, async () => {
    const smtp = await startSmtp();
    try {
      await withApp(dialect, { SMTP_URL: smtp.url(), SMTP_FROM: 'Duar <alerts@shop.test>' }, async (t, admin, key) => {
        const created = await admin.inject({
          method: 'POST',
          url: '/admin/api/brands/default/alert-channels',
          payload: { kind: 'email', to: ['owner@shop.test', 'accounts@shop.test'], events: ['payment.completed'], language: 'en' },
        });
        assert.equal(created.statusCode, 201, show(created));
        const channel = created.json().channel as { id: string; target: string };
        assert.equal(channel.target, 'owner@shop.test, accounts@shop.test');

        const tested = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/alert-channels/${channel.id}/test`, payload: {} });
        assert.equal(tested.statusCode, 200, show(tested));
        assert.equal(tested.json().outcome, 'acknowledged', show(tested));
        assert.equal(smtp.mails.length, 1);
        assert.deepEqual(smtp.mails[0]!.to, ['owner@shop.test', 'accounts@shop.test']);
        assert.equal(smtp.mails[0]!.from, 'alerts@shop.test');
        assert.equal(subjectOf(smtp.mails[0]!.raw), 'Test alert from Duar — Default brand');

        const invoice = await completedPayment(t, key, { amount: '2500', full_name: 'Karim' });
        const { worker, clock } = alertWorker(t);
        clock.now += MINUTE + 1;
        assert.equal(await worker.runOnce(), 1);
        assert.equal(smtp.mails.length, 2);
        const mail = smtp.mails[1]!;
        assert.match(subjectOf(mail.raw), /^Payment completed — Default brand$/);
        const body = plainBody(mail.raw);
        assert.ok(body.includes(invoice), body);
        assert.ok(body.includes('from Karim'), body);
        const row = await t.db.selectFrom('alert_deliveries').selectAll().executeTakeFirstOrThrow();
        assert.equal(row.status, 'delivered');
        assert.ok(!t.logs().includes(SMTP_PASSWORD), 'the SMTP password is never logged');
      });
    } finally {
      await smtp.close();
    }
  });

  test(`${dialect}: a mail server that refuses the login is reported with its code, without the password, and the alert is retried`, async () => {
    const smtp = await startSmtp();
    try {
      await withApp(dialect, { SMTP_URL: smtp.url('Wrong-Password-0000') }, async (t, admin, key) => {
        const created = await admin.inject({
          method: 'POST',
          url: '/admin/api/brands/default/alert-channels',
          payload: { kind: 'email', to: ['owner@shop.test'], events: ['payment.completed'], language: 'bn' },
        });
        assert.equal(created.statusCode, 201, show(created));
        const id = created.json().channel.id as string;
        const tested = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/alert-channels/${id}/test`, payload: {} });
        assert.equal(tested.json().outcome, 'http_error', show(tested));
        assert.match(tested.json().error, /The mail server answered 535/);
        assert.ok(!tested.body.includes('Wrong-Password-0000'), tested.body);

        await completedPayment(t, key);
        const { worker, clock } = alertWorker(t);
        clock.now += MINUTE + 1;
        assert.equal(await worker.runOnce(), 1);
        const row = await t.db.selectFrom('alert_deliveries').selectAll().executeTakeFirstOrThrow();
        assert.equal(row.status, 'pending', 'retried later');
        assert.match(row.last_error ?? '', /535/);
        assert.equal(smtp.mails.length, 0);
        assert.ok(!t.logs().includes('Wrong-Password-0000'), 'the SMTP password is never logged');
      });
    } finally {
      await smtp.close();
    }
  });

  test(`${dialect}: without SMTP_URL an e-mail channel is refused with the reason, on the kind field`, () =>
    withApp(dialect, {}, async (_t, admin) => {
      const res = await admin.inject({
        method: 'POST',
        url: '/admin/api/brands/default/alert-channels',
        payload: { kind: 'email', to: ['owner@shop.test'], events: ['payment.completed'], language: 'en' },
      });
      assert.equal(res.statusCode, 400, show(res));
      assert.equal(res.json().code, 'invalid_request', show(res));
      const errors = res.json().errors as { field: string; message: string }[];
      assert.deepEqual(
        errors.map((e) => e.field),
        ['kind'],
      );
      assert.match(errors[0]!.message, /SMTP_URL/);
    }));

  test(`${dialect}: Slack gets {"text"} and Discord {"content"} at their webhook URLs, shown masked, retried after a 500, URL never logged`, async () => {
    const receiver = await startHookReceiver();
    try {
      await withApp(dialect, { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' }, async (t, admin, key) => {
        const slackUrl = `${receiver.base}/services/T000/B000/SlackSecretPart1234`;
        const discordUrl = `${receiver.base}/api/webhooks/1234/DiscordSecretPart5678`;
        const add = async (kind: string, webhook_url: string) => {
          const res = await admin.inject({
            method: 'POST',
            url: '/admin/api/brands/default/alert-channels',
            payload: { kind, webhook_url, events: ['payment.completed'], language: 'en' },
          });
          assert.equal(res.statusCode, 201, show(res));
          return res.json().channel as { id: string; target: string };
        };
        const slack = await add('slack', slackUrl);
        const discord = await add('discord', discordUrl);
        assert.equal(slack.target, `${new URL(receiver.base).host}/…1234`);
        const list = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/alert-channels' });
        assert.ok(!list.body.includes('SlackSecretPart') && !list.body.includes('DiscordSecretPart'), list.body);

        const tested = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/alert-channels/${discord.id}/test`, payload: {} });
        assert.equal(tested.json().outcome, 'acknowledged', show(tested));
        assert.equal(receiver.hooks.length, 1);
        assert.equal(receiver.hooks[0]!.path, new URL(discordUrl).pathname);
        assert.match(String(receiver.hooks[0]!.body.content), /^Test alert from Duar/);

        const invoice = await completedPayment(t, key);
        const { worker, clock } = alertWorker(t);
        clock.now += MINUTE + 1;
        receiver.failNext(2);
        assert.equal(await worker.runOnce(), 2, 'one message per channel');
        const failed = await t.db.selectFrom('alert_deliveries').selectAll().execute();
        assert.deepEqual(
          failed.map((r) => [r.status, r.last_http_status]),
          [
            ['pending', 500],
            ['pending', 500],
          ],
        );
        for (const r of failed) assert.ok(!(r.last_error ?? '').includes('SecretPart'), `the URL is redacted from the stored error: ${r.last_error}`);
        clock.now = Math.max(...failed.map((r) => Number(r.next_attempt_at)));
        assert.equal(await worker.runOnce(), 2);
        const bySlack = receiver.hooks.find((h) => h.path === new URL(slackUrl).pathname);
        const byDiscord = receiver.hooks.filter((h) => h.path === new URL(discordUrl).pathname)[1];
        assert.equal(bySlack?.contentType, 'application/json');
        assert.deepEqual(Object.keys(bySlack!.body), ['text']);
        assert.ok(String(bySlack!.body.text).includes(invoice), JSON.stringify(bySlack));
        assert.deepEqual(Object.keys(byDiscord!.body), ['content']);
        assert.ok(String(byDiscord!.body.content).includes(invoice), JSON.stringify(byDiscord));
        const rows = await t.db.selectFrom('alert_deliveries').select('status').execute();
        assert.deepEqual(
          rows.map((r) => r.status),
          ['delivered', 'delivered'],
        );
        assert.ok(!t.logs().includes('SlackSecretPart') && !t.logs().includes('DiscordSecretPart'), 'webhook URLs are never logged');
      });
    } finally {
      await receiver.close();
    }
  });
}
