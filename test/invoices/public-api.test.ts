import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { apiAuthSuite } from '../auth-suite.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { endpoints } from '../../src/http/endpoints.js';
import { runCli } from '../../src/cli.js';
import { invoiceBody } from './support.js';

const createEndpoint = endpoints.find((e) => e.operation === 'create-invoice')!;
const getEndpoint = endpoints.find((e) => e.operation === 'get-invoice')!;

for (const dialect of dialects) {
  apiAuthSuite(dialect, { ...createEndpoint, body: () => invoiceBody() });
  apiAuthSuite(dialect, { ...getEndpoint, path: '/api/invoices/INV-000001' });

  describe(`${dialect}: invoices through the public API and the CLI`, () => {
    let t: TestApp;
    let writer: string;
    let reader: string;
    let writerId: string;
    const call = (method: 'GET' | 'POST', url: string, key: string, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: { 'rt-uddoktapay-api-key': key, 'content-type': 'application/json' },
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });

    before(async () => {
      t = await buildTestApp(dialect);
      const w = await seedKey(t, { abilities: ['invoice:write'] });
      writer = w.key;
      writerId = w.id;
      reader = (await seedKey(t, { abilities: ['invoice:read'] })).key;
    });
    after(() => t.close());

    test('POST /api/invoices creates an open invoice for the key; GET reads it by id or number with invoice:read', async () => {
      const res = await call('POST', '/api/invoices', writer, invoiceBody());
      assert.equal(res.statusCode, 200, show(res));
      const inv = res.json().invoice;
      assert.equal(res.json().status, true);
      assert.equal(inv.status, 'open');
      assert.equal(inv.total, '2748.56');
      assert.equal(inv.api_key_id, writerId);
      for (const id of [inv.id, inv.number]) {
        const got = await call('GET', `/api/invoices/${encodeURIComponent(id)}`, reader);
        assert.equal(got.statusCode, 200, show(got));
        assert.equal(got.json().invoice.public_id, inv.public_id);
        assert.equal(got.json().invoice.vat, '187.57');
      }
      const viaBrand = await call('GET', `/default/api/invoices/${inv.number}`, reader);
      assert.equal(viaBrand.statusCode, 200, show(viaBrand));
      // Each ability opens its own door only.
      assert.equal((await call('GET', `/api/invoices/${inv.id}`, writer)).statusCode, 403);
      assert.equal((await call('POST', '/api/invoices', reader, invoiceBody())).statusCode, 403);
      const page = await t.app.inject({ method: 'GET', url: `/invoice/${inv.public_id}` });
      assert.equal(page.statusCode, 200, show(page));
    });

    test('POST /api/invoices reports every invalid field at once by its wire name; a draft stays a draft', async () => {
      const bad = await call('POST', '/api/invoices', writer, {
        customer: { name: 'x' },
        items: [{ description: '', quantity: 1, unit_price: '1.001' }],
        vat_percent: -1,
      });
      assert.equal(bad.statusCode, 400, show(bad));
      assert.equal(bad.json().status, false);
      const fields = (bad.json().errors as { field: string }[]).map((e) => e.field).sort();
      assert.deepEqual(fields, ['customer.email', 'items.0.description', 'items.0.unit_price', 'vat_percent'], show(bad));
      const draft = await call('POST', '/api/invoices', writer, invoiceBody({ status: 'draft' }));
      assert.equal(draft.json().invoice.status, 'draft', show(draft));
    });

    test('an unknown invoice, or one of the other mode than the key, answers 404', async () => {
      assert.equal((await call('GET', '/api/invoices/INV-999999', reader)).statusCode, 404);
      const test = (await seedKey(t, { abilities: ['invoice:read', 'invoice:write'], mode: 'test' })).key;
      const live = (await call('POST', '/api/invoices', writer, invoiceBody())).json().invoice;
      const res = await call('GET', `/api/invoices/${live.id}`, test);
      assert.equal(res.statusCode, 404, show(res));
      assert.equal(res.json().code, 'invoice_not_found');
      const own = (await call('POST', '/api/invoices', test, invoiceBody())).json().invoice;
      assert.equal(own.livemode, false);
      assert.equal((await call('GET', `/api/invoices/${own.number}`, test)).statusCode, 200);
    });

    test('both abilities are offered to keys (GET /admin/api/abilities) and listed in the API Endpoints panel and OpenAPI', async () => {
      const admin = await signedInAdmin(t);
      const abilities = (await admin.inject({ method: 'GET', url: '/admin/api/abilities' })).json();
      const names = JSON.stringify(abilities);
      assert.ok(names.includes('invoice:write') && names.includes('invoice:read'), names);
      const panel = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/api-endpoints' });
      assert.ok(panel.body.includes('/api/invoices'), show(panel));
      const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      assert.ok(doc.paths['/{brand}/api/invoices'].post.requestBody, 'POST /api/invoices has a body');
      assert.ok(doc.paths['/{brand}/api/invoices/{id}'].get, 'GET /api/invoices/{id}');
      const created = await admin.inject({
        method: 'POST',
        url: '/admin/api/brands/default/api-keys',
        payload: { name: 'ERP', abilities: ['invoice:write', 'invoice:read'] },
      });
      assert.equal(created.statusCode, 201, show(created));
    });

    test('duar invoices create and list, naming every bad flag by its label', async () => {
      const dbEnv = t.config.database.kind === 'postgres' ? { DATABASE_URL: t.config.database.url } : { DUAR_DATA_DIR: t.config.dataDir };
      const duar = async (args: string[]) => {
        let stdout = '';
        let stderr = '';
        const code = await runCli(args, {
          env: { DUAR_APP_KEY: t.appKey.toString('base64'), LOG_LEVEL: 'silent', ...dbEnv },
          stdout: (text) => (stdout += text),
          stderr: (text) => (stderr += text),
        });
        return { code, stdout, stderr };
      };
      const created = await duar([
        'invoices',
        'create',
        '--brand',
        'default',
        '--name',
        'রহিম',
        '--phone',
        '01712345678',
        '--item',
        'Saree; red;2;1,250',
        '--item',
        'Box;1;50',
        '--vat',
        '5',
        '--due',
        '31/12/2030',
        '--open',
        '--json',
      ]);
      assert.equal(created.code, 0, created.stderr);
      const inv = JSON.parse(created.stdout);
      assert.deepEqual([inv.status, inv.items[0].description, inv.subtotal, inv.vat, inv.total], ['open', 'Saree; red', '2550.00', '127.50', '2677.50']);
      const bad = await duar(['invoices', 'create', '--brand', 'default', '--name', '', '--item', 'X;0;-1', '--vat', '101']);
      assert.equal(bad.code, 1);
      for (const label of ['Customer name', 'quantity', 'unit_price', 'VAT %']) assert.match(bad.stderr, new RegExp(label.replace('%', '%')), bad.stderr);
      const list = await duar(['invoices', 'list', '--brand', 'default', '--status', 'open']);
      assert.equal(list.code, 0, list.stderr);
      assert.ok(list.stdout.includes(inv.number) && list.stdout.includes('2677.50'), list.stdout);
      const wrong = await duar(['invoices', 'list', '--brand', 'default', '--status', 'late']);
      assert.equal(wrong.code, 2, 'a usage error');
      assert.match(wrong.stderr, /--status must be one of/);
    });
  });
}
