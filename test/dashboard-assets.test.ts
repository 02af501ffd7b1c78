import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, show } from './harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = fileURLToPath(new URL('../web/dashboard/dist/', import.meta.url));

before(() => {
  // The dashboard is served from its build; make one if this checkout has none (npm install normally has).
  if (!existsSync(`${dist}index.html.br`)) execSync('npm run build:web --silent', { cwd: root, stdio: 'inherit' });
});

function assertSecurityHeaders(res: { headers: Record<string, unknown> }) {
  const csp = String(res.headers['content-security-policy']);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/, 'no inline or foreign scripts');
  assert.equal(res.headers['x-frame-options'], 'DENY');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['referrer-policy'], 'no-referrer');
}

test('the dashboard is served precompressed: brotli or gzip as asked, hashed assets cached for good, index.html revalidated', async () => {
  const t = await buildTestApp('sqlite');
  try {
    const index = await t.app.inject({ method: 'GET', url: '/admin/', headers: { 'accept-encoding': 'br' } });
    assert.equal(index.statusCode, 200, show(index));
    assert.equal(index.headers['content-encoding'], 'br');
    assert.match(String(index.headers['content-type']), /^text\/html/);
    assert.equal(index.headers['cache-control'], 'no-cache');
    assert.match(String(index.headers.vary), /accept-encoding/i);
    assertSecurityHeaders(index);
    const html = brotliDecompressSync(index.rawPayload).toString();
    assert.equal(html, readFileSync(`${dist}index.html`, 'utf8'));

    // A client-side route falls back to the same index.html, compressed and revalidated the same way.
    const deep = await t.app.inject({ method: 'GET', url: '/admin/brands/default/payments', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(deep.statusCode, 200, show(deep));
    assert.equal(deep.headers['content-encoding'], 'gzip');
    assert.equal(deep.headers['cache-control'], 'no-cache');
    assertSecurityHeaders(deep);
    assert.equal(gunzipSync(deep.rawPayload).toString(), html);

    const script = /<script[^>]+src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    const original = readFileSync(`${dist}${script.slice('/admin/'.length)}`);
    for (const [accept, encoding, decode] of [
      ['br', 'br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', gunzipSync],
      ['identity', undefined, (b: Buffer) => b],
    ] as const) {
      const res: LightMyRequestResponse = await t.app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': accept } });
      assert.equal(res.statusCode, 200, show(res));
      assert.equal(res.headers['content-encoding'], encoding, accept);
      assert.match(String(res.headers['content-type']), /javascript/);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.match(String(res.headers.vary), /accept-encoding/i);
      assert.ok(decode(res.rawPayload).equals(original), `${accept}: the same bytes after decoding`);
    }
  } finally {
    await t.close();
  }
});
