import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { Config } from './config/index.js';
import type { Db } from './db/index.js';
import { LastUseRecorder } from './modules/api-keys/authenticate.js';
import { createRateLimiter } from './modules/api-keys/rate-limit.js';
import { UsageCounter } from './modules/api-keys/usage.js';
import { FailureLimiter } from './http/plugins/failure-limiter.js';
import { registerErrorHandling } from './http/plugins/errors.js';
import { registerInputGuard } from './http/plugins/input-guard.js';
import { refuseWhileClosing } from './http/plugins/closing.js';
import { clientErrorHandler, frameworkErrors, refuseOversizedContinue } from './http/plugins/protocol.js';
import { publicApi } from './http/api/index.js';
import { deviceSmsRoutes } from './http/api/device-sms.js';
import { adminApi } from './http/admin/index.js';
import { openApiRoute } from './http/openapi.js';
import { checkoutPages } from './http/checkout/index.js';
import { operationsRoutes } from './http/metrics.js';
import { createMetrics, type Metrics } from './http/plugins/metrics.js';
import './http/types.js';
import type { AppDeps } from './http/deps.js';
import { createMailer } from './modules/mail/mailer.js';
import { loop } from './jobs/loop.js';

export type BuildOptions = {
  config: Config;
  db: Db;
  appKey: Buffer;
  logger?: FastifyServerOptions['logger'];
  limiter?: FailureLimiter;
  now?: () => number;
  /** How often counted usage is written (at least every 10 s). */
  usageFlushMs?: number;
};

const BODY_LIMIT = 256 * 1024;

const DASHBOARD_DIR = fileURLToPath(new URL('../web/dashboard/dist/', import.meta.url));

