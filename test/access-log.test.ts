import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from './harness.js';

/** The parsed log lines whose message is `msg`. */
const lines = (logs: string, msg: string) =>
  logs
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { msg: string; req?: { method: string; path: string }; res?: { statusCode: number }; responseTime?: number })
    .filter((line) => line.msg === msg);

test('ACCESS_LOG unset: no line per request (Fastify’s own request lines are off too)', async () => {
  const t = await buildTestApp('sqlite', { ACCESS_LOG: '' });
  try {
    assert.equal(t.config.accessLog, false);
    assert.equal((await t.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/me' })).statusCode, 401);
    assert.deepEqual(lines(t.logs(), 'request completed'), []);
    assert.deepEqual(lines(t.logs(), 'incoming request'), []);
  } finally {
    await t.close();
  }
});

test('ACCESS_LOG=true: one line per request with method, path without the query, status and time', async () => {
  const t = await buildTestApp('sqlite', { ACCESS_LOG: 'true' });
  try {
    await t.app.inject({ method: 'GET', url: '/health?api_key=secret-looking' });
    await t.app.inject({ method: 'GET', url: '/api/me' });
    const found = lines(t.logs(), 'request completed');
    assert.equal(found.length, 2, t.logs());
    assert.deepEqual(found[0]!.req && { method: found[0]!.req.method, path: found[0]!.req.path }, { method: 'GET', path: '/health' });
    assert.equal(found[0]!.res?.statusCode, 200);
    assert.equal(found[1]!.res?.statusCode, 401);
    assert.equal(typeof found[0]!.responseTime, 'number');
    assert.ok(!t.logs().includes('secret-looking'), 'no query string in the log');
    assert.deepEqual(lines(t.logs(), 'incoming request'), [], 'one line per request, not two');
  } finally {
    await t.close();
  }
});
