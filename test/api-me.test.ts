import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpoints } from '../src/http/endpoints.js';
import { dialects } from './dialects.js';
import { buildTestApp, seedKey, show } from './harness.js';
import { createBrand } from '../src/modules/brands/service.js';
import { apiAuthSuite } from './auth-suite.js';

const meEndpoint = endpoints.find((e) => e.operation === 'me')!;

for (const dialect of dialects) {
  apiAuthSuite(dialect, meEndpoint);

  test(`${dialect}: GET /api/me shows the brand, abilities and expiry of the calling key`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const { id, key } = await seedKey(t, { name: 'Shop', abilities: ['payment:verify'], expires_at: '2099-12-31' });
      for (const url of ['/api/me', '/default/api/me']) {
        const res = await t.app.inject({ method: 'GET', url, headers: { 'rt-uddoktapay-api-key': key } });
        assert.equal(res.statusCode, 200, show(res));
        assert.deepEqual(res.json(), {
          status: true,
          brand: { slug: 'default', name: 'Default brand' },
          api_key: { id, name: 'Shop', abilities: ['payment:verify'], expires_at: '31/12/2099', mode: 'live' },
        });
      }
    } finally {
      await t.close();
    }
  });
}

for (const dialect of dialects) {
  test(`${dialect}: without a prefix, a Host matching a brand domain addresses that brand`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const shop = await createBrand(
        t.db,
        { slug: 'shop', name: 'Shop', domain: 'pay.shop.test', timezone: 'Asia/Dhaka', currency: 'BDT' },
        { label: 'test', ip: null },
      );
      const { key: shopKey } = await seedKey(t, {}, shop);
      const { key: defaultKey } = await seedKey(t);
      const me = (key: string, host: string) => t.app.inject({ method: 'GET', url: '/api/me', headers: { host, 'rt-uddoktapay-api-key': key } });
      const own = await me(shopKey, 'PAY.shop.test:8443');
      assert.equal(own.statusCode, 200, show(own));
      assert.equal(own.json().brand.slug, 'shop');
      const other = await me(defaultKey, 'pay.shop.test');
      assert.equal(other.statusCode, 401, show(other));
      assert.equal(other.json().code, 'invalid_api_key');
      const unknownHost = await me(defaultKey, 'elsewhere.test');
      assert.equal(unknownHost.json().brand.slug, 'default', "any other host falls back to the key's own brand");
    } finally {
      await t.close();
    }
  });
}
