import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import { dialects } from '../dialects.js';
import { buildTestApp, show, signedInAdmin, type TestApp } from '../harness.js';
import { matchingStep, TOTP_PARAMETERS } from '../../src/modules/two-factor/service.js';

/** RFC 6238 Appendix B, SHA-1: the seed "12345678901234567890", time in seconds, the published 8-digit codes. */
const RFC_SECRET = OTPAuth.Secret.fromUTF8('12345678901234567890');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

test('TOTP: RFC 6238 test vectors (SHA-1), at 8 digits as published and at the 6 digits Duar asks for', () => {
  const eight = new OTPAuth.TOTP({ secret: RFC_SECRET, ...TOTP_PARAMETERS, digits: 8 });
  for (const [seconds, code] of RFC_VECTORS) {
    assert.equal(eight.generate({ timestamp: seconds * 1000 }), code, `T=${seconds}`);
    // 6 digits are the published value mod 10^6; accepted at that time, for that step, and not 3 steps later.
    const step = Math.floor(seconds / 30);
    assert.equal(matchingStep(RFC_SECRET.base32, code.slice(2), seconds * 1000), step, `T=${seconds}`);
    assert.equal(matchingStep(RFC_SECRET.base32, code.slice(2), (seconds + 90) * 1000), null, `T=${seconds}+90s`);
  }
});

