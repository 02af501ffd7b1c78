import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { dialects } from '../dialects.js';
import { buildTestApp, liveRoutes, show, signedInAdmin, type TestApp } from '../harness.js';
import { createSession } from '../../src/modules/admins/service.js';
import { SESSION_COOKIE } from '../../src/http/plugins/admin-session.js';
import { ROUTE_PERMISSIONS, routeKey } from '../../src/http/admin/route-permissions.js';
import { GRANTS, ROLES, allows, type Permission, type Role } from '../../src/modules/team/roles.js';
import { createBrand } from '../../src/modules/brands/service.js';

/**
 * The route × role table (PRODUCT.md §9): every admin route of the live route table is in ROUTE_PERMISSIONS, and each
 * role of the brand, a member of another brand only, and the installation owner get exactly what the table says.
 */
const TABLE_FILE = 'src/http/admin/route-permissions.ts';

const adminRoutes = (t: TestApp) =>
  liveRoutes(t.app)
    .filter((r) => r.url.startsWith('/admin/api/'))
    .map((r) => ({ ...r, key: routeKey(r.method, r.url) }));

type Who = Role | 'outsider' | 'installation_owner';

/** What `who` must get on a route: allowed (anything but a refusal of access), 403 `forbidden`, or 404 `brand_not_found`. */
function expected(access: (typeof ROUTE_PERMISSIONS)[string], who: Who): 'allowed' | 'forbidden' | 'brand_not_found' {
  if (access === 'public' || access === 'signed_in') return 'allowed';
  if (access === 'installation_owner') return who === 'installation_owner' ? 'allowed' : 'forbidden';
  if (who === 'installation_owner') return 'allowed';
  if (who === 'outsider') return 'brand_not_found';
  return allows(who, access) ? 'allowed' : 'forbidden';
}

describe('the permission table matches the contract', () => {
  test('§9: owner everything, admin all but the team, manager no keys/devices/webhooks/settings, viewer reads without secrets', () => {
    const granted = (role: Role) => (Object.keys(GRANTS) as Permission[]).filter((p) => allows(role, p));
    assert.deepEqual(granted('owner'), Object.keys(GRANTS));
    assert.deepEqual(
      granted('admin'),
      granted('owner').filter((p) => p !== 'team.manage' && p !== 'brand.delete'),
    );
    for (const p of ['keys.manage', 'devices.manage', 'webhooks.manage', 'settings.write', 'team.manage'] as const) assert.ok(!allows('manager', p), p);
    for (const p of ['payments.approve', 'payments.refund', 'links.write', 'sms.write'] as const) assert.ok(allows('manager', p), p);
    assert.deepEqual(
      granted('viewer').filter((p) => !p.endsWith('.read')),
      [],
      'a viewer only reads',
    );
    // The routes that answer secrets (one-time key values, the webhook signing secret) need a permission no viewer has.
    for (const key of ['GET /brands/:brand/webhook-secret', 'POST /brands/:brand/api-keys', 'POST /brands/:brand/devices']) {
      const access = ROUTE_PERMISSIONS[key] as Permission;
      assert.ok(!allows('viewer', access) && !allows('manager', access), key);
    }
  });
});

