import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, show } from '../harness.js';
import { issueSetupToken } from '../../src/modules/admins/service.js';

type Cookie = { name: string; value: string; httpOnly?: boolean; sameSite?: string; path?: string };

function cookieOf(res: { cookies: Cookie[] }) {
  return res.cookies.find((c) => c.name === 'duar_session')!;
}

for (const dialect of dialects) {
  test(`${dialect}: the first administrator is created once with the setup token, then signs in and out`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const before = await t.app.inject({ method: 'GET', url: '/admin/api/session' });
      assert.equal(before.statusCode, 401, show(before));
      assert.equal(before.json().setup_required, true);

      const token = await issueSetupToken(t.db);
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/admin/api/setup',
        payload: { token: 'nope', email: 'a@example.com', password: 'long enough pw' },
      });
      assert.equal(wrong.statusCode, 401, show(wrong));
      assert.equal(wrong.json().code, 'setup_token_invalid');

      const weak = await t.app.inject({ method: 'POST', url: '/admin/api/setup', payload: { token, email: 'a@example.com', password: 'short' } });
      assert.equal(weak.statusCode, 400, show(weak));
      assert.equal(weak.json().field, 'password');

      const setup = await t.app.inject({ method: 'POST', url: '/admin/api/setup', payload: { token, email: 'Admin@Example.com', password: 'long enough pw' } });
      assert.equal(setup.statusCode, 201, show(setup));
      assert.equal(setup.json().admin.email, 'admin@example.com');
      const cookie = cookieOf(setup);
      assert.ok(cookie.httpOnly, 'HttpOnly');
      assert.equal(cookie.sameSite, 'Strict');
      assert.equal(cookie.path, '/admin');

      const again = await t.app.inject({ method: 'POST', url: '/admin/api/setup', payload: { token, email: 'b@example.com', password: 'long enough pw' } });
      assert.equal(again.statusCode, 409, show(again));
      assert.equal(again.json().code, 'setup_already_done');

      const badPw = await t.app.inject({ method: 'POST', url: '/admin/api/session', payload: { email: 'admin@example.com', password: 'wrong password' } });
      assert.equal(badPw.statusCode, 401, show(badPw));
      assert.equal(badPw.json().code, 'invalid_credentials');
      const unknown = await t.app.inject({ method: 'POST', url: '/admin/api/session', payload: { email: 'nobody@example.com', password: 'wrong password' } });
      assert.equal(unknown.json().message, badPw.json().message, 'the same message whether or not the email exists');

      const signIn = await t.app.inject({ method: 'POST', url: '/admin/api/session', payload: { email: 'admin@example.com', password: 'long enough pw' } });
      assert.equal(signIn.statusCode, 200, show(signIn));
      const { csrf_token } = signIn.json();
      const session = cookieOf(signIn).value;
      const me = await t.app.inject({ method: 'GET', url: '/admin/api/session', cookies: { duar_session: session } });
      assert.equal(me.statusCode, 200, show(me));
      assert.equal(me.json().admin.email, 'admin@example.com');

      const noCsrf = await t.app.inject({ method: 'DELETE', url: '/admin/api/session', cookies: { duar_session: session } });
      assert.equal(noCsrf.statusCode, 403, show(noCsrf));
      assert.equal(noCsrf.json().code, 'csrf_failed');

      const out = await t.app.inject({
        method: 'DELETE',
        url: '/admin/api/session',
        cookies: { duar_session: session },
        headers: { 'x-csrf-token': csrf_token },
      });
      assert.equal(out.statusCode, 204, show(out));
      const after = await t.app.inject({ method: 'GET', url: '/admin/api/brands', cookies: { duar_session: session } });
      assert.equal(after.statusCode, 401, show(after));
      assert.equal(after.json().code, 'not_signed_in');

      const stored = await t.db.selectFrom('admins').select('password_hash').executeTakeFirstOrThrow();
      assert.match(stored.password_hash, /^\$argon2id\$/);
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: sign-in failures are throttled per address and email`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const attempt = () => t.app.inject({ method: 'POST', url: '/admin/api/session', payload: { email: 'x@example.com', password: 'wrong password' } });
      for (let i = 0; i < 5; i++) assert.equal((await attempt()).statusCode, 401);
      const blocked = await attempt();
      assert.equal(blocked.statusCode, 429, show(blocked));
      assert.equal(blocked.json().code, 'too_many_requests');
      assert.ok(Number(blocked.headers['retry-after']) > 0);
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: a request from another origin is refused even with a valid session`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/api/session',
        headers: { origin: 'https://evil.example' },
        payload: { email: 'a@example.com', password: 'x' },
      });
      assert.equal(res.statusCode, 403, show(res));
      assert.equal(res.json().code, 'csrf_failed');
    } finally {
      await t.close();
    }
  });
}
