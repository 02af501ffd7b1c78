import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, show, type TestApp } from '../harness.js';
import { plainBody, startSmtp } from '../smtp.js';
import { createAdmin } from '../../src/modules/admins/service.js';

const PASSWORD = 'correct horse battery';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const PHONE = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36';

for (const dialect of dialects) {
  describe(`${dialect}: sessions, passwords and password reset`, () => {
    let t: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let clock = Date.UTC(2026, 11, 7, 12, 0, 0);
    let password = PASSWORD;
    const EMAIL = 'me@example.com';

    /** Signs in over the API from a browser; `as` sends that session's cookie and CSRF token. */
    async function signIn(userAgent: string, remoteAddress = '127.0.0.1') {
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/api/session',
        payload: { email: EMAIL, password },
        headers: { 'user-agent': userAgent },
        remoteAddress,
      });
      assert.equal(res.statusCode, 200, show(res));
      const cookie = res.cookies[0]!.value;
      const csrf = res.json().csrf_token as string;
      return {
        as: (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
          t.app.inject({
            method,
            url: `/admin/api${url}`,
            payload,
            cookies: { duar_session: cookie },
            headers: { 'x-csrf-token': csrf, 'user-agent': userAgent },
          }),
      };
    }

    before(async () => {
      smtp = await startSmtp();
      t = await buildTestApp(dialect, { SMTP_URL: smtp.url }, { now: () => clock });
      await createAdmin(t.db, { email: EMAIL, password: PASSWORD });
      await createAdmin(t.db, { email: 'other@example.com', password: PASSWORD });
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    test('lists my sessions with browser, address and last activity; revokes one; never another person’s', async () => {
      const laptop = await signIn(FIREFOX, '10.0.0.1');
      const phone = await signIn(PHONE, '10.0.0.2');
      const list = await laptop.as('GET', '/me/sessions');
      assert.equal(list.statusCode, 200, show(list));
      const sessions = list.json().sessions as { id: string; browser: string; ip: string; current: boolean; last_active_at: string }[];
      assert.equal(sessions.length, 2, show(list));
      const mine = sessions.find((s) => s.current)!;
      const theirs = sessions.find((s) => !s.current)!;
      assert.deepEqual([mine.browser, mine.ip], ['Firefox on Linux', '10.0.0.1']);
      assert.deepEqual([theirs.browser, theirs.ip], ['Chrome on Android', '10.0.0.2']);
      assert.match(mine.id, /^ses_/);
      assert.ok(!list.body.includes('token_digest') && !list.body.includes('csrf'), 'no secret of a session is listed');

      // Another administrator cannot end my session, and learns nothing about it.
      const stranger = await t.app.inject({ method: 'POST', url: '/admin/api/session', payload: { email: 'other@example.com', password: PASSWORD } });
      const strangerEnds = await t.app.inject({
        method: 'DELETE',
        url: `/admin/api/me/sessions/${theirs.id}`,
        cookies: { duar_session: stranger.cookies[0]!.value },
        headers: { 'x-csrf-token': stranger.json().csrf_token },
      });
      assert.equal(strangerEnds.statusCode, 404, show(strangerEnds));
      assert.equal(strangerEnds.json().code, 'session_not_found');
      assert.equal((await phone.as('GET', '/me')).statusCode, 200, 'the phone is still signed in');

      const noCsrf = await t.app.inject({ method: 'DELETE', url: `/admin/api/me/sessions/${theirs.id}`, cookies: { duar_session: 'x' } });
      assert.notEqual(noCsrf.statusCode, 204, show(noCsrf));

      const ended = await laptop.as('DELETE', `/me/sessions/${theirs.id}`);
      assert.equal(ended.statusCode, 204, show(ended));
      const phoneAfter = await phone.as('GET', '/me');
      assert.equal(phoneAfter.statusCode, 401, show(phoneAfter));
      assert.equal(phoneAfter.json().code, 'not_signed_in');
      const twice = await laptop.as('DELETE', `/me/sessions/${theirs.id}`);
      assert.equal(twice.statusCode, 404, show(twice));
    });

    test('signs out everywhere else: other sessions end, this one stays', async () => {
      const here = await signIn(FIREFOX);
      const there = [await signIn(PHONE), await signIn(PHONE)];
      const res = await here.as('DELETE', '/me/sessions');
      assert.equal(res.statusCode, 200, show(res));
      assert.ok(res.json().ended >= 2, show(res));
      for (const s of there) assert.equal((await s.as('GET', '/me')).statusCode, 401);
      const me = await here.as('GET', '/me');
      assert.equal(me.statusCode, 200, show(me));
      assert.equal(me.json().email, EMAIL);
      assert.equal((await here.as('GET', '/me/sessions')).json().sessions.length, 1);
    });

    test('a password change needs the current password and ends every other session', async () => {
      const here = await signIn(FIREFOX);
      const there = await signIn(PHONE);
      const wrong = await here.as('PUT', '/me/password', { current_password: 'not it at all', new_password: 'a brand new password' });
      assert.equal(wrong.statusCode, 403, show(wrong));
      assert.equal(wrong.json().code, 'wrong_password');
      const weak = await here.as('PUT', '/me/password', { current_password: password, new_password: 'short' });
      assert.equal(weak.statusCode, 400, show(weak));
      const changed = await here.as('PUT', '/me/password', { current_password: password, new_password: 'a brand new password' });
      assert.equal(changed.statusCode, 200, show(changed));
      assert.ok(changed.json().other_sessions_ended >= 1, show(changed));
      password = 'a brand new password';
      assert.equal((await there.as('GET', '/me')).statusCode, 401, 'the other session ended');
      assert.equal((await here.as('GET', '/me')).statusCode, 200, 'this one stays');
      const old = await t.app.inject({ method: 'POST', url: '/admin/api/session', payload: { email: EMAIL, password: PASSWORD } });
      assert.equal(old.statusCode, 401, show(old));
      await signIn(FIREFOX);
    });

    test('password reset: the same answer for known and unknown emails, a one-time link by email, all sessions end', async () => {
      const session = await signIn(FIREFOX);
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/admin/api/password-reset',
        payload: { email: 'nobody@example.com' },
        remoteAddress: '10.1.0.1',
      });
      const known = await t.app.inject({
        method: 'POST',
        url: '/admin/api/password-reset',
        payload: { email: EMAIL.toUpperCase() },
        remoteAddress: '10.1.0.2',
      });
      assert.equal(unknown.statusCode, 202, show(unknown));
      assert.equal(known.statusCode, 202, show(known));
      assert.equal(known.body, unknown.body, 'the answer never says whether the email exists');
      await smtp.waitFor(1);
      assert.equal(smtp.mails.length, 1, 'only the known email gets a link');
      assert.deepEqual(smtp.mails[0]!.to, [EMAIL]);
      const link = /http:\/\/duar\.test\/admin\/reset-password#([A-Za-z0-9_-]{43})/.exec(plainBody(smtp.mails[0]!));
      assert.ok(link, plainBody(smtp.mails[0]!));
      const token = link[1]!;
      assert.ok(!t.logs().includes(token), 'the link is never logged');
      assert.ok(!JSON.stringify(await t.db.selectFrom('password_resets').selectAll().execute()).includes(token), 'stored hashed');

      const weak = await t.app.inject({ method: 'POST', url: '/admin/api/password-reset/confirm', payload: { token, password: 'short' } });
      assert.equal(weak.statusCode, 400, show(weak));
      const reset = await t.app.inject({ method: 'POST', url: '/admin/api/password-reset/confirm', payload: { token, password: 'reset password here' } });
      assert.equal(reset.statusCode, 204, show(reset));
      password = 'reset password here';
      assert.equal((await session.as('GET', '/me')).statusCode, 401, 'every session of the account ended');
      const reused = await t.app.inject({ method: 'POST', url: '/admin/api/password-reset/confirm', payload: { token, password: 'another password here' } });
      assert.equal(reused.statusCode, 404, show(reused));
      assert.equal(reused.json().code, 'reset_link_invalid');
      await signIn(FIREFOX);
    });

    test('password reset: a link older than an hour is refused; requests are limited per address and per email', async () => {
      await t.app.inject({ method: 'POST', url: '/admin/api/password-reset', payload: { email: EMAIL }, remoteAddress: '10.2.0.1' });
      await smtp.waitFor(2);
      const token = /reset-password#([A-Za-z0-9_-]{43})/.exec(plainBody(smtp.mails[1]!))![1]!;
      clock += 60 * 60 * 1000 + 1;
      const late = await t.app.inject({ method: 'POST', url: '/admin/api/password-reset/confirm', payload: { token, password: 'too late password' } });
      assert.equal(late.statusCode, 404, show(late));
      assert.equal(late.json().code, 'reset_link_invalid');

      const answers: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/admin/api/password-reset',
          payload: { email: 'someone@example.com' },
          remoteAddress: '10.3.0.1',
        });
        answers.push(res.statusCode);
      }
      assert.deepEqual(answers, [202, 202, 202, 202, 202, 429]);
      // The same email from another address is limited too.
      const elsewhere = await t.app.inject({
        method: 'POST',
        url: '/admin/api/password-reset',
        payload: { email: 'someone@example.com' },
        remoteAddress: '10.3.0.2',
      });
      assert.equal(elsewhere.statusCode, 429, show(elsewhere));
    });

    test('session revocations and password changes are audited, naming the person', async () => {
      const rows = await t.db
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('action', 'in', ['session.revoked', 'session.others_revoked', 'password.changed', 'password.reset', 'password.reset_requested'])
        .execute();
      const seen = new Set(rows.map((r) => `${r.action} by ${r.actor}`));
      for (const expected of ['session.revoked', 'session.others_revoked', 'password.changed', 'password.reset', 'password.reset_requested']) {
        assert.ok(seen.has(`${expected} by ${EMAIL}`), `${expected}: ${[...seen].join(', ')}`);
      }
    });
  });
}
