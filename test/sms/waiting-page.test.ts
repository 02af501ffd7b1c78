import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show } from '../harness.js';
import { createInvoice, enableWallet, payWallet } from '../payments/helpers.js';
import { bkashSms, forward, forwarderBody, seedDevice } from './support.js';
import { browserSkip, launchBrowser } from '../e2e/server.js';
import type { AddressInfo } from 'node:net';

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

  test(`${dialect}: in Chromium, the waiting page turns to "Payment received" by itself when the SMS arrives, then returns to the shop`, {
    skip: browserSkip,
  }, async () => {
    const t = await buildTestApp(dialect);
    const browser = await launchBrowser();
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      const { key } = await seedKey(t);
      await enableWallet(t, 'bkash');
      const inv = await createInvoice(t, key);
      const device = await seedDevice(t);
      assert.equal((await payWallet(t, inv, 'WAIT000002')).statusCode, 303);

      const page = await (await browser.newContext()).newPage();
      // The return to the shop: Duar's redirect is read, and the shop (not reachable from here) is not visited.
      let toShop: string | undefined;
      await page.route(`${origin}/payment/${inv}/return`, async (route) => {
        toShop = (await route.fetch({ maxRedirects: 0 })).headers().location;
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Shop</title>Paid' });
      });
      const polls: string[] = [];
      page.on('response', (res) => {
        if (res.url().endsWith(`/payment/${inv}/status`)) polls.push(res.url());
      });
      const loads: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) loads.push(frame.url());
      });
      await page.goto(`${origin}/payment/${inv}`);
      const box = page.locator('#wait');
      await box.getByText('Waiting for confirmation').waitFor();
      // The page asks on its own (first after 2 s), and keeps waiting while the payment is pending.
      await page.waitForResponse((res) => res.url().endsWith(`/payment/${inv}/status`));
      assert.match((await box.textContent()) ?? '', /Waiting for confirmation/);

      const sms = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 10000, balance: 10000, trx: 'WAIT000002' })));
      assert.equal(sms.json().results[0].status, 'used', show(sms));
      await box.getByText('Payment received. Returning you to the shop…').waitFor({ timeout: 15_000 });
      await page.waitForURL(`${origin}/payment/${inv}/return`, { timeout: 15_000 });
      assert.equal(toShop, `https://shop.example.com/paid?order=42&invoice_id=${inv}`);
      assert.ok(polls.length >= 2, `it asked the status endpoint itself (${polls.length} times)`);
      assert.deepEqual(loads.slice(0, -1), [`${origin}/payment/${inv}`], 'the page was loaded once, not reloaded, before returning to the shop');
    } finally {
      await browser.close();
      await t.close();
    }
  });
}
