import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { loadConfig, type Config } from '../src/config/index.js';
import { buildApp, loggerOptions } from '../src/app.js';
import type { Db } from '../src/db/index.js';
import { openDatabase } from '../src/server.js';
import { getBrand, type Brand } from '../src/modules/brands/service.js';
import { countAdmins, createAdmin, createSession } from '../src/modules/admins/service.js';
import { addMember, ownEveryBrand } from '../src/modules/team/service.js';
import type { Role } from '../src/modules/team/roles.js';
import type { CreateKeyInput } from '../src/modules/api-keys/inputs.js';
import { createApiKey } from '../src/modules/api-keys/service.js';
import type { FailureLimiter } from '../src/http/plugins/failure-limiter.js';
import { SESSION_COOKIE } from '../src/http/plugins/admin-session.js';
import { freshDatabase, type TestDialect } from './dialects.js';

export type TestApp = {
  app: FastifyInstance;
  db: Db;
  config: Config;
  appKey: Buffer;
  dialect: TestDialect;
  /** Everything the app logged, as text (with the access log on, unless `env` says otherwise): tests assert that secrets never appear here. */
  logs: () => string;
  brand: Brand;
  close: () => Promise<void>;
};

/** Builds the real app on a fresh database of `dialect`; requests go through `app.inject()`. */
export async function buildTestApp(
  dialect: TestDialect,
  env: Record<string, string> = {},
  opts: { limiter?: FailureLimiter; now?: () => number } = {},
): Promise<TestApp> {
  const fresh = await freshDatabase(dialect);
  const config: Config = {
    ...loadConfig({ PUBLIC_URL: 'http://duar.test', DUAR_DATA_DIR: fresh.dataDir, LOG_LEVEL: 'info', ACCESS_LOG: 'true', ...env }),
    database: fresh.database,
  };
  const db = await openDatabase(config);
  const appKey = randomBytes(32);
  let logText = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logText += chunk.toString();
      cb();
    },
  });
  const app = await buildApp({ config, db, appKey, logger: { ...loggerOptions('trace'), stream }, limiter: opts.limiter, now: opts.now });
  await app.ready();
  const brand = await getBrand(db, 'default');
  return {
    app,
    db,
    config,
    appKey,
    dialect,
    logs: () => logText,
    brand,
    close: async () => {
      await app.close();
      await db.destroy();
      await fresh.drop();
    },
  };
}

const DEFAULT_KEY: CreateKeyInput = { name: 'Test key', abilities: ['payment:checkout', 'payment:verify', 'payment:refund'], is_active: true };

/** Creates a key straight through the service (at `now`, by default the wall clock) and returns its one-time value. */
export async function seedKey(t: TestApp, input: Partial<CreateKeyInput> = {}, brand: Brand = t.brand, now = Date.now()) {
  const { apiKey, key } = await createApiKey(t.db, t.appKey, brand, { ...DEFAULT_KEY, ...input }, { label: 'test', ip: null }, now);
  return { id: apiKey.id, key, view: apiKey };
}

/** A test app with one test-mode key (its payments are paid with Sandbox here), for suites that create and pay payments. */
export async function buildTestAppWithKey(dialect: TestDialect): Promise<{ t: TestApp; key: string }> {
  const t = await buildTestApp(dialect);
  return { t, key: (await seedKey(t, { mode: 'test' })).key };
}

/**
 * A signed-in administrator: `inject` sends the session cookie and CSRF token with every request. By default an owner of
 * every brand that exists now (the first one created is also the installation owner); with `role`, a member of `brand`
 * (default the test app's) with that role and of no other brand.
 */
export async function signedInAdmin(
  t: TestApp,
  email = `admin-${randomBytes(3).toString('hex')}@example.com`,
  membership: { role?: Role; brand?: Brand } = {},
) {
  // The first administrator owns every brand: a member with a role is never the first.
  if (membership.role && (await countAdmins(t.db)) === 0)
    await createAdmin(t.db, { email: 'installation-owner@example.com', password: 'correct horse battery' });
  const admin = await createAdmin(t.db, { email, password: 'correct horse battery' });
  if (membership.role) await addMember(t.db, admin.id, (membership.brand ?? t.brand).id, membership.role);
  else await ownEveryBrand(t.db, admin.id);
  const { token, session } = await createSession(t.db, admin, null);
  return {
    admin,
    inject: (options: InjectOptions) =>
      t.app.inject({
        ...options,
        cookies: { [SESSION_COOKIE]: token, ...(options.cookies ?? {}) },
        headers: { 'x-csrf-token': session.csrfToken, ...(options.headers ?? {}) },
      }),
  };
}

export type Route = { method: string; url: string };

/** Every route of the app, from Fastify's own printout (the dashboard's static files excepted; HEAD follows GET). */
export function liveRoutes(app: FastifyInstance): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (.*) \(([^)]*)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const full = (depth === 0 ? '' : stack[depth - 1]!) + m[2]!;
    stack[depth] = full;
    stack.length = depth + 1;
    if (full.startsWith('/admin/assets') || full.startsWith('/admin/index') || full.endsWith('*')) continue;
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') routes.push({ method, url: full });
  }
  return routes;
}

/** Assertion messages carry the response, so a failure says what the server answered. */
export function show(res: { statusCode: number; body: string }): string {
  return `HTTP ${res.statusCode}: ${res.body}`;
}
