import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dialects } from './dialects.js';
import { buildTestApp, seedKey, show, type TestApp } from './harness.js';
import { runCli } from '../src/cli.js';
import { api, checkoutBody } from './payments/helpers.js';
import { AUDIT_ACTIONS } from '../src/modules/audit/actions.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The sources under test, not the build in dist/ (which may be older): bin/duar.js prefers the build.
const CLI_SOURCE = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** Runs `duar …` as another process against the test app's database, as a second terminal would. */
async function duar(t: TestApp, args: string[], env: Record<string, string> = {}) {
  const dbEnv = t.config.database.kind === 'postgres' ? { DATABASE_URL: t.config.database.url } : { DUAR_DATA_DIR: t.config.dataDir };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI_SOURCE, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DUAR_APP_KEY: t.appKey.toString('base64'), ...dbEnv, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs a command in this process with its own output captured: the same code path, without a process start. */
async function duarHere(t: TestApp, args: string[], env: Record<string, string> = {}) {
  const dbEnv = t.config.database.kind === 'postgres' ? { DATABASE_URL: t.config.database.url } : { DUAR_DATA_DIR: t.config.dataDir };
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { DUAR_APP_KEY: t.appKey.toString('base64'), LOG_LEVEL: 'silent', ...dbEnv, ...env },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

for (const dialect of dialects) {
  test(`${dialect}: keys created, edited and deleted by the CLI (another process) change the server's answer on the very next request`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const created = await duar(t, [
        'keys',
        'create',
        '--brand',
        'default',
        '--name',
        'CLI key',
        '--abilities',
        'payment:checkout,payment:verify',
        '--expires',
        '31/12/2099',
        '--json',
      ]);
      assert.equal(created.code, 0, created.stderr);
      const { key, api_key } = JSON.parse(created.stdout);
      assert.match(key, /^duar_/);
      assert.equal(api_key.expires_at, '31/12/2099');
      const me = () => t.app.inject({ method: 'GET', url: '/api/me', headers: { 'rt-uddoktapay-api-key': key } });
      const first = await me();
      assert.equal(first.statusCode, 200, show(first));

      const listed = await duarHere(t, ['keys', 'list', '--brand', 'default']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.ok(listed.stdout.includes(api_key.id) && !listed.stdout.includes(key.slice(22)), listed.stdout);

      assert.equal((await duar(t, ['keys', 'update', api_key.id, '--inactive'])).code, 0);
      assert.equal((await me()).json().code, 'api_key_inactive');

      const edited = await duarHere(t, ['keys', 'update', api_key.id, '--active', '--abilities', 'payment:refund', '--expires', 'never']);
      assert.equal(edited.code, 0, edited.stderr);
      const after = await me();
      assert.deepEqual(after.json().api_key.abilities, ['payment:refund'], show(after));
      assert.equal(after.json().api_key.expires_at, null);

      assert.equal((await duar(t, ['keys', 'delete', api_key.id])).code, 0);
      assert.equal((await me()).json().code, 'invalid_api_key');

      const audit = await t.db
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where(
          'action',
          'in',
          AUDIT_ACTIONS.filter((a) => a.startsWith('api_key.')),
        )
        .orderBy('created_at')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['api_key.created', 'api_key.deactivated', 'api_key.updated', 'api_key.activated', 'api_key.deleted'],
      );
      assert.match(audit[0]!.actor, /^cli \(/);
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: the CLI refuses bad input on stderr with a non-zero exit`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const cases: [string[], RegExp][] = [
        [['keys', 'create', '--brand', 'default', '--name', 'x', '--abilities', 'payment:nope'], /unknown ability "payment:nope".*\(unknown_ability\)/],
        [['keys', 'create', '--brand', 'default', '--name', 'x', '--abilities', 'payment:verify', '--expires', '2026-12-31'], /dd\/mm\/yyyy.*\(invalid_date\)/],
        [['keys', 'create', '--brand', 'default', '--name', 'x', '--abilities', 'payment:verify', '--expires', '01/01/2020'], /in the past.*\(date_in_past\)/],
        [['keys', 'create', '--brand', 'nope', '--name', 'x', '--abilities', 'payment:verify'], /brand_not_found/],
        [['keys', 'create', '--brand', 'default', '--abilities', 'payment:verify'], /required option '--name <name>' not specified/],
        [['keys', 'update', 'key_doesnotexist00000', '--name', 'x'], /api_key_not_found/],
        [['keys', 'delete'], /missing required argument 'id'/],
        [['keys', 'frobnicate'], /unknown command 'frobnicate'/],
        [['keys', 'create', '--brand', 'default', '--name', 'x', '--abilities', 'payment:verify', '--bogus'], /unknown option '--bogus'/],
        [['keys', 'list', '--brand', 'default', 'extra'], /too many arguments/],
        [['keys', 'update', 'key_doesnotexist00000', '--active', '--inactive'], /use either --active or --inactive/],
        [['keys', 'create', '--brand', 'default', '--name', 'x', '--abilities', 'payment:verify', '--mode', 'prod'], /mode.*\(invalid_request\)/],
        [
          ['keys', 'create', '--brand', 'default', '--name', 'x', '--abilities', 'payment:verify', '--allowed-ips', '10.0.0.0/33'],
          /allowed_ips.*\(invalid_ip_address\)/,
        ],
        [
          ['keys', 'create', '--brand', 'default', '--name', 'x', '--abilities', 'payment:verify', '--rate-limit', '0'],
          /rate_limit_per_minute.*\(invalid_request\)/,
        ],
        [['keys', 'create', '--brand', 'default', '--name', 'x', '--abilities', 'payment:verify', '--rate-limit', 'lots'], /rate_limit_per_minute/],
        [['keys', 'create', '--brand', 'default', '--name', 'x', '--abilities', 'payment:verify', '--note', 'n'.repeat(501)], /note.*500/],
        [['keys', 'roll', 'key_doesnotexist00000', '--grace', '1h'], /api_key_not_found/],
        [['admin', 'create', '--email', 'not-an-email'], /email/],
        [['brands', 'create', '--slug', 'Has Spaces', '--name', 'x'], /slug/],
      ];
      for (const [args, pattern] of cases) {
        const res = await duarHere(t, args, { DUAR_ADMIN_PASSWORD: 'long enough password' });
        assert.notEqual(res.code, 0, `${args.join(' ')} should fail`);
        assert.match(res.stderr, pattern, `${args.join(' ')}: ${res.stderr}`);
        assert.equal(res.stdout, '', 'errors go to stderr only');
      }
      assert.equal((await t.db.selectFrom('api_keys').select('id').execute()).length, 0, 'nothing half-written');
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: the CLI creates test keys with settings and rolls a key with a grace period`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const created = await duarHere(t, [
        'keys',
        'create',
        '--brand',
        'default',
        '--name',
        'Woo test',
        '--abilities',
        'payment:verify',
        '--mode',
        'test',
        '--allowed-ips',
        '127.0.0.1,2001:DB8::/32',
        '--rate-limit',
        '60',
        '--note',
        'staging shop',
        '--json',
      ]);
      assert.equal(created.code, 0, created.stderr);
      const { key, api_key } = JSON.parse(created.stdout);
      assert.match(key, /^duar_test_/);
      assert.deepEqual(
        [api_key.mode, api_key.allowed_ips, api_key.rate_limit_per_minute, api_key.note],
        ['test', ['127.0.0.1', '2001:db8::/32'], 60, 'staging shop'],
      );

      const badGrace = await duarHere(t, ['keys', 'roll', api_key.id, '--grace', '2d']);
      assert.notEqual(badGrace.code, 0);
      assert.match(badGrace.stderr, /grace must be one of now, 1h, 24h, 3d, 7d/);
      const rolled = await duar(t, ['keys', 'roll', api_key.id, '--grace', '24h', '--json']);
      assert.equal(rolled.code, 0, rolled.stderr);
      const next = JSON.parse(rolled.stdout);
      assert.match(next.key, /^duar_test_/);
      assert.equal(next.api_key.note, 'staging shop');
      for (const k of [key, next.key]) {
        const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { 'rt-uddoktapay-api-key': k } });
        assert.equal(res.statusCode, 200, show(res));
      }
      const listed = await duarHere(t, ['keys', 'list', '--brand', 'default']);
      assert.match(listed.stdout, new RegExp(`${api_key.id}.*stops working`));
      const again = await duarHere(t, ['keys', 'roll', api_key.id, '--grace', 'now']);
      assert.match(again.stderr, /api_key_already_rolled/);
      const cleared = await duarHere(t, ['keys', 'update', next.api_key.id, '--allowed-ips', 'any', '--rate-limit', 'none', '--json']);
      assert.deepEqual([JSON.parse(cleared.stdout).allowed_ips, JSON.parse(cleared.stdout).rate_limit_per_minute], [[], null]);
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: the CLI creates administrators and brands`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const admin = await duarHere(t, ['admin', 'create', '--email', 'ops@example.com'], { DUAR_ADMIN_PASSWORD: 'long enough password' });
      assert.equal(admin.code, 0, admin.stderr);
      const signIn = await t.app.inject({ method: 'POST', url: '/admin/api/session', payload: { email: 'ops@example.com', password: 'long enough password' } });
      assert.equal(signIn.statusCode, 200, show(signIn));
      const brand = await duarHere(t, ['brands', 'create', '--slug', 'shop', '--name', 'Shop', '--timezone', 'UTC']);
      assert.equal(brand.code, 0, brand.stderr);
      const list = await duarHere(t, ['brands', 'list', '--json']);
      assert.deepEqual(
        JSON.parse(list.stdout)
          .map((b: { slug: string }) => b.slug)
          .sort(),
        ['default', 'shop'],
      );
      // The first administrator owns every brand, the ones created later too; one created after it owns those that exist.
      const second = await duarHere(t, ['admin', 'create', '--email', 'ops2@example.com'], { DUAR_ADMIN_PASSWORD: 'long enough password' });
      assert.equal(second.code, 0, second.stderr);
      for (const email of ['ops@example.com', 'ops2@example.com']) {
        const session = await t.app.inject({ method: 'POST', url: '/admin/api/session', payload: { email, password: 'long enough password' } });
        const brands = await t.app.inject({ method: 'GET', url: '/admin/api/brands', cookies: { duar_session: session.cookies[0]!.value } });
        assert.deepEqual(
          brands.json().brands.map((b: { slug: string; role: string }) => `${b.slug}:${b.role}`),
          ['default:owner', 'shop:owner'],
          show(brands),
        );
        assert.equal(session.json().installation_owner, email === 'ops@example.com', show(session));
      }
      const token = await duarHere(t, ['admin', 'setup-token']);
      assert.match(token.stdout, /setup token: \S{20,}/);
    } finally {
      await t.close();
    }
  });
  test(`${dialect}: the CLI sets, lists and removes a brand's currency rates, and a checkout in that currency follows at once`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const { key } = await seedKey(t);
      const checkoutUsd = () => api(t, key)('/api/checkout-v2', checkoutBody({ amount: '10', currency: 'USD' }));
      assert.equal((await checkoutUsd()).json().code, 'currency_not_supported');

      const set = await duarHere(t, ['currencies', 'set', 'usd', '122.50', '--brand', 'default']);
      assert.equal(set.code, 0, set.stderr);
      assert.match(set.stdout, /1 USD = 122\.5\d* BDT/);
      const created = await checkoutUsd();
      assert.equal(created.statusCode, 200, show(created));
      const list = await duarHere(t, ['currencies', 'list', '--brand', 'default', '--json']);
      assert.deepEqual(
        JSON.parse(list.stdout).map((r: { currency: string; rate: string }) => `${r.currency} ${Number(r.rate)}`),
        ['USD 122.5'],
      );

      const bad = await duarHere(t, ['currencies', 'set', 'XYZ', '0', '--brand', 'default']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /XYZ/);
      assert.match(bad.stderr, /BDT per unit/, 'both bad fields are named at once, by the form labels');

      const removed = await duarHere(t, ['currencies', 'remove', 'USD', '--brand', 'default']);
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal((await checkoutUsd()).json().code, 'currency_not_supported');
      const again = await duarHere(t, ['currencies', 'remove', 'USD', '--brand', 'default']);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /currency_not_found/);
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: the CLI creates, lists, updates and deletes payment links, naming every bad flag by its label`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const created = await duarHere(t, [
        'links',
        'create',
        '--brand',
        'default',
        '--title',
        'Eid saree',
        '--amount',
        '1,250',
        '--quantity',
        '3',
        '--slug',
        'eid-saree',
        '--json',
      ]);
      assert.equal(created.code, 0, created.stderr);
      const link = JSON.parse(created.stdout);
      assert.match(link.url, /\/pay\/default\/eid-saree$/);
      assert.equal(link.amount, '1250.00');
      const page = await t.app.inject({ method: 'GET', url: '/pay/default/eid-saree' });
      assert.equal(page.statusCode, 200, show(page));

      const bad = await duarHere(t, ['links', 'create', '--brand', 'default', '--title', '', '--amount', '-1']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /Title/);
      assert.match(bad.stderr, /Amount/, 'both bad fields are named at once, by the form labels');

      const off = await duarHere(t, ['links', 'update', link.id, '--brand', 'default', '--inactive']);
      assert.equal(off.code, 0, off.stderr);
      assert.match(off.stdout, /inactive/);
      assert.equal((await t.app.inject({ method: 'GET', url: '/pay/default/eid-saree' })).statusCode, 410);
      const list = await duarHere(t, ['links', 'list', '--brand', 'default']);
      assert.match(list.stdout, /Eid saree \(৳1250\.00\) inactive: 0 paid/);

      const deleted = await duarHere(t, ['links', 'delete', link.id, '--brand', 'default']);
      assert.equal(deleted.code, 0, deleted.stderr);
      assert.equal((await t.app.inject({ method: 'GET', url: '/pay/default/eid-saree' })).statusCode, 404);
      const again = await duarHere(t, ['links', 'delete', link.id, '--brand', 'default']);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /payment_link_not_found/);
    } finally {
      await t.close();
    }
  });
}