for (const dialect of dialects) {
  describe(`${dialect}: every admin route × every role`, () => {
    let t: TestApp;
    const ids = {} as Record<Who, string>;
    before(async () => {
      t = await buildTestApp(dialect);
      ids.installation_owner = (await signedInAdmin(t, 'first@example.com')).admin.id;
      for (const role of ROLES) ids[role] = (await signedInAdmin(t, `${role}@example.com`, { role })).admin.id;
      const other = await createBrand(t.db, { slug: 'other', name: 'Other', timezone: 'Asia/Dhaka', currency: 'BDT' }, { label: 'test', ip: null });
      ids.outsider = (await signedInAdmin(t, 'outsider@example.com', { role: 'owner', brand: other })).admin.id;
    });
    after(() => t.close());

    test(`every admin route is in ${TABLE_FILE}, and every entry is a live route`, () => {
      const routes = adminRoutes(t);
      assert.ok(routes.length >= 40, JSON.stringify(routes));
      const missing = routes.filter((r) => !(r.key in ROUTE_PERMISSIONS)).map((r) => `  '${r.key}': '<permission>',`);
      assert.deepEqual(
        missing,
        [],
        `Admin routes missing from ROUTE_PERMISSIONS in ${TABLE_FILE}; add these lines, with the permission each needs ` +
          `('public', 'signed_in', 'installation_owner' or one of ${Object.keys(GRANTS).join(', ')} from src/modules/team/roles.ts):\n${missing.join('\n')}`,
      );
      const live = new Set(routes.map((r) => r.key));
      const stale = Object.keys(ROUTE_PERMISSIONS).filter((k) => !live.has(k));
      assert.deepEqual(stale, [], `ROUTE_PERMISSIONS names routes that do not exist any more; remove them from ${TABLE_FILE}`);
      for (const [key, access] of Object.entries(ROUTE_PERMISSIONS)) {
        const brandScoped = !['public', 'signed_in', 'installation_owner'].includes(access);
        assert.equal(brandScoped, key.includes('/:brand'), `${key}: a brand permission needs a :brand route, and a :brand route a brand permission`);
      }
    });

    test('each role gets what the table says: allowed, 403 forbidden, or 404 for a brand it does not belong to; never data on a refusal', async () => {
      const params: Record<string, string> = { brand: 'default', id: 'x', refund_id: 'x', method: 'bkash', currency: 'USD' };
      let checked = 0;
      for (const route of adminRoutes(t)) {
        const access = ROUTE_PERMISSIONS[route.key];
        if (access === undefined || access === 'public') continue;
        const url = route.url.replace(/:([a-z_]+)/g, (_, name: string) => params[name] ?? 'x');
        for (const who of Object.keys(ids) as Who[]) {
          // A fresh session each time: DELETE /session ends the one it is sent with.
          const { token, session } = await createSession(t.db, { id: ids[who], email: `${who}@example.com` }, null);
          const options: InjectOptions = {
            method: route.method as InjectOptions['method'],
            url,
            cookies: { [SESSION_COOKIE]: token },
            headers: { 'x-csrf-token': session.csrfToken },
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
          };
          const res = await t.app.inject(options);
          const want = expected(access, who);
          // Independently of the table: a viewer changes nothing in a brand, and a manager never reaches keys, devices or webhooks.
          if (who === 'viewer' && route.method !== 'GET' && route.key.includes('/:brand')) assert.equal(want, 'forbidden', `a viewer may not ${route.key}`);
          if (who === 'manager' && /\/(api-keys|api-endpoints|devices|webhook)/.test(route.key))
            assert.equal(want, 'forbidden', `a manager may not ${route.key}`);
          const what: string = `${who} ${route.key} (${access}) → ${show(res).slice(0, 300)}`;
          assert.ok(res.statusCode < 500, what);
          const code = res.headers['content-type']?.toString().startsWith('application/json') ? res.json().code : undefined;
          if (want === 'allowed') {
            assert.ok(code !== 'forbidden' && code !== 'brand_not_found', `expected access: ${what}`);
          } else {
            assert.equal(res.statusCode, want === 'forbidden' ? 403 : 404, `expected ${want}: ${what}`);
            assert.equal(code, want, what);
            assert.deepEqual(Object.keys(res.json()).sort(), ['code', 'message', 'status'], `a refusal carries no data: ${what}`);
          }
          checked++;
        }
      }
      assert.ok(checked >= 40 * 6, `only ${checked} requests were checked`);
    });

    test('GET /brands lists only the brands the administrator belongs to, each with the role in it', async () => {
      for (const who of ['viewer', 'outsider', 'installation_owner'] as const) {
        const { token } = await createSession(t.db, { id: ids[who], email: `${who}@example.com` }, null);
        const res = await t.app.inject({ method: 'GET', url: '/admin/api/brands', cookies: { [SESSION_COOKIE]: token } });
        assert.equal(res.statusCode, 200, show(res));
        const listed = res.json().brands.map((b: { slug: string; role: string }) => `${b.slug}:${b.role}`);
        const want = { viewer: ['default:viewer'], outsider: ['other:owner'], installation_owner: ['default:owner', 'other:owner'] }[who];
        assert.deepEqual(listed, want, show(res));
      }
    });
  });
}
