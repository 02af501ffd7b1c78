import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpoints, displayPath } from '../src/http/endpoints.js';
import { buildTestApp, show } from './harness.js';

test('sqlite: /openapi.json describes every catalogue endpoint, with its body and path parameters', async () => {
  const t = await buildTestApp('sqlite');
  try {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200, show(res));
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    for (const e of endpoints) {
      const op = doc.paths[`/{brand}${displayPath(e.path)}`]?.[e.method.toLowerCase()];
      assert.ok(op, `${e.method} ${e.path} is documented`);
      if (e.method === 'POST') assert.ok(op.requestBody, `${e.path} has a request body`);
    }
    const verify = doc.paths['/{brand}/api/verify-payment/{invoice_id}'].post;
    assert.deepEqual(
      verify.parameters.map((p: { name: string }) => p.name),
      ['brand', 'invoice_id'],
    );
    assert.ok(doc.paths['/{brand}/api/checkout-v2'].post.requestBody.content['application/json'].schema.required.includes('full_name'));
  } finally {
    await t.close();
  }
});
