import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import { DuarError } from '../../lib/errors.js';
import { findBrandBySlug, type Brand } from '../../modules/brands/service.js';
import { authenticateDeviceKey, authenticateDeviceSignature, deviceKeys, recordDeviceUse, type AuthenticatedDevice } from '../../modules/devices/service.js';
import { ingestSms, type IncomingSms, type IngestResult } from '../../modules/sms/ingest.js';
import { sendError } from '../plugins/errors.js';
import { tooManyFailures } from '../plugins/failure-limiter.js';
import { API_KEY_HEADERS, presentedKeys } from '../plugins/presented-keys.js';

/**
 * `POST /api/device/sms` (and under `/{slug}`): the merchant's phone forwards wallet SMS here. Bodies:
 * - *Incoming SMS to URL Forwarder*: `{"from","text","sentStamp","receivedStamp","sim"}` (stamps numbers or strings);
 * - a batch `{"messages": [that, …]}`;
 * - *SMS Gateway for Android*'s `{"event":"sms:received","payload":{…}}`, authenticated by its `X-Signature`.
 * Request-level failures (no or bad credential, unreadable body) are 4xx; an authenticated, readable request is
 * always 200 with one result per message, so the phone never retries a message forever.
 */
export const DEVICE_SMS_PATH = '/api/device/sms';
export const DEVICE_BODY_LIMIT = 64 * 1024;
const MAX_BATCH = 100;

const KEY_HEADERS = ['x-device-key', ...API_KEY_HEADERS] as const;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

type Query = { device?: string };

async function addressedBrand(deps: AppDeps, request: FastifyRequest): Promise<Brand | undefined> {
  const slug = (request.params as { brandSlug?: string }).brandSlug;
  if (slug === undefined) return undefined;
  const brand = await findBrandBySlug(deps.db, slug);
  if (!brand) throw new DuarError('brand_not_found', `No brand with slug "${slug}"`);
  return brand;
}

async function authenticate(deps: AppDeps, request: FastifyRequest, rawBody: Buffer): Promise<AuthenticatedDevice> {
  const query = (request.query ?? {}) as Query & Record<string, unknown>;
  if (Object.values(query).some((v) => typeof v === 'string' && v.startsWith(deviceKeys.prefix))) {
    throw new DuarError('api_key_in_query', 'Device keys are never accepted in the URL; send the key in the X-Device-Key header and connect the device again');
  }
  const brand = await addressedBrand(deps, request);
  const keys = presentedKeys(request, KEY_HEADERS);
  if (keys.length > 1) throw new DuarError('conflicting_api_keys', 'The request carries two different keys; send exactly one');
  if (keys.length === 1) return authenticateDeviceKey(deps.db, keys[0]!, brand);
  const signature = header(request, 'x-signature');
  if (signature) {
    return authenticateDeviceSignature(
      deps.db,
      deps.appKey,
      { deviceId: String(query.device ?? ''), rawBody, timestamp: header(request, 'x-timestamp') ?? '', signature },
      brand,
    );
  }
  throw new DuarError('missing_device_key', 'A device key is required: send it in the X-Device-Key header');
}

type Incoming = Omit<IncomingSms, 'deviceId' | 'source'>;

/** Epoch ms from a number or a string of digits (the forwarder's README quotes them, its default does not); else null. */
function stamp(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0) return null;
  return n < 1e11 ? n * 1000 : n; // seconds from some apps, milliseconds from the forwarder
}

function forwarderMessage(item: unknown): Incoming | null {
  if (!item || typeof item !== 'object') return null;
  const m = item as Record<string, unknown>;
  if (typeof m.from !== 'string' || typeof m.text !== 'string') return null;
  return { from: m.from, text: m.text, sentAt: stamp(m.sentStamp), sim: typeof m.sim === 'string' ? m.sim : null };
}

function gatewayMessage(payload: unknown): Incoming | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  if (typeof p.phoneNumber !== 'string' || typeof p.message !== 'string') return null;
  const received = typeof p.receivedAt === 'string' ? Date.parse(p.receivedAt) : NaN;
  return {
    from: p.phoneNumber,
    text: p.message,
    sentAt: Number.isNaN(received) ? null : received,
    sim: typeof p.simNumber === 'number' ? `sim${p.simNumber}` : 'undetected',
  };
}

/** The messages of a body, in order; null entries are unreadable ones (answered `error`). */
function messagesOf(body: unknown): (Incoming | null)[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new DuarError('invalid_request', 'The body must be a JSON object');
  const b = body as Record<string, unknown>;
  if ('messages' in b) {
    if (!Array.isArray(b.messages)) throw new DuarError('invalid_request', 'messages must be a list', { field: 'messages' });
    if (b.messages.length > MAX_BATCH) throw new DuarError('invalid_request', `Send at most ${MAX_BATCH} messages at once`, { field: 'messages' });
    return b.messages.map(forwarderMessage);
  }
  if (typeof b.event === 'string') return b.event === 'sms:received' ? [gatewayMessage(b.payload)] : [];
  return [forwarderMessage(b)];
}

const malformed: IngestResult = { status: 'error', reason: 'malformed', sms_id: null, provider: null, trx_id: null, invoice_id: null };

export async function deviceSmsRoutes(app: FastifyInstance, deps: AppDeps) {
  // The raw bytes are kept: SMS Gateway for Android signs them. Chunked bodies are read like any other.
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer', bodyLimit: DEVICE_BODY_LIMIT }, (_request, body, done) => done(null, body));

  async function handler(request: FastifyRequest, reply: FastifyReply) {
    const retryAfter = deps.limiter.retryAfter(request.ip);
    if (retryAfter > 0) {
      return sendError(request, reply, tooManyFailures(retryAfter));
    }
    if (!Buffer.isBuffer(request.body)) throw new DuarError('unsupported_media_type', 'Send the request body as application/json');
    const rawBody = request.body;
    let auth: AuthenticatedDevice;
    try {
      auth = await authenticate(deps, request, rawBody);
    } catch (err) {
      if (err instanceof DuarError && err.code !== 'brand_not_found') deps.limiter.fail(request.ip);
      throw err;
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new DuarError('invalid_json', 'The request body is not valid JSON');
    }
    const messages = messagesOf(body);
    const results: IngestResult[] = [];
    for (const message of messages) {
      const result = message ? await ingestSms(deps.db, auth.brand, { ...message, deviceId: auth.device.id, source: 'device' }) : malformed;
      deps.metrics.smsIngested('device', result.status);
      results.push(result);
    }
    await recordDeviceUse(deps.db, auth.device.id, request.ip, messages.length);
    return reply.code(200).header('Cache-Control', 'no-store').send({ status: true, results });
  }

  for (const url of [DEVICE_SMS_PATH, `/:brandSlug${DEVICE_SMS_PATH}`]) {
    app.route({ method: 'POST', url, bodyLimit: DEVICE_BODY_LIMIT, handler });
  }
}
