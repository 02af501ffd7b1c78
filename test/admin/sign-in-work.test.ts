import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import argon2 from 'argon2';
import * as OTPAuth from 'otpauth';
import { dialects } from '../dialects.js';
import { buildTestApp, show, signedInAdmin, type TestApp } from '../harness.js';
import { FailureLimiter } from '../../src/http/plugins/failure-limiter.js';
import { TOTP_PARAMETERS } from '../../src/modules/two-factor/service.js';

const PASSWORD = 'correct horse battery';
const PLAIN = 'plain@example.com';
const GUARDED = 'guarded@example.com';

/**
 * Sign-in timing, proved by structure rather than by a stopwatch (a timing threshold in a test is flaky and proves
 * little): a wrong password costs the same work whether the email exists, and whether its account has two-factor.
 * - argon2 verify runs exactly once on every path, against a hash of the same cost (the decoy for an unknown email);
 * - every wrong password answers the same 401 body and writes the same audit entry;
 * - the code step is reached only after a correct password: a wrong password with a valid code is a wrong password,
 *   and that code is not used up.
 */
for (const dialect of dialects) {
  describe(`${dialect}: a wrong password costs the same work with and without two-factor, for an unknown email too`, () => {
    let t: TestApp;
    let secret: OTPAuth.Secret;
    const realVerify = argon2.verify;
    /** The hashes argon2.verify was called with, since the last reset. */
    let verified: string[] = [];
    let ip = 0;
    // A new client address per attempt, so the failure limit never answers instead of the code under test.
    const signIn = (payload: object) => t.app.inject({ method: 'POST', url: '/admin/api/session', payload, remoteAddress: `192.0.2.${++ip}` });
    const attempt = async (payload: object) => {
      verified = [];
      const res = await signIn(payload);
      return { res, verified: [...verified] };
    };
    const code = (offsetSteps = 0) => new OTPAuth.TOTP({ secret, ...TOTP_PARAMETERS }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
    /** `$argon2id$v=19$m=…,t=…,p=…`: the parameters that set a verification's cost. */
    const cost = (hash: string) => hash.split('$').slice(1, 4).join('$');

    before(async () => {
      t = await buildTestApp(dialect, {}, { limiter: new FailureLimiter(1000, 60_000) });
      await signedInAdmin(t, PLAIN);
      const guarded = await signedInAdmin(t, GUARDED);
      const started = await guarded.inject({ method: 'POST', url: '/admin/api/me/two-factor' });
      secret = OTPAuth.Secret.fromBase32(started.json().secret);
      const confirmed = await guarded.inject({ method: 'POST', url: '/admin/api/me/two-factor/confirm', payload: { code: code() } });
      assert.equal(confirmed.statusCode, 200, show(confirmed));
      (argon2 as { verify: typeof argon2.verify }).verify = (hash, plain, options) => {
        verified.push(hash);
        return realVerify(hash, plain, options);
      };
    });
    after(async () => {
      (argon2 as { verify: typeof argon2.verify }).verify = realVerify;
      await t.close();
    });

    test('every wrong-password path: one argon2 verify of the same cost, the same 401 body, the same audit entry', async () => {
      const stored = await t.db.selectFrom('admins').select(['email', 'password_hash']).execute();
      const hashOf = (email: string) => stored.find((r) => r.email === email)!.password_hash;
      assert.equal(cost(hashOf(PLAIN)), cost(hashOf(GUARDED)));

      const paths = {
        'unknown email': { email: 'nobody@example.com', password: 'wrong password 1' },
        'wrong password, no two-factor': { email: PLAIN, password: 'wrong password 1' },
        'wrong password, two-factor on': { email: GUARDED, password: 'wrong password 1' },
        'wrong password, two-factor on, a valid code given': { email: GUARDED, password: 'wrong password 1', code: code(1) },
        'wrong password, two-factor on, a wrong code given': { email: GUARDED, password: 'wrong password 1', code: '000000' },
        'unknown email, a code given': { email: 'nobody@example.com', password: 'wrong password 1', code: code(1) },
      };
      const bodies = new Set<string>();
      for (const [path, payload] of Object.entries(paths)) {
        const { res, verified: hashes } = await attempt(payload);
        assert.equal(res.statusCode, 401, `${path}: ${show(res)}`);
        assert.equal(hashes.length, 1, `${path}: argon2 verify runs exactly once`);
        assert.equal(cost(hashes[0]!), cost(hashOf(PLAIN)), `${path}: against a hash of the same cost`);
        if (path.startsWith('unknown')) assert.ok(!stored.some((r) => r.password_hash === hashes[0]), `${path}: the decoy hash, not anyone's`);
        else assert.equal(hashes[0], hashOf(payload.email), `${path}: the account's own hash`);
        bodies.add(JSON.stringify(res.json()));
        assert.equal(res.headers['set-cookie'], undefined, `${path}: no cookie`);
      }
      assert.deepEqual(
        [...bodies].map((b) => JSON.parse(b).code),
        ['invalid_credentials'],
        'one body for every wrong password',
      );
      assert.equal(bodies.size, 1, [...bodies].join('\n'));

      const audit = await t.db.selectFrom('audit_log').select(['action', 'changes']).where('action', '=', 'session.sign_in_failed').execute();
      assert.equal(audit.length, Object.keys(paths).length, 'each wrong password is audited the same way, known email or not');
    });

    test('the code step comes only after a correct password: the valid code offered with a wrong password is still unused', async () => {
      const next = code(1);
      const wrong = await attempt({ email: GUARDED, password: 'not it', code: next });
      assert.equal(wrong.res.json().code, 'invalid_credentials', show(wrong.res));
      const right = await attempt({ email: GUARDED, password: PASSWORD, code: next });
      assert.equal(right.res.statusCode, 200, `the code was not consumed by the wrong-password attempt: ${show(right.res)}`);
      assert.equal(right.verified.length, 1);
    });

    test('a correct password: one argon2 verify too, then 401 two_factor_required without a code (a different answer only after the password was right)', async () => {
      const noCode = await attempt({ email: GUARDED, password: PASSWORD });
      assert.equal(noCode.res.statusCode, 401, show(noCode.res));
      assert.equal(noCode.res.json().code, 'two_factor_required');
      assert.equal(noCode.verified.length, 1);
      const wrongCode = await attempt({ email: GUARDED, password: PASSWORD, code: '000000' });
      assert.equal(wrongCode.res.json().code, 'invalid_two_factor_code', show(wrongCode.res));
      assert.equal(wrongCode.verified.length, 1);
      const plain = await attempt({ email: PLAIN, password: PASSWORD });
      assert.equal(plain.res.statusCode, 200, show(plain.res));
      assert.equal(plain.verified.length, 1);
    });
  });
}
