import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { dialects } from '../dialects.js';
import { buildTestApp, show, signedInAdmin } from '../harness.js';
import { enqueue, startReceiver, testWorker } from './support.js';

const SECRET = '/admin/api/brands/default/webhook-secret';

for (const dialect of dialects) {
  test(`${dialect}: the brand's signing secret is created on first view, stays the same, is stored encrypted and never cached`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const admin = await signedInAdmin(t);
      const first = await admin.inject({ method: 'GET', url: SECRET });
      assert.equal(first.statusCode, 200, show(first));
      assert.equal(first.headers['cache-control'], 'no-store');
      const { secret, created_at } = first.json();
      assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/);
      assert.equal(Buffer.from(secret.slice(6), 'base64').length, 32);
      assert.ok(!Number.isNaN(Date.parse(created_at)), created_at);

      const again = await admin.inject({ method: 'GET', url: SECRET });
      assert.deepEqual(again.json(), { secret, created_at });

      const row = await t.db.selectFrom('webhook_secrets').selectAll().where('brand_id', '=', t.brand.id).executeTakeFirstOrThrow();
      assert.ok(!row.secret_ciphertext.includes(secret.slice(6)), 'stored encrypted');
      assert.ok(!t.logs().includes(secret.slice(6)), 'never logged');
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: rotating the secret returns a new one and IPNs are signed with it from then on`, async () => {
    const t = await buildTestApp(dialect, { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' });
    const receiver = await startReceiver();
    try {
      const admin = await signedInAdmin(t);
      const old = (await admin.inject({ method: 'GET', url: SECRET })).json().secret;
      const rotated = await admin.inject({ method: 'POST', url: `${SECRET}/rotate` });
      assert.equal(rotated.statusCode, 200, show(rotated));
      assert.equal(rotated.headers['cache-control'], 'no-store');
      const fresh = rotated.json().secret;
      assert.match(fresh, /^whsec_/);
      assert.notEqual(fresh, old);
      assert.equal((await admin.inject({ method: 'GET', url: SECRET })).json().secret, fresh);

      await enqueue(t, { url: `${receiver.base}/ipn`, apiKeyId: null });
      assert.equal(await testWorker(t).worker.runOnce(), 1);
      const req = receiver.requests[0]!;
      const headers = req.headers as Record<string, string>;
      assert.ok(new Webhook(fresh).verify(req.body, headers));
      assert.throws(() => new Webhook(old).verify(req.body, headers), /No matching signature/);
      assert.ok(!t.logs().includes(fresh.slice(6)) && !t.logs().includes(old.slice(6)), 'secrets never logged');
    } finally {
      await receiver.close();
      await t.close();
    }
  });

  test(`${dialect}: the signing secret routes need a signed-in administrator, a CSRF token, a known brand and an empty body`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const anonymous = await t.app.inject({ method: 'GET', url: SECRET });
      assert.equal(anonymous.statusCode, 401, show(anonymous));
      assert.equal(anonymous.json().code, 'not_signed_in');
      assert.ok(!anonymous.body.includes('whsec_'));

      const admin = await signedInAdmin(t);
      const noCsrf = await admin.inject({ method: 'POST', url: `${SECRET}/rotate`, headers: { 'x-csrf-token': '' } });
      assert.equal(noCsrf.statusCode, 403, show(noCsrf));
      assert.equal(noCsrf.json().code, 'csrf_failed');

      const unknown = await admin.inject({ method: 'GET', url: '/admin/api/brands/nope/webhook-secret' });
      assert.equal(unknown.statusCode, 404, show(unknown));
      assert.equal(unknown.json().code, 'brand_not_found');

      const extra = await admin.inject({ method: 'POST', url: `${SECRET}/rotate`, payload: { secret: 'whsec_mine' } });
      assert.equal(extra.statusCode, 400, show(extra));
      assert.equal(extra.json().code, 'invalid_request');
      assert.match(extra.json().message, /secret cannot be set here/);
    } finally {
      await t.close();
    }
  });
}
