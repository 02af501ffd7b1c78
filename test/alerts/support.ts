import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlertWorker, type AlertWorkerOptions } from '../../src/jobs/alert-worker.js';
import type { TestApp } from '../harness.js';

export const BOT_TOKEN = '7012345678:AAHk3v9Qe_Zx-TestToken0123456789abcdef';
export const CHAT_ID = '-1001234567890';

export type TelegramMessage = { token: string; chat_id: string; text: string; contentType: string | undefined };
type Reply = { status: number; body: unknown };

/**
 * A local stand-in for the Telegram Bot API, as its public documentation describes it ("Making requests", sendMessage):
 * `POST /bot<token>/sendMessage` with a JSON (or form-encoded) body carrying `chat_id` and `text`; the answer is
 * `{"ok": true, "result": Message}`, or `{"ok": false, "error_code", "description"}` with `parameters.retry_after`
 * (seconds) under flood control (HTTP 429). `next` lets a test script the answers (an outage, a 429).
 */
export async function startTelegram(opts: { token?: string; chat?: string } = {}) {
  const token = opts.token ?? BOT_TOKEN;
  const chat = opts.chat ?? CHAT_ID;
  const messages: TelegramMessage[] = [];
  const attempts: TelegramMessage[] = [];
  let scripted: Reply[] = [];
  let messageId = 100;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      const match = /^\/bot([^/]+)\/sendMessage$/i.exec(req.url ?? '');
      if (req.method !== 'POST' && req.method !== 'GET') return answer(405, { ok: false, error_code: 405, description: 'Method Not Allowed' });
      if (!match) return answer(404, { ok: false, error_code: 404, description: 'Not Found' });
      const raw = Buffer.concat(chunks).toString('utf8');
      const type = req.headers['content-type'];
      const params: Record<string, unknown> = type?.startsWith('application/json') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
      const msg: TelegramMessage = { token: match[1]!, chat_id: String(params.chat_id ?? ''), text: String(params.text ?? ''), contentType: type };
      attempts.push(msg);
      const next = scripted.shift();
      if (next) return answer(next.status, next.body);
      if (msg.token !== token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      if (msg.chat_id !== chat) return answer(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
      if (!msg.text) return answer(400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
      if (msg.text.length > 4096) return answer(400, { ok: false, error_code: 400, description: 'Bad Request: message is too long' });
      messages.push(msg);
      answer(200, {
        ok: true,
        result: { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(chat), type: 'supergroup', title: 'Shop' }, text: msg.text },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    messages,
    attempts,
    /** The next answers, in order, whatever the request. */
    script(...replies: Reply[]) {
      scripted = replies;
    },
    floodControl: (seconds: number): Reply => ({
      status: 429,
      body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } },
    }),
    outage: (): Reply => ({ status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An alert worker on a test clock: tests move `clock.now` instead of waiting. */
export function alertWorker(t: TestApp, overrides: Partial<AlertWorkerOptions> = {}) {
  const clock = { now: Date.now() };
  const worker = createAlertWorker({ db: t.db, config: t.config, appKey: t.appKey, log: t.app.log, now: () => clock.now, ...overrides });
  return { worker, clock };
}

export const MINUTE = 60_000;
