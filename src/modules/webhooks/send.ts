import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { AttemptOutcome } from '../../db/tables/webhooks.js';
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

/** Parses and checks a webhook URL before any connection: http(s) only, and an IP-literal host is judged right away. */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): { url: URL } | { refused: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refused: 'the webhook URL is not a valid absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { refused: `the webhook URL must use http or https, not ${url.protocol.replace(/:$/, '')}` };
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
  const duration = () => Math.round(performance.now() - started);
  const checked = checkWebhookUrl(rawUrl, options.allowPrivate);
  if ('refused' in checked) {
    return Promise.resolve({ outcome: 'refused', httpStatus: null, error: checked.refused, responseExcerpt: null, durationMs: 0 });
  }
  const { url } = checked;
  const payload = Buffer.from(body, 'utf8');

  return new Promise<SendResult>((resolve) => {
    let settled = false;
    let status: number | null = null;
    let excerpt = '';
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...result, durationMs: duration() });
    };
    const fromStatus = () =>
      finish({
        outcome: status! >= 200 && status! < 300 ? 'acknowledged' : 'http_error',
        httpStatus: status,
        error: status! >= 200 && status! < 300 ? null : `the receiver answered HTTP ${status}`,
        responseExcerpt: excerpt || null,
      });

    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(payload.length) },
      lookup: guardedLookup(options.allowPrivate) as never,
      agent: false,
    });
    // Belt and braces: the peer the socket actually reached must pass the same rule.
    req.on('socket', (socket) => {
      socket.once('connect', () => {
        const reason = socket.remoteAddress ? refusalReason(socket.remoteAddress, options.allowPrivate) : null;
        if (reason) req.destroy(new AddressRefusedError(`refused: ${reason}`));
      });
    });
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        excerpt += chunk;
        // The status decides the outcome; the excerpt is only for the admin, so stop reading once it is long enough.
        if (excerpt.length >= EXCERPT_CHARS) {
          excerpt = excerpt.slice(0, EXCERPT_CHARS);
          fromStatus();
        }
      });
      res.on('end', fromStatus);
      res.on('error', fromStatus);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (status !== null) return fromStatus();
      if (err instanceof AddressRefusedError) {
        return finish({ outcome: 'refused', httpStatus: null, error: err.message, responseExcerpt: null });
      }
      finish({ outcome: 'network_error', httpStatus: null, error: describeNetworkError(err, url), responseExcerpt: null });
    });
    const timer = setTimeout(() => {
      // A 2xx whose body is still trickling in has been acknowledged; anything else has timed out.
      if (status !== null) return fromStatus();
      finish({ outcome: 'timeout', httpStatus: null, error: `no answer within ${options.timeoutMs} ms`, responseExcerpt: null });
    }, options.timeoutMs);
    req.end(payload);
  });
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
