import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, show, signedInAdmin, type TestApp } from '../harness.js';
import { plainBody, startSmtp } from '../smtp.js';
import { runCli } from '../../src/cli.js';
import { createBrand } from '../../src/modules/brands/service.js';
import { sha256Hex } from '../../src/lib/crypto.js';

const PASSWORD = 'correct horse battery';
const DAY = 86_400_000;

for (const dialect of dialects) {
  describe(`${dialect}: team, invitations and roles`, () => {
    let t: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let clock = Date.UTC(2026, 11, 7, 12, 0, 0);
    let root: Awaited<ReturnType<typeof signedInAdmin>>;
    const team = '/admin/api/brands/default/team';
    const anon = (url: string, payload: object) => t.app.inject({ method: 'POST', url: `/admin/api${url}`, payload });
    const invite = async (email: string, role: string) => {
      const res = await root.inject({ method: 'POST', url: team, payload: { email, role } });
      assert.equal(res.statusCode, 201, show(res));
      return { ...(res.json() as { invitation: { id: string }; link: string; emailed: boolean }), token: res.json().link.split('#')[1] as string };
    };

    before(async () => {
      smtp = await startSmtp();
      t = await buildTestApp(dialect, { SMTP_URL: smtp.url }, { now: () => clock });
      root = await signedInAdmin(t, 'root@example.com');
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    test('an invitation is emailed once as a one-time link, stored hashed; accepting creates the member, a reused link is refused', async () => {
      const sent = await invite('Mina@Example.com', 'manager');
      assert.match(sent.link, /^http:\/\/duar\.test\/admin\/invitation#[A-Za-z0-9_-]{43}$/);
      assert.equal(sent.emailed, true);
      await smtp.waitFor(1);
      assert.deepEqual(smtp.mails[0]!.to, ['mina@example.com']);
      assert.ok(plainBody(smtp.mails[0]!).includes(sent.link), plainBody(smtp.mails[0]!));
      const rows = await t.db.selectFrom('invitations').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.token_digest, sha256Hex(sent.token));
      assert.ok(!JSON.stringify(rows).includes(sent.token), 'the token itself is not stored');
      assert.ok(!t.logs().includes(sent.token), 'nor logged');

      const listed = await root.inject({ method: 'GET', url: team });
      assert.equal(listed.statusCode, 200, show(listed));
      assert.deepEqual(
        listed.json().invitations.map((i: { email: string; role: string; invited_by: string }) => [i.email, i.role, i.invited_by]),
        [['mina@example.com', 'manager', 'root@example.com']],
      );
      assert.ok(!listed.body.includes(sent.token), 'the list never shows the link again');

      const preview = await anon('/invitations/preview', { token: sent.token });
      assert.equal(preview.statusCode, 200, show(preview));
      assert.deepEqual(
        { ...(preview.json() as object), expires_at: undefined },
        {
          brand: { name: t.brand.name, slug: 'default' },
          email: 'mina@example.com',
          role: 'manager',
          account_exists: false,
          expires_at: undefined,
        },
      );
      const short = await anon('/invitations/accept', { token: sent.token, password: 'short' });
      assert.equal(short.statusCode, 400, show(short));
      const accepted = await anon('/invitations/accept', { token: sent.token, password: PASSWORD });
      assert.equal(accepted.statusCode, 201, show(accepted));
      assert.deepEqual(accepted.json(), { email: 'mina@example.com', brand: { slug: 'default', name: t.brand.name }, role: 'manager' });
      for (const again of [
        await anon('/invitations/accept', { token: sent.token, password: PASSWORD }),
        await anon('/invitations/preview', { token: sent.token }),
      ]) {
        assert.equal(again.statusCode, 404, show(again));
        assert.equal(again.json().code, 'invitation_invalid');
      }

      const signIn = await anon('/session', { email: 'mina@example.com', password: PASSWORD });
      assert.equal(signIn.statusCode, 200, show(signIn));
      const cookies = { duar_session: signIn.cookies[0]!.value };
      const brands = await t.app.inject({ method: 'GET', url: '/admin/api/brands', cookies });
      assert.deepEqual(
        brands.json().brands.map((b: { slug: string; role: string }) => `${b.slug}:${b.role}`),
        ['default:manager'],
      );
      const teamAsManager = await t.app.inject({ method: 'GET', url: team, cookies });
      assert.equal(teamAsManager.statusCode, 403, show(teamAsManager));
      assert.equal(teamAsManager.json().code, 'forbidden');

      const audit = await root.inject({ method: 'GET', url: '/admin/api/brands/default/audit-log?subject=team' });
      const entries = audit.json().entries.map((e: { action: string; actor: string }) => `${e.action} by ${e.actor}`);
      assert.ok(entries.includes('team.invited by root@example.com'), show(audit));
      assert.ok(entries.includes('team.joined by mina@example.com'), show(audit));
    });

    test('an existing account accepts with its own password; a wrong one is refused and the link stays usable', async () => {
      await createBrand(t.db, { slug: 'shop', name: 'Shop', timezone: 'UTC', currency: 'BDT' }, { label: 'test', ip: null });
      const res = await root.inject({ method: 'POST', url: '/admin/api/brands/shop/team', payload: { email: 'mina@example.com', role: 'viewer' } });
      assert.equal(res.statusCode, 201, show(res));
      const token = res.json().link.split('#')[1];
      assert.equal((await anon('/invitations/preview', { token })).json().account_exists, true);
      const wrong = await anon('/invitations/accept', { token, password: 'not her password' });
      assert.equal(wrong.statusCode, 401, show(wrong));
      assert.equal(wrong.json().code, 'invalid_credentials');
      const right = await anon('/invitations/accept', { token, password: PASSWORD });
      assert.equal(right.statusCode, 201, show(right));
      const already = await root.inject({ method: 'POST', url: '/admin/api/brands/shop/team', payload: { email: 'mina@example.com', role: 'admin' } });
      assert.equal(already.statusCode, 409, show(already));
      assert.equal(already.json().code, 'already_member');
    });

    test('an invitation expires after 7 days; a newer one replaces the older link; a withdrawn one stops working', async () => {
      const first = await invite('late@example.com', 'viewer');
      const second = await invite('late@example.com', 'admin');
      assert.equal((await anon('/invitations/preview', { token: first.token })).statusCode, 404, 'the older link no longer works');
      assert.equal((await anon('/invitations/preview', { token: second.token })).json().role, 'admin');
      const saved = clock;
      clock += 7 * DAY + 1;
      try {
        for (const res of [
          await anon('/invitations/preview', { token: second.token }),
          await anon('/invitations/accept', { token: second.token, password: PASSWORD }),
        ]) {
          assert.equal(res.statusCode, 404, show(res));
          assert.equal(res.json().code, 'invitation_invalid');
        }
        assert.equal((await root.inject({ method: 'GET', url: team })).json().invitations.length, 0, 'an expired invitation is not listed');
      } finally {
        clock = saved;
      }
      const withdrawn = await invite('nobody@example.com', 'viewer');
      const del = await root.inject({ method: 'DELETE', url: `${team}/${withdrawn.invitation.id}` });
      assert.equal(del.statusCode, 204, show(del));
      assert.equal((await anon('/invitations/accept', { token: withdrawn.token, password: PASSWORD })).statusCode, 404);
      const again = await root.inject({ method: 'DELETE', url: `${team}/${withdrawn.invitation.id}` });
      assert.equal(again.statusCode, 404, show(again));
    });

    test('owners change roles and remove members, never the last owner nor the installation owner; changes are audited', async () => {
      const members = (await root.inject({ method: 'GET', url: team })).json().members as {
        id: string;
        email: string;
        role: string;
        installation_owner: boolean;
      }[];
      const mina = members.find((m) => m.email === 'mina@example.com')!;
      const self = members.find((m) => m.email === 'root@example.com')!;
      assert.equal(self.installation_owner, true);

      const fixed = await root.inject({ method: 'PATCH', url: `${team}/${self.id}`, payload: { role: 'viewer' } });
      assert.equal(fixed.statusCode, 409, show(fixed));
      assert.equal(fixed.json().code, 'installation_owner_fixed');
      const bad = await root.inject({ method: 'PATCH', url: `${team}/${mina.id}`, payload: { role: 'god' } });
      assert.equal(bad.statusCode, 400, show(bad));
      const unknown = await root.inject({ method: 'PATCH', url: `${team}/adm_nope`, payload: { role: 'viewer' } });
      assert.equal(unknown.statusCode, 404, show(unknown));
      assert.equal(unknown.json().code, 'member_not_found');

      const changed = await root.inject({ method: 'PATCH', url: `${team}/${mina.id}`, payload: { role: 'viewer' } });
      assert.equal(changed.statusCode, 200, show(changed));
      assert.equal(changed.json().members.find((m: { id: string }) => m.id === mina.id).role, 'viewer');
      const audit = await root.inject({ method: 'GET', url: '/admin/api/brands/default/audit-log?subject=team' });
      const entry = audit.json().entries.find((e: { action: string }) => e.action === 'team.role_changed');
      assert.equal(entry?.actor, 'root@example.com', show(audit));
      assert.deepEqual(entry.changes.role, { from: 'manager', to: 'viewer' });

      // A brand whose one owner is not the installation owner (as after an upgrade): that owner stays.
      const lone = await createBrand(t.db, { slug: 'lone', name: 'Lone', timezone: 'UTC', currency: 'BDT' }, { label: 'test', ip: null });
      await t.db.deleteFrom('brand_members').where('brand_id', '=', lone.id).execute();
      const owner = await signedInAdmin(t, 'lone-owner@example.com', { role: 'owner', brand: lone });
      const ownMembers = await owner.inject({ method: 'GET', url: '/admin/api/brands/lone/team' });
      assert.equal(ownMembers.statusCode, 200, show(ownMembers));
      for (const res of [
        await owner.inject({ method: 'PATCH', url: `/admin/api/brands/lone/team/${owner.admin.id}`, payload: { role: 'admin' } }),
        await owner.inject({ method: 'DELETE', url: `/admin/api/brands/lone/team/${owner.admin.id}` }),
      ]) {
        assert.equal(res.statusCode, 409, show(res));
        assert.equal(res.json().code, 'last_owner');
      }
      const second = await signedInAdmin(t, 'second-owner@example.com', { role: 'manager', brand: lone });
      assert.equal(
        (await owner.inject({ method: 'PATCH', url: `/admin/api/brands/lone/team/${second.admin.id}`, payload: { role: 'owner' } })).statusCode,
        200,
      );
      const stepDown = await owner.inject({ method: 'PATCH', url: `/admin/api/brands/lone/team/${owner.admin.id}`, payload: { role: 'admin' } });
      assert.equal(stepDown.statusCode, 200, `with a second owner, the first may step down: ${show(stepDown)}`);

      const removed = await root.inject({ method: 'DELETE', url: `${team}/${mina.id}` });
      assert.equal(removed.statusCode, 204, show(removed));
      const signIn = await anon('/session', { email: 'mina@example.com', password: PASSWORD });
      const gone = await t.app.inject({ method: 'GET', url: '/admin/api/brands/default', cookies: { duar_session: signIn.cookies[0]!.value } });
      assert.equal(gone.statusCode, 404, show(gone));
      const audit2 = await root.inject({ method: 'GET', url: '/admin/api/brands/default/audit-log?subject=team' });
      assert.ok(audit2.json().entries.some((e: { action: string; actor: string }) => e.action === 'team.member_removed' && e.actor === 'root@example.com'));
    });

    test('another brand probing this team gets 404 and no data; other roles get 403; CSRF is refused', async () => {
      const other = await createBrand(t.db, { slug: 'other', name: 'Other', timezone: 'UTC', currency: 'BDT' }, { label: 'test', ip: null });
      const stranger = await signedInAdmin(t, 'stranger@example.com', { role: 'owner', brand: other });
      const member = { id: (await signedInAdmin(t, 'staff@example.com', { role: 'manager' })).admin.id, email: 'staff@example.com' };
      for (const res of [
        await stranger.inject({ method: 'GET', url: team }),
        await stranger.inject({ method: 'POST', url: team, payload: { email: 'x@example.com', role: 'owner' } }),
        await stranger.inject({ method: 'PATCH', url: `${team}/${member.id}`, payload: { role: 'viewer' } }),
        await stranger.inject({ method: 'DELETE', url: `${team}/${member.id}` }),
      ]) {
        assert.equal(res.statusCode, 404, show(res));
        assert.equal(res.json().code, 'brand_not_found');
        assert.ok(!res.body.includes(member.email), 'never data');
      }
      const viaOwnBrand = await stranger.inject({ method: 'PATCH', url: `/admin/api/brands/other/team/${member.id}`, payload: { role: 'viewer' } });
      assert.equal(viaOwnBrand.statusCode, 404, show(viaOwnBrand));
      assert.equal(viaOwnBrand.json().code, 'member_not_found');

      for (const role of ['admin', 'manager', 'viewer'] as const) {
        const someone = await signedInAdmin(t, undefined, { role });
        for (const res of [
          await someone.inject({ method: 'GET', url: team }),
          await someone.inject({ method: 'POST', url: team, payload: { email: 'x@example.com', role: 'owner' } }),
          await someone.inject({ method: 'PATCH', url: `${team}/${member.id}`, payload: { role: 'viewer' } }),
        ]) {
          assert.equal(res.statusCode, 403, `${role}: ${show(res)}`);
          assert.equal(res.json().code, 'forbidden');
        }
      }

      const noToken = await root.inject({ method: 'POST', url: team, payload: { email: 'x@example.com', role: 'viewer' }, headers: { 'x-csrf-token': '' } });
      assert.equal(noToken.statusCode, 403, show(noToken));
      assert.equal(noToken.json().code, 'csrf_failed');
      const foreign = await root.inject({ method: 'DELETE', url: `${team}/${member.id}`, headers: { origin: 'https://evil.example' } });
      assert.equal(foreign.statusCode, 403, show(foreign));
      assert.equal(foreign.json().code, 'csrf_failed');
      const foreignAccept = await t.app.inject({
        method: 'POST',
        url: '/admin/api/invitations/accept',
        payload: { token: 'x', password: PASSWORD },
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(foreignAccept.json().code, 'csrf_failed', show(foreignAccept));
    });

    test('duar team add|list|remove: creates the account if needed, changes a role, never removes the last owner', async () => {
      const dbEnv = t.config.database.kind === 'postgres' ? { DATABASE_URL: t.config.database.url } : { DUAR_DATA_DIR: t.config.dataDir };
      const duar = async (args: string[], env: Record<string, string> = {}) => {
        let stdout = '';
        let stderr = '';
        const code = await runCli(args, {
          env: { DUAR_APP_KEY: t.appKey.toString('base64'), LOG_LEVEL: 'silent', ...dbEnv, ...env },
          stdout: (text) => (stdout += text),
          stderr: (text) => (stderr += text),
        });
        return { code, stdout, stderr };
      };
      const added = await duar(['team', 'add', '--brand', 'default', '--email', 'Clerk@example.com', '--role', 'viewer'], { DUAR_ADMIN_PASSWORD: PASSWORD });
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /Created administrator clerk@example\.com .*Added clerk@example\.com to default as viewer/);
      const signIn = await anon('/session', { email: 'clerk@example.com', password: PASSWORD });
      assert.equal(signIn.statusCode, 200, show(signIn));
      const changed = await duar(['team', 'add', '--brand', 'default', '--email', 'clerk@example.com', '--role', 'manager']);
      assert.equal(changed.code, 0, changed.stderr);
      assert.match(changed.stdout, /clerk@example\.com is now manager of default/);
      const list = await duar(['team', 'list', '--brand', 'default', '--json']);
      assert.equal(JSON.parse(list.stdout).find((m: { email: string }) => m.email === 'clerk@example.com').role, 'manager');
      const badRole = await duar(['team', 'add', '--brand', 'default', '--email', 'clerk@example.com', '--role', 'boss']);
      assert.equal(badRole.code, 1, badRole.stdout);
      assert.match(badRole.stderr, /role must be one of owner, admin, manager, viewer/);
      const removed = await duar(['team', 'remove', '--brand', 'default', '--email', 'clerk@example.com']);
      assert.equal(removed.code, 0, removed.stderr);
      assert.ok(!(await duar(['team', 'list', '--brand', 'default'])).stdout.includes('clerk@example.com'));
      const lastOwner = await duar(['team', 'remove', '--brand', 'lone', '--email', 'second-owner@example.com']);
      assert.equal(lastOwner.code, 1);
      assert.match(lastOwner.stderr, /last_owner/);
      const audit = await root.inject({ method: 'GET', url: '/admin/api/brands/default/audit-log?subject=team' });
      assert.ok(
        audit.json().entries.some((e: { action: string; actor: string }) => e.action === 'team.member_added' && e.actor.startsWith('cli (')),
        show(audit),
      );
    });
  });
}
