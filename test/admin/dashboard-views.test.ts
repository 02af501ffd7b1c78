/** Admin API additions the dashboard reads (docs/decisions/031-dashboard-merchant-day.md). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, show, signedInAdmin } from '../harness.js';

for (const dialect of dialects) {
  test(`${dialect}: session status answers 200 before and after sign-in, with the CSRF token only when signed in`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const before = await t.app.inject({ method: 'GET', url: '/admin/api/session/status' });
      assert.equal(before.statusCode, 200, show(before));
      assert.deepEqual(before.json(), { signed_in: false, setup_required: true });
      assert.equal(before.headers['cache-control'], 'no-store');

      const admin = await signedInAdmin(t, 'status@example.com');
      const signedOut = await t.app.inject({ method: 'GET', url: '/admin/api/session/status' });
      assert.deepEqual(signedOut.json(), { signed_in: false, setup_required: false });

      const after = await admin.inject({ method: 'GET', url: '/admin/api/session/status' });
      assert.equal(after.statusCode, 200, show(after));
      const body = after.json();
      assert.equal(body.signed_in, true);
      assert.equal(body.admin.email, 'status@example.com');
      assert.equal(typeof body.csrf_token, 'string');
    } finally {
      await t.close();
    }
  });
}