/** Logs say what was asked, never with what: no query strings (a misplaced key), no headers, no bodies. */
export function loggerOptions(level: string) {
  return {
    level,
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, path: req.url.split('?')[0], ip: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/**
 * Fastify's request lines: at debug only when a request arrives (LOG_LEVEL=debug; a no-op otherwise); when it is answered, one line at info if ACCESS_LOG is on,
 * otherwise only for requests slower than SLOW_REQUEST_MS (warn). Errors are logged whatever this says: Fastify's own
 * error lines are kept, and Duar's error handler logs the unexpected ones (http/plugins/errors.ts).
 * Fastify calls `requestCompleted` for every answered request, also those no route matched, so the request metrics are
 * counted here too: an onResponse hook would add a hook run to every request.
 */
class RequestLog extends Fastify.LogController {
  readonly #accessLog: boolean;
  readonly #slowRequestMs: number;
  readonly #metrics: Metrics;

  constructor(config: Pick<Config, 'accessLog' | 'slowRequestMs'>, metrics: Metrics) {
    super();
    this.#accessLog = config.accessLog;
    this.#slowRequestMs = config.slowRequestMs;
    this.#metrics = metrics;
  }

  override incomingRequest(request: FastifyRequest) {
    request.log.debug({ req: request }, 'request arrived');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const responseTime = reply.elapsedTime;
    this.#metrics.observeRequest(request, reply.statusCode, responseTime / 1000);
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime }, 'request errored');
    else if (this.#accessLog) reply.log.info({ req: request, res: reply, responseTime }, 'request completed');
    else if (responseTime >= this.#slowRequestMs) reply.log.warn({ req: request, res: reply, responseTime }, 'slow request');
  }
}

/**
 * A hop count as a trust function: the socket's peer is hop 0, the rightmost X-Forwarded-For entry hop 1, and the first
 * untrusted hop is the client. Fastify (node_modules/fastify/lib/request.js) ignores a bare number, since a client that
 * reaches the port directly can forge the hops; the setting is documented for a Duar listening only to its proxy.
 */
function proxyTrust(setting: Config['trustProxy']): FastifyServerOptions['trustProxy'] {
  if (typeof setting !== 'number') return setting;
  return (_address: string, hop: number) => hop < setting;
}

/** The composition root: the server and the tests build the same app. */
export async function buildApp(options: BuildOptions) {
  const { config, db, appKey } = options;
  const metrics = createMetrics();
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.logLevel),
    trustProxy: proxyTrust(config.trustProxy),
    routerOptions: { ignoreDuplicateSlashes: true },
    bodyLimit: BODY_LIMIT,
    frameworkErrors,
    clientErrorHandler,
    // Requests arriving while the app closes get Duar's own 503 (http/plugins/closing.ts).
    return503OnClosing: false,
    // Fastify's two lines per request cost 8–15 µs a request: RequestLog writes one, and only when asked (ACCESS_LOG).
    logController: new RequestLog(config, metrics),
  });
  refuseOversizedContinue(app, BODY_LIMIT);
  const deps: AppDeps = {
    config,
    db,
    appKey,
    limiter: options.limiter ?? new FailureLimiter(20, 60_000),
    signInLimiter: new FailureLimiter(5, 15 * 60_000),
    resetLimiter: new FailureLimiter(5, 60 * 60_000),
    mailer: createMailer(config),
    lastUse: new LastUseRecorder(),
    rateLimiter: createRateLimiter(config.redisUrl, app.log.child({ component: 'rate-limit' })),
    usage: new UsageCounter(),
    metrics,
    now: options.now ?? Date.now,
  };
  const usageFlush = loop(() => deps.usage.flush(db), { name: 'API key usage flush', intervalMs: options.usageFlushMs ?? 10_000, log: app.log });
  usageFlush.start();
  // Runs after the requests in flight are answered (Fastify closes the HTTP server before the onClose hooks), so their counts are in.
  app.addHook('onClose', async () => {
    await usageFlush.stop();
    await deps.usage.flush(db).catch((err) => app.log.error({ err }, 'could not write API key usage at shutdown; those counts are lost'));
    await deps.rateLimiter.close();
    deps.mailer?.close();
  });
  refuseWhileClosing(app);

  // The fields the auth hooks set (src/http/types.ts), declared up front so every request object keeps one shape.
  for (const field of ['apiKey', 'brand', 'session'] as const) app.decorateRequest(field, null as never);
  registerErrorHandling(app);
  registerInputGuard(app);
  await app.register(formbody);
  app.get('/health', async () => ({ status: 'ok' }));
  await app.register(operationsRoutes, deps);
  app.get('/', async (_request, reply) => reply.redirect('/admin/'));
  await app.register(openApiRoute, deps);
  // Only the dashboard's API and the checkout pages (the customer's language) read or set cookies: elsewhere (the public API above all) the plugin's two hooks are work for nothing.
  await app.register(
    async (scope) => {
      await scope.register(cookie);
      await adminApi(scope, deps);
    },
    { prefix: '/admin/api' },
  );
  await app.register(publicApi, deps);
  await app.register((scope) => deviceSmsRoutes(scope, deps));
  await app.register(checkoutPages, deps);
  await app.register(dashboard);
  return app;
}

/**
 * What the dashboard may load: its own scripts and styles only. Mantine writes its CSS variables into <style> tags at
 * run time, so styles also allow 'unsafe-inline'; scripts never do. No page may frame it (clickjacking).
 */
const DASHBOARD_HEADERS = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * Files under assets/ carry a content hash in their name, so a browser may keep them for good; index.html names the
 * current ones and is revalidated on every load. The build writes .br/.gz beside each file (web/dashboard/vite.config.ts).
 */
function dashboardCacheHeaders(res: { setHeader(name: string, value: string): unknown }, path: string) {
  res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.setHeader('vary', 'Accept-Encoding');
}

/** The built dashboard (web/dashboard/dist) at /admin, with client-side routes falling back to index.html. */
async function dashboard(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/admin/api/')) reply.headers(DASHBOARD_HEADERS);
  });
  if (!existsSync(DASHBOARD_DIR)) {
    app.get('/admin/*', async (request, reply) =>
      request.url.startsWith('/admin/api/')
        ? reply.callNotFound()
        : reply.code(503).type('text/plain').send('The dashboard is not built yet: run `npm run build:web` (npm install does it for you).'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: DASHBOARD_DIR,
    prefix: '/admin/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: dashboardCacheHeaders,
  });
  app.get('/admin', async (_request, reply) => reply.redirect('/admin/'));
  app.get('/admin/*', async (request, reply) =>
    request.url.startsWith('/admin/api/') ? reply.callNotFound() : reply.type('text/html').sendFile('index.html'),
  );
}
