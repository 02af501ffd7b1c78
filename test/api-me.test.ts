import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpoints } from '../src/http/endpoints.js';
import { dialects } from './dialects.js';
import { buildTestApp, seedKey, show } from './harness.js';
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
          api_key: { id, name: 'Shop', abilities: ['payment:verify'], expires_at: '31/12/2099' },
        });
      }
    } finally {
      await t.close();
    }
  });
}
