import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { Config } from './config/index.js';
import type { Db } from './db/index.js';
import { LastUseRecorder } from './modules/api-keys/authenticate.js';
import { createRateLimiter, type KeyRateLimiter } from './modules/api-keys/rate-limit.js';
import { UsageCounter } from './modules/api-keys/usage.js';
import { FailureLimiter } from './http/plugins/failure-limiter.js';
import { registerErrorHandling } from './http/plugins/errors.js';
import { publicApi } from './http/api/index.js';
import { adminApi } from './http/admin/index.js';
import { openApiRoute } from './http/openapi.js';
import { checkoutPages } from './http/checkout/index.js';
import './http/types.js';

export type AppDeps = {
  config: Config;
  db: Db;
  appKey: Buffer;
  /** Failed public-API authentications per client address. */
  limiter: FailureLimiter;
  /** Failed sign-ins and setup attempts per address (and email). */
  signInLimiter: FailureLimiter;
  lastUse: LastUseRecorder;
  /** Per-key requests per minute: Redis with REDIS_URL, else in process. */
  rateLimiter: KeyRateLimiter;
  /** Per-key daily request counts, flushed in batches. */
  usage: UsageCounter;
  /** The clock key checks run on (grace periods, expiry, rate windows); tests move it. */
  now: () => number;
};

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

/** The composition root: the server and the tests build the same app. */
export async function buildApp(options: BuildOptions) {
  const { config, db, appKey } = options;
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    routerOptions: { ignoreDuplicateSlashes: true },
    bodyLimit: 256 * 1024,
  });
  const deps: AppDeps = {
    config,
    db,
    appKey,
    limiter: options.limiter ?? new FailureLimiter(20, 60_000),
    signInLimiter: new FailureLimiter(5, 15 * 60_000),
    lastUse: new LastUseRecorder(),
    rateLimiter: createRateLimiter(config.redisUrl, app.log.child({ component: 'rate-limit' })),
    usage: new UsageCounter(),
    now: options.now ?? Date.now,
  };
  const flushUsage = () => deps.usage.flush(db).catch((err) => app.log.warn({ err }, 'could not write API key usage; will retry'));
  const usageTimer = setInterval(flushUsage, options.usageFlushMs ?? 10_000);
  usageTimer.unref();
  app.addHook('onClose', async () => {
    clearInterval(usageTimer);
    await flushUsage();
    await deps.rateLimiter.close();
  });

  registerErrorHandling(app);
  await app.register(cookie);
  await app.register(formbody);
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/', async (_request, reply) => reply.redirect('/admin/'));
  await app.register(openApiRoute, deps);
  await app.register((scope) => adminApi(scope, deps), { prefix: '/admin/api' });
  await app.register(publicApi, deps);
  await app.register(checkoutPages, deps);
  await app.register(dashboard);
  return app;
}

/** The built dashboard (web/dashboard/dist) at /admin, with client-side routes falling back to index.html. */
async function dashboard(app: FastifyInstance) {
  if (!existsSync(DASHBOARD_DIR)) {
    app.get('/admin/*', async (_request, reply) =>
      reply.code(503).type('text/plain').send('The dashboard is not built yet: run `npm run build:web` (npm start does it for you).'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: DASHBOARD_DIR, prefix: '/admin/', wildcard: false, index: ['index.html'] });
  app.get('/admin', async (_request, reply) => reply.redirect('/admin/'));
  app.get('/admin/*', async (request, reply) =>
    request.url.startsWith('/admin/api/')
      ? reply.callNotFound()
      : reply.type('text/html').header('Cache-Control', 'no-cache').sendFile('index.html'),
  );
}
