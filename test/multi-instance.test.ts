import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from './dialects.js';
import { buildApp, loggerOptions } from '../src/app.js';
import { createDb } from '../src/db/index.js';
import { buildTestApp, show, signedInAdmin } from './harness.js';

for (const dialect of dialects) {
  test(`${dialect}: a key change made through one server instance is honoured by another on its very next request`, async () => {
    const a = await buildTestApp(dialect);
    const dbB = createDb(a.config.database);
    const b = await buildApp({ config: a.config, db: dbB, appKey: a.appKey, logger: { ...loggerOptions('silent') } });
    try {
      const admin = await signedInAdmin(a);
      const { key, api_key } = (
        await admin.inject({ method: 'POST', url: '/admin/api/brands/default/api-keys', payload: { name: 'k', abilities: ['payment:verify'] } })
      ).json();
      const onB = () => b.inject({ method: 'GET', url: '/api/me', headers: { 'rt-uddoktapay-api-key': key } });
      assert.equal((await onB()).statusCode, 200);
      await admin.inject({ method: 'PATCH', url: `/admin/api/brands/default/api-keys/${api_key.id}`, payload: { abilities: ['payment:refund'] } });
      const edited = await onB();
      assert.deepEqual(edited.json().api_key.abilities, ['payment:refund'], show(edited));
      await admin.inject({ method: 'PATCH', url: `/admin/api/brands/default/api-keys/${api_key.id}`, payload: { is_active: false } });
      assert.equal((await onB()).json().code, 'api_key_inactive');
      await admin.inject({ method: 'DELETE', url: `/admin/api/brands/default/api-keys/${api_key.id}` });
      assert.equal((await onB()).json().code, 'invalid_api_key');
    } finally {
      await b.close();
      await dbB.destroy();
      await a.close();
    }
  });
}
