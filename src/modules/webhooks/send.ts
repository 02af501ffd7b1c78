import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { AttemptOutcome } from './states.js';
import { AddressRefusedError, guardedLookup, refusalReason } from './address-guard.js';

export type SendResult = {
  outcome: AttemptOutcome;
  httpStatus: number | null;
  error: string | null;
  responseExcerpt: string | null;
  durationMs: number;
};

export type SendOptions = { timeoutMs: number; allowPrivate: boolean };

const EXCERPT_CHARS = 500;
/** Read a little past the excerpt so a secret straddling its end is still seen whole, and redacted, before cutting. */
const READ_CHARS = EXCERPT_CHARS + 1024;

/** Headers whose values are secrets (the merchant's API key) or prove one (the signature); never stored from an echo. */
const SECRET_HEADERS = new Set(['rt-uddoktapay-api-key', 'webhook-signature']);
/** A Duar API key anywhere (docs/decisions/002-api-key-format.md); also redacts excerpts stored before redaction existed. */
const API_KEY_PATTERN = /duar_[A-Za-z0-9]{16}_[A-Za-z0-9]{38}/g;
export const REDACTED = '[redacted]';

/** The spellings an echoing receiver may print a value in: as sent, URL-encoded, JSON-escaped (also PHP's `\/`). */
function spellings(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  return [...new Set([value, encodeURIComponent(value), json, json.replaceAll('/', '\\/')])];
}

/**
 * Removes from a receiver's answer every secret header value Duar sent it (ADR 021): receivers that echo request
 * headers into an error page would otherwise put the merchant's full API key into the database and the admin API.
 * A signature is redacted whole and per `v1,<base64>` part. `cut` = the excerpt ends where Duar stopped reading, so a
 * trailing prefix (8+ characters) of a secret is redacted too.
 */
export function redactSecrets(text: string, secrets: readonly string[], cut = false): string {
  const values = secrets.flatMap((s) => [s, ...s.split(' ').flatMap((part) => [part, part.replace(/^v\d+,/, '')])]).filter((v) => v.length >= 8);
  const forms = [...new Set(values.flatMap(spellings))].sort((a, b) => b.length - a.length);
  let out = text.replace(API_KEY_PATTERN, REDACTED);
  for (const form of forms) out = out.replaceAll(form, REDACTED);
  if (cut) {
    for (const form of forms) {
      for (let n = Math.min(form.length - 1, out.length); n >= 8; n--) {
        if (out.endsWith(form.slice(0, n))) {
          out = out.slice(0, -n) + REDACTED;
          break;
        }
      }
    }
  }
  return out;
}

/** The excerpt stored for an attempt: secrets redacted first, then cut to EXCERPT_CHARS. */
function storedExcerpt(raw: string, secrets: readonly string[], readToEnd: boolean): string | null {
  if (!raw) return null;
  const redacted = redactSecrets(raw, secrets, !readToEnd);
  return redactSecrets(redacted.slice(0, EXCERPT_CHARS), secrets, true);
}

/**
 * Plain http:// to anything but this machine: the IPN (with the merchant's API key in a header) crosses the network in
 * clear text. The dashboard warns about it; it is not refused, since UddoktaPay accepted such URLs.
 */
export function isInsecureWebhookUrl(raw: string | null): boolean {
  if (!raw) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const loopback =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '::1' ||
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
  return !loopback;
}

/** Parses and checks a webhook URL before any connection: http(s) only, and an IP-literal host is judged right away. */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): { url: URL } | { refused: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refused: 'the webhook URL must be a full address such as https://shop.example.com/duar-ipn' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { refused: `the webhook URL must use http or https, not ${url.protocol.replace(/:$/, '')}` };
  // An IP literal never goes through `lookup`, so it is checked here; host names are checked at connect time.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const reason = refusalReason(host, allowPrivate);
    if (reason) return { refused: `refused: ${reason}` };
  }
  return { url };
}

/**
 * One POST of `body` to `rawUrl` exactly as given (query kept, nothing appended), with a hard overall timeout.
 * Redirects are not followed: a 3xx is an unacknowledged attempt (following one could lead past the address guard).
 * Never throws; every failure becomes a SendResult.
 */
export function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const checked = checkWebhookUrl(rawUrl, options.allowPrivate);
  if ('refused' in checked) {
    return Promise.resolve({ outcome: 'refused', httpStatus: null, error: checked.refused, responseExcerpt: null, durationMs: 0 });
  }
  const payload = Buffer.from(body, 'utf8');
  const secrets = Object.entries(headers)
    .filter(([name]) => SECRET_HEADERS.has(name.toLowerCase()))
    .map(([, value]) => value);
  return new Promise<SendResult>((resolve) => sendOnce(checked.url, headers, payload, { ...options, secrets, started }, resolve));
}

