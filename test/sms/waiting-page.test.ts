import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show } from '../harness.js';
import { createInvoice, enableWallet, payWallet } from '../payments/helpers.js';
import { bkashSms, forward, forwarderBody, seedDevice } from './support.js';

for (const dialect of dialects) {
  test(`${dialect}: hosted page waits for the SMS, updates itself from the status endpoint, then returns to the shop`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const { key } = await seedKey(t);
      await enableWallet(t, 'bkash');
      const inv = await createInvoice(t, key);

      const device = await seedDevice(t);
      const submitted = await payWallet(t, inv, 'WAIT000001');
      assert.equal(submitted.statusCode, 303, show(submitted));
      assert.equal(submitted.headers.location, `/payment/${inv}`, 'waits on the hosted page, not the shop');

      const page = await t.app.inject({ method: 'GET', url: `/payment/${inv}` });
      assert.equal(page.statusCode, 200, show(page));
      assert.ok(page.body.includes('Waiting for confirmation'));
      const csp = String(page.headers['content-security-policy']);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /connect-src 'self'/);
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce && page.body.includes(`<script nonce="${nonce}">`), 'the only script carries the nonce');
      assert.ok(page.body.includes(`/payment/${inv}/status`));

      const pending = await t.app.inject({ method: 'GET', url: `/payment/${inv}/status` });
      assert.deepEqual(pending.json(), { status: 'pending' });
      assert.equal(pending.headers['cache-control'], 'no-store');

      const sms = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 10000, balance: 10000, trx: 'WAIT000001' })));
      assert.equal(sms.json().results[0].status, 'used', show(sms));
      assert.deepEqual((await t.app.inject({ method: 'GET', url: `/payment/${inv}/status` })).json(), { status: 'completed' });
      const done = await t.app.inject({ method: 'GET', url: `/payment/${inv}` });
      assert.ok(done.body.includes('This payment is complete'), show(done));
      const back = await t.app.inject({ method: 'GET', url: `/payment/${inv}/return` });
      assert.equal(back.headers.location, `https://shop.example.com/paid?order=42&invoice_id=${inv}`);

      const unknown = await t.app.inject({ method: 'GET', url: '/payment/nope/status' });
      assert.equal(unknown.statusCode, 404, show(unknown));
    } finally {
      await t.close();
    }
  });
}
