import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config/index.js';
import { openDatabase } from '../src/server.js';
import { getBrand } from '../src/modules/brands/brands.js';
import { listMethodSettings } from '../src/modules/gateways/settings.js';
import { dialects, freshDatabase } from './dialects.js';
import { buildTestApp, show, signedInAdmin } from './harness.js';

for (const dialect of dialects) {
  test(`${dialect}: a fresh install's default brand starts with Sandbox off`, async () => {
    const fresh = await freshDatabase(dialect);
    const db = await openDatabase({ ...loadConfig({ DUAR_DATA_DIR: fresh.dataDir }), database: fresh.database });
    try {
      const methods = await listMethodSettings(db, (await getBrand(db, 'default')).id);
      assert.deepEqual(methods.filter((m) => m.enabled), [], 'no method is on');
    } finally {
      await db.destroy();
      await fresh.drop();
    }
  });

  test(`${dialect}: a brand created through the admin API starts with Sandbox off`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const admin = await signedInAdmin(t);
      const created = await admin.inject({ method: 'POST', url: '/admin/api/brands', payload: { slug: 'shop', name: 'Shop' } });
      assert.equal(created.statusCode, 201, show(created));
      const methods = await admin.inject({ method: 'GET', url: '/admin/api/brands/shop/payment-methods' });
      assert.equal(methods.json().payment_methods.find((m: { method: string }) => m.method === 'sandbox').enabled, false, show(methods));
      const on = await admin.inject({ method: 'PATCH', url: '/admin/api/brands/shop/payment-methods/sandbox', payload: { enabled: true } });
      assert.equal(on.json().payment_method.enabled, true, show(on));
    } finally {
      await t.close();
    }
  });
}
