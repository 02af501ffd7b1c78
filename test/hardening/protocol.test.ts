import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { buildTestApp, seedKey, type TestApp } from '../harness.js';
import { dialects } from '../dialects.js';

/**
 * Parser- and framework-level refusals over a real socket: inject() skips Node's HTTP parser, the connection
 * handling and `Expect: 100-continue`, which is where these answers used to go wrong.
 */
type RawAnswer = { head: string; status: number; body: string; raw: string };

/** Writes `request` (and then `body` in chunks, unless told to wait for an interim answer) and reads until the server closes or the answer is complete. */
function rawRequest(port: number, request: string, opts: { body?: Buffer; waitForAnswerBeforeBody?: boolean } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let raw = Buffer.alloc(0);
    let settled = false;
    const finish = () => {
      if (settled) return;
      const text = raw.toString('utf8');
      // Skip interim 1xx answers.
      const finalStart = text.search(/HTTP\/1\.1 [2-5]\d\d/);
      const rest = finalStart === -1 ? '' : text.slice(finalStart);
      const split = rest.indexOf('\r\n\r\n');
      if (split === -1) return;
      const head = rest.slice(0, split);
      const length = /content-length:\s*(\d+)/i.exec(head);
      const body = rest.slice(split + 4);
      if (length && Buffer.byteLength(body) < Number(length[1])) return;
      settled = true;
      socket.destroy();
      resolve({ head, status: Number(head.slice(9, 12)), body, raw: text });
    };
    socket.on('data', (chunk) => {
      raw = Buffer.concat([raw, chunk]);
      finish();
    });
    socket.on('error', (err) => {
      if (!settled) {
        settled = true;
        reject(new Error(`socket error before a complete answer (${raw.length} bytes read): ${err.message}`));
      }
    });
    socket.on('close', () => {
      finish();
      if (!settled) {
        settled = true;
        reject(new Error(`connection closed before a complete answer: ${JSON.stringify(raw.toString('utf8').slice(0, 300))}`));
      }
    });
    socket.on('connect', () => {
      socket.write(request);
      if (opts.body && !opts.waitForAnswerBeforeBody) {
        const body = opts.body;
        let offset = 0;
        const writeMore = () => {
          while (offset < body.length && !socket.destroyed) {
            const chunk = body.subarray(offset, offset + 64 * 1024);
            offset += chunk.length;
            if (!socket.write(chunk)) return void socket.once('drain', writeMore);
          }
        };
        writeMore();
      }
    });
  });
}

function assertCompatible(answer: RawAnswer, status: number, code: string) {
  assert.equal(answer.status, status, answer.raw.slice(0, 500));
  assert.match(answer.head, /content-type: application\/json/i, answer.head);
  const body = JSON.parse(answer.body);
  assert.equal(body.status, false, answer.body);
  assert.equal(typeof body.message, 'string', answer.body);
  assert.equal(body.code, code, answer.body);
  return body;
}

for (const dialect of dialects)
  describe(`${dialect}: protocol-level refusals over a real socket`, () => {
    let t: TestApp;
    let port: number;
    let key: string;
    before(async () => {
      t = await buildTestApp(dialect);
      key = (await seedKey(t)).key;
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
    });
    after(() => t.close());

    test('a badly percent-encoded URL answers 400 with the compatible body', async () => {
      const answer = await rawRequest(port, 'GET /payment/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      assertCompatible(answer, 400, 'invalid_request');
    });

    test('a path parameter over the length limit answers 414 uri_too_long without echoing the path', async () => {
      const long = 'Q'.repeat(150);
      const answer = await rawRequest(port, `GET /payment/${long} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assertCompatible(answer, 414, 'uri_too_long');
      assert.ok(!answer.raw.includes(long), answer.body);
    });

    test('headers over the size limit answer 431 headers_too_large with the compatible body', async () => {
      const answer = await rawRequest(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\nConnection: close\r\n\r\n`);
      assertCompatible(answer, 431, 'headers_too_large');
    });

    test('a 5 MB body is answered 413 payload_too_large, and the client reads the answer before the connection closes', async () => {
      const body = Buffer.alloc(5 * 1024 * 1024, 'a');
      const answer = await rawRequest(
        port,
        `POST /api/checkout-v2 HTTP/1.1\r\nHost: x\r\nRT-UDDOKTAPAY-API-KEY: ${key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
        { body },
      );
      assertCompatible(answer, 413, 'payload_too_large');
    });

    test('a 5 MB chunked body is answered 413 payload_too_large, and the client reads the answer', async () => {
      const chunks: Buffer[] = [];
      for (let i = 0; i < 80; i++) chunks.push(Buffer.from(`10000\r\n${'a'.repeat(0x10000)}\r\n`));
      chunks.push(Buffer.from('0\r\n\r\n'));
      const answer = await rawRequest(
        port,
        `POST /api/checkout-v2 HTTP/1.1\r\nHost: x\r\nRT-UDDOKTAPAY-API-KEY: ${key}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
        { body: Buffer.concat(chunks) },
      );
      assertCompatible(answer, 413, 'payload_too_large');
    });

    test('Expect: 100-continue with an oversized Content-Length is refused 413 without a "go ahead"', async () => {
      const answer = await rawRequest(
        port,
        `POST /api/checkout-v2 HTTP/1.1\r\nHost: x\r\nRT-UDDOKTAPAY-API-KEY: ${key}\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\nExpect: 100-continue\r\n\r\n`,
        { body: Buffer.alloc(1), waitForAnswerBeforeBody: true },
      );
      assert.ok(!answer.raw.startsWith('HTTP/1.1 100'), answer.raw.slice(0, 200));
      assertCompatible(answer, 413, 'payload_too_large');
    });

    test('Expect: 100-continue with an acceptable body still gets its "go ahead" and is served', async () => {
      const payload = JSON.stringify({ invoice_id: 'nope' });
      const socketAnswer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let raw = '';
        socket.on('data', (chunk) => {
          raw += chunk.toString();
          if (raw.startsWith('HTTP/1.1 100') && !raw.includes('sent')) {
            raw += 'sent';
            socket.write(payload);
          }
          if (/\r\n\r\n\{.*\}$/s.test(raw)) {
            socket.destroy();
            resolve(raw);
          }
        });
        socket.on('error', reject);
        socket.write(
          `POST /api/verify-payment HTTP/1.1\r\nHost: x\r\nRT-UDDOKTAPAY-API-KEY: ${key}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\nExpect: 100-continue\r\n\r\n`,
        );
      });
      assert.match(socketAnswer, /^HTTP\/1\.1 100 Continue/);
      assert.match(socketAnswer, /HTTP\/1\.1 404/);
      assert.match(socketAnswer, /"code":"payment_not_found"/);
    });

    test('a NUL byte in a path segment answers 400 control_characters (GET /api/verify-payment/%00), and a page on a customer URL', async () => {
      const answer = await rawRequest(port, `GET /api/verify-payment/%00 HTTP/1.1\r\nHost: x\r\nRT-UDDOKTAPAY-API-KEY: ${key}\r\nConnection: close\r\n\r\n`);
      assertCompatible(answer, 400, 'control_characters');
      const page = await rawRequest(port, 'GET /payment/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      assert.equal(page.status, 400, page.raw.slice(0, 500));
      assert.match(page.head, /content-type: text\/html/i, page.head);
    });
  });
