/**
 * The integration catalogue (src/http/endpoints.ts) is what "Show API Endpoints" and docs/integrations.md tell a merchant
 * to type into each plugin. Here each value goes through that client's own URL rule (reference §1.3, restated below)
 * and must create and verify a payment; and the docs table must be the catalogue, word for word.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { integrationUrl, integrations, type Integration } from '../../src/http/endpoints.js';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, type TestApp } from '../harness.js';

type Urls = { checkout: string; verify: (invoiceId: string) => string };
/** Cut just after the first `/api`, then add `/` + the endpoint (PHPLIB, LARA-1, WOO, WHMCS). */
const cutAtApi = (url: string): Urls => {
  const root = url.slice(0, url.indexOf('/api') + 4);
  return { checkout: `${root}/checkout-v2`, verify: () => `${root}/verify-payment` };
};
/** How each client turns its settings into request URLs. */
const clientRules: Record<string, (first: string, second: string) => Urls> = {
  'WooCommerce plugin': cutAtApi,
  'WHMCS module': cutAtApi,
  'PHP library (`UddoktaPay.php`)': cutAtApi,
  // RAW/CodeIgniter: create at the URL as given; verify replaces api/checkout-v2 with api/verify-payment/ and appends the id.
  'Raw PHP / CodeIgniter library': (url) => ({ checkout: url, verify: (id) => `${url.replace('api/checkout-v2', 'api/verify-payment/')}${id}` }),
  // LARA 2.x keeps only scheme://host[:port].
  'Laravel SDK 2.x': (url) => ({ checkout: `${new URL(url).origin}/api/checkout-v2`, verify: () => `${new URL(url).origin}/api/verify-payment` }),
  // FLUT joins panelURL and `/api/…` as they are (a doubled slash when panelURL ends in `/`).
  'Flutter package': (panel) => ({ checkout: `${panel}/api/checkout-v2`, verify: () => `${panel}/api/verify-payment` }),
  // PAYM: rtrim(base_url, '/') + '/checkout-v2'.
  'Paymenter extension': (base) => ({ checkout: `${base.replace(/\/+$/, '')}/checkout-v2`, verify: () => `${base.replace(/\/+$/, '')}/verify-payment` }),
  'Android SDK': (checkout, verify) => ({ checkout, verify: () => verify }),
};

const pathOf = (url: string) => url.slice(new URL(url).origin.length);

for (const dialect of dialects) {
  describe(`${dialect}: every integration setting in the catalogue works through its client's URL rule`, () => {
    let t: TestApp;
    let key: string;
    before(async () => {
      t = await buildTestApp(dialect);
      key = (await seedKey(t)).key;
    });
    after(() => t.close());

    for (const integration of integrations) {
      test(`${integration.name}: creates and verifies a payment`, async () => {
        const rule = clientRules[integration.name];
        assert.ok(rule, `no URL rule restated for "${integration.name}": add it from the reference`);
        const values = integration.settings.map((s) => integrationUrl(t.config.publicUrl, t.brand.slug, s));
        const urls = rule(values[0] ?? '', values[1] ?? '');
        const headers = { 'rt-uddoktapay-api-key': key, 'content-type': 'application/json' };
        const created = await t.app.inject({
          method: 'POST',
          url: pathOf(urls.checkout),
          headers,
          payload: {
            full_name: 'Rahim',
            email: 'rahim@example.com',
            amount: '100',
            metadata: {},
            redirect_url: 'https://shop.example.com/ok',
            cancel_url: 'https://shop.example.com/cart',
          },
        });
        assert.equal(created.statusCode, 200, `${urls.checkout}: ${show(created)}`);
        const invoiceId = String(created.json().payment_url).split('/').pop()!;
        const verified = await t.app.inject({ method: 'POST', url: pathOf(urls.verify(invoiceId)), headers, payload: { invoice_id: invoiceId } });
        assert.equal(verified.statusCode, 200, `${urls.verify(invoiceId)}: ${show(verified)}`);
        assert.equal(verified.json().status, 'PENDING', show(verified));
      });
    }
  });
}

/** The docs table as the catalogue renders it for PUBLIC_URL https://pay.example.com and the brand `shop`. */
function docsTable(list: readonly Integration[]): string {
  const rows = list.map((i) => {
    const labels = i.settings.map((s) => s.label).join('; ');
    const values = i.settings.map((s) => `\`${integrationUrl('https://pay.example.com', 'shop', s)}\``).join('; ');
    return `| ${i.name} | ${labels} | ${values} | ${i.note} |`;
  });
  return ['| Integration | Setting | Value | Note |', '|---|---|---|---|', ...rows].join('\n');
}

test('docs/integrations.md gives each integration the setting and value the catalogue (and so the dashboard) gives', () => {
  const doc = readFileSync(new URL('../../docs/integrations.md', import.meta.url), 'utf8');
  const table = /<!-- integrations: from src\/http\/endpoints\.ts -->\n([\s\S]*?)\n<!-- \/integrations -->/.exec(doc);
  assert.ok(table, 'docs/integrations.md marks its table with <!-- integrations: from src/http/endpoints.ts --> … <!-- /integrations -->');
  assert.equal(table[1], docsTable(integrations), `the table in docs/integrations.md should read:\n${docsTable(integrations)}`);
});