for (const dialect of dialects) {
  describe(`${dialect}: two-factor sign-in`, () => {
    let t: TestApp;
    let clock = Date.UTC(2026, 11, 7, 12, 0, 0);
    const EMAIL = 'two@example.com';
    const PASSWORD = 'correct horse battery';
    let secret: OTPAuth.Secret;
    let recovery: string[];
    const codeAt = (ms: number) => new OTPAuth.TOTP({ secret, ...TOTP_PARAMETERS }).generate({ timestamp: ms });
    const signIn = (code?: string) =>
      t.app.inject({ method: 'POST', url: '/admin/api/session', payload: { email: EMAIL, password: PASSWORD, ...(code === undefined ? {} : { code }) } });

    before(async () => {
      t = await buildTestApp(dialect, {}, { now: () => clock });
    });
    after(() => t.close());

    test('enrolment: a QR code and otpauth URL, a wrong code refused, a right one turns it on and returns 10 recovery codes once, stored hashed', async () => {
      const admin = await signedInAdmin(t, EMAIL);
      const started = await admin.inject({ method: 'POST', url: '/admin/api/me/two-factor' });
      assert.equal(started.statusCode, 200, show(started));
      const body = started.json();
      assert.match(body.otpauth_url, /^otpauth:\/\/totp\/Duar:two%40example\.com\?.*algorithm=SHA1.*digits=6.*period=30/);
      assert.match(body.qr_code, /^data:image\/png;base64,/);
      secret = OTPAuth.Secret.fromBase32(body.secret);
      assert.equal(new URL(body.otpauth_url).searchParams.get('secret'), body.secret);

      const wrong = await admin.inject({ method: 'POST', url: '/admin/api/me/two-factor/confirm', payload: { code: codeAt(clock - 120_000) } });
      assert.equal(wrong.statusCode, 401, show(wrong));
      assert.equal(wrong.json().code, 'invalid_two_factor_code');
      const empty = await admin.inject({ method: 'POST', url: '/admin/api/me/two-factor/confirm', payload: {} });
      assert.equal(empty.statusCode, 400, show(empty));
      assert.deepEqual(
        empty.json().errors.map((e: { field: string }) => e.field),
        ['code'],
      );

      const confirmed = await admin.inject({ method: 'POST', url: '/admin/api/me/two-factor/confirm', payload: { code: codeAt(clock) } });
      assert.equal(confirmed.statusCode, 200, show(confirmed));
      recovery = confirmed.json().recovery_codes;
      assert.equal(recovery.length, 10);
      assert.equal(new Set(recovery).size, 10);
      const again = await admin.inject({ method: 'POST', url: '/admin/api/me/two-factor/confirm', payload: { code: codeAt(clock) } });
      assert.equal(again.json().code, 'two_factor_already_on', show(again));

      const stored =
        JSON.stringify(await t.db.selectFrom('recovery_codes').selectAll().execute()) + JSON.stringify(await t.db.selectFrom('admins').selectAll().execute());
      for (const c of recovery) assert.ok(!stored.includes(c), 'recovery codes are stored hashed');
      assert.ok(!stored.includes(secret.base32), 'the TOTP secret is stored encrypted');
      assert.ok(!t.logs().includes(secret.base32) && !t.logs().includes(recovery[0]!), 'neither reaches the log');
      const state = await admin.inject({ method: 'GET', url: '/admin/api/me/two-factor' });
      assert.deepEqual(state.json(), { enabled: true, recovery_codes_left: 10 });
    });

    test('sign-in: 401 two_factor_required without a code; wrong, replayed and expired codes refused; a current one signs in', async () => {
      const bare = await signIn();
      assert.equal(bare.statusCode, 401, show(bare));
      assert.equal(bare.json().code, 'two_factor_required');
      assert.equal(bare.cookies.length, 0, 'no session without the code');

      // The confirming code's step was used: the same code is refused for the rest of its window.
      const replay = await signIn(codeAt(clock));
      assert.equal(replay.json().code, 'invalid_two_factor_code', show(replay));
      const wrongPassword = await t.app.inject({
        method: 'POST',
        url: '/admin/api/session',
        payload: { email: EMAIL, password: 'nope nope nope', code: codeAt(clock) },
      });
      assert.equal(wrongPassword.json().code, 'invalid_credentials', show(wrongPassword));

      clock += 30_000;
      const expired = await signIn(codeAt(clock - 90_000));
      assert.equal(expired.json().code, 'invalid_two_factor_code', show(expired));
      const ok = await signIn(codeAt(clock));
      assert.equal(ok.statusCode, 200, show(ok));
      assert.equal(ok.json().two_factor, true);
      const replayed = await signIn(codeAt(clock));
      assert.equal(replayed.statusCode, 401, show(replayed));
      assert.equal(replayed.json().code, 'invalid_two_factor_code');
    });

    test('a recovery code signs in once; used again it is refused', async () => {
      const first = await signIn(recovery[0]!.toUpperCase());
      assert.equal(first.statusCode, 200, show(first));
      const reused = await signIn(recovery[0]!);
      assert.equal(reused.json().code, 'invalid_two_factor_code', show(reused));
      const audit = await t.db
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('action', 'in', ['two_factor.enabled', 'two_factor.disabled', 'two_factor.recovery_code_used'])
        .orderBy('created_at')
        .execute();
      assert.deepEqual(
        audit.map((a) => `${a.action} ${a.actor}`),
        [`two_factor.enabled ${EMAIL}`, `two_factor.recovery_code_used ${EMAIL}`],
      );
    });

    test('codes are rate-limited like passwords: after 5 failures even a right code answers 429', async () => {
      // The last success reset the count; the reused recovery code was one failure since.
      for (let i = 0; i < 4; i++) assert.equal((await signIn('000000')).json().code, 'invalid_two_factor_code');
      clock += 30_000;
      const limited = await signIn(codeAt(clock));
      assert.equal(limited.statusCode, 429, show(limited));
      assert.equal(limited.json().code, 'too_many_requests');
    });
  });

  describe(`${dialect}: a brand that requires two-factor`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(dialect);
    });
    after(() => t.close());

    test('only an owner with two-factor turns it on; then a member without it gets 403 two_factor_setup_required', async () => {
      const owner = await signedInAdmin(t, 'owner@example.com');
      const early = await owner.inject({ method: 'PUT', url: '/admin/api/brands/default/two-factor', payload: { required: true } });
      assert.equal(early.statusCode, 403, show(early));
      assert.equal(early.json().code, 'two_factor_setup_required');
      await t.db.updateTable('admins').set({ totp_enabled_at: 1, totp_secret: 'x' }).where('email', '=', 'owner@example.com').execute();
      const manager = await signedInAdmin(t, 'manager@example.com', { role: 'manager' });
      const denied = await manager.inject({ method: 'PUT', url: '/admin/api/brands/default/two-factor', payload: { required: true } });
      assert.equal(denied.json().code, 'forbidden', show(denied));

      const on = await owner.inject({ method: 'PUT', url: '/admin/api/brands/default/two-factor', payload: { required: true } });
      assert.equal(on.statusCode, 200, show(on));
      const payments = await manager.inject({ method: 'GET', url: '/admin/api/brands/default/payments' });
      assert.equal(payments.statusCode, 403, show(payments));
      assert.equal(payments.json().code, 'two_factor_setup_required');
      const why = await manager.inject({ method: 'GET', url: '/admin/api/brands/default/two-factor' });
      assert.deepEqual(why.json(), { required: true }, show(why));
      const ownerPayments = await owner.inject({ method: 'GET', url: '/admin/api/brands/default/payments' });
      assert.equal(ownerPayments.statusCode, 200, show(ownerPayments));
    });
  });
}