/** What the receiver has answered so far: its status, and the start of its body. */
type Answer = { status: number | null; excerpt: string; readToEnd: boolean };

/**
 * Sends the request and resolves once with what came of it: the receiver's status (with its excerpt), a refused
 * address, a network error, or the timeout, whichever comes first.
 */
function sendOnce(
  url: URL,
  headers: Record<string, string>,
  payload: Buffer,
  options: SendOptions & { secrets: string[]; started: number },
  resolve: (result: SendResult) => void,
): void {
  let settled = false;
  const answer: Answer = { status: null, excerpt: '', readToEnd: false };
  const finish = (result: Omit<SendResult, 'durationMs'>) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    // An answer read to its end leaves the socket to the agent for the next IPN; anything else closes it.
    if (!answer.readToEnd) req.destroy();
    resolve({ ...result, durationMs: Math.round(performance.now() - options.started) });
  };
  const fromStatus = () => finish(statusResult(answer, options.secrets));

  const req = openRequest(url, headers, payload, options.allowPrivate);
  req.on('response', (res) => readAnswer(res, answer, fromStatus));
  req.on('error', (err: NodeJS.ErrnoException) => {
    if (answer.status !== null) return fromStatus();
    if (err instanceof AddressRefusedError) {
      return finish({ outcome: 'refused', httpStatus: null, error: err.message, responseExcerpt: null });
    }
    finish({ outcome: 'network_error', httpStatus: null, error: describeNetworkError(err, url), responseExcerpt: null });
  });
  const timer = setTimeout(() => {
    // A 2xx whose body is still trickling in has been acknowledged; anything else has timed out.
    if (answer.status !== null) return fromStatus();
    finish({ outcome: 'timeout', httpStatus: null, error: `no answer within ${options.timeoutMs} ms`, responseExcerpt: null });
  }, options.timeoutMs);
  req.end(payload);
}

/**
 * Connections are kept alive and reused per origin (host and port), so a merchant's server answering a backlog of IPNs
 * is not handed a new TCP and TLS handshake for each. A pooled socket closes after IDLE_SOCKET_MS unused, below the
 * keep-alive timeouts receivers commonly use (Node's 5 s), so a request rarely meets a socket its server just closed.
 */
const IDLE_SOCKET_MS = 4000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
};

/** The POST, connecting only to addresses the guard allows (at lookup, and again for the peer actually reached). */
function openRequest(url: URL, headers: Record<string, string>, payload: Buffer, allowPrivate: boolean): http.ClientRequest {
  const transport = url.protocol === 'https:' ? https : http;
  const req = transport.request(url, {
    method: 'POST',
    headers: { ...headers, 'Content-Length': String(payload.length) },
    lookup: guardedLookup(allowPrivate) as never,
    agent: agents[url.protocol as keyof typeof agents],
  });
  // Belt and braces: the peer the socket actually reached must pass the same rule, also on a reused socket, which was
  // connected for an earlier request that may have been sent under another setting.
  req.on('socket', (socket) => {
    const check = () => {
      const reason = socket.remoteAddress ? refusalReason(socket.remoteAddress, allowPrivate) : null;
      if (reason) req.destroy(new AddressRefusedError(`refused: ${reason}`));
    };
    if (socket.connecting) socket.once('connect', check);
    else check();
  });
  return req;
}

/** Reads the answer's status at once and its body up to READ_CHARS; `done` once that much is read or the body ends. */
function readAnswer(res: http.IncomingMessage, answer: Answer, done: () => void): void {
  answer.status = res.statusCode ?? 0;
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    answer.excerpt += chunk;
    // The status decides the outcome; the excerpt is only for the admin, so stop reading once it is long enough.
    if (answer.excerpt.length >= READ_CHARS) {
      answer.excerpt = answer.excerpt.slice(0, READ_CHARS);
      done();
    }
  });
  res.on('end', () => {
    answer.readToEnd = true;
    done();
  });
  res.on('error', done);
}

/** A 2xx acknowledges the IPN; any other status is an HTTP error. */
function statusResult(answer: Answer, secrets: readonly string[]): Omit<SendResult, 'durationMs'> {
  const status = answer.status!;
  const ok = status >= 200 && status < 300;
  return {
    outcome: ok ? 'acknowledged' : 'http_error',
    httpStatus: status,
    error: ok ? null : `the receiver answered HTTP ${status}`,
    responseExcerpt: storedExcerpt(answer.excerpt, secrets, answer.readToEnd),
  };
}

function describeNetworkError(err: NodeJS.ErrnoException, url: URL): string {
  switch (err.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host ${url.hostname} could not be resolved`;
    case 'ECONNREFUSED':
      return `the connection to ${url.host} was refused`;
    case 'ECONNRESET':
      return `the connection to ${url.host} was reset`;
    default:
      return `${err.code ? `${err.code}: ` : ''}${err.message}`;
  }
}
