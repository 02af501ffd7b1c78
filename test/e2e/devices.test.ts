/**
 * Devices and SMS data in a real browser against a real Duar on SQLite: connect a device, copy its key, let "the phone"
 * (this test, over real HTTP) forward a bKash SMS, and watch the customer's Pending payment turn Completed — on the
 * hosted page and in the dashboard. Steps share one page and run in order; screenshots go to docs/screenshots/.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/service.js';
import { seedKey } from '../harness.js';
import { enableWallet } from '../payments/helpers.js';
import { bkashSms } from '../sms/support.js';
import { apiCheckout, browserSteps, byLabel, screenshot, type TestServer } from './server.js';

const EMAIL = 'devices@example.com';
const PASSWORD = 'correct horse battery staple';
const TRX = 'DEV7E2E001';
const PAYER = '01812345678';

describe('dashboard: devices, SMS data and a payment completed by a forwarded SMS in Chromium', () => {
  let server: TestServer;
  let context: BrowserContext;
  let page: Page;
  let apiKey = '';
  let deviceKey = '';
  let invoice = '';
  let customer: Page;

  const field = (label: string) => byLabel(page, label);
  let consoleErrors: string[] = [];
  const shot = (name: string, full = false) => screenshot({ page, consoleErrors }, name, full);
  const adminGet = (path: string) => page.evaluate(async (p) => (await fetch(`/admin/api${p}`)).json(), path);

  /** What the forwarder app sends: its default JSON body with the device key header, over real HTTP. */
  async function forward(key: string, from: string, text: string) {
    const res = await fetch(`${server.origin}/api/device/sms`, {
      method: 'POST',
      headers: { 'X-Device-Key': key, 'Content-Type': 'application/json', 'User-Agent': 'SMS Forwarder App' },
      body: JSON.stringify({ from, text, sentStamp: Date.now(), receivedStamp: Date.now(), sim: 'sim1' }),
    });
    return { status: res.status, body: (await res.json()) as { results?: { status: string; invoice_id: string | null }[]; code?: string } };
  }

  const it = browserSteps('devices', async (session) => {
    ({ server, context, page, consoleErrors } = session);
    await createAdmin(server.db, { email: EMAIL, password: PASSWORD });
    apiKey = (await seedKey(server)).key;
    await enableWallet(server, 'bkash');
  });

  it('signs in and opens Brand Settings → Devices, empty at first', async () => {
    await page.goto('/admin/brands/default/settings/devices');
    await field('Email').fill(EMAIL);
    await field('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    await page.getByTestId('devices-empty').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Devices' }).getAttribute('aria-current'), 'page', 'the menu marks Devices');
  });

  it('connects a device: its key once, a QR code of the settings and the same settings as text', async () => {
    await page.getByRole('button', { name: 'Connect device' }).click();
    const connect = page.getByRole('dialog', { name: 'Connect a device' });
    await connect.getByRole('button', { name: 'Connect' }).click();
    assert.equal(await connect.getByRole('dialog').count(), 0);
    await field('Device name').fill('Shop phone');
    await connect.getByRole('button', { name: 'Connect' }).click();

    const created = page.getByRole('dialog', { name: 'Connect “Shop phone”' });
    await created.waitFor();
    const key = await created.getByTestId('new-device-key').inputValue();
    assert.match(key, /^duardev_/);
    const qr = created.getByRole('img', { name: /QR code with the settings/ });
    await qr.waitFor();
    assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/png;base64,/, 'the QR code is drawn in the browser');
    assert.equal(await created.getByRole('textbox', { name: 'Webhook URL', exact: true }).inputValue(), `${server.origin}/default/api/device/sms`);
    assert.equal(await created.getByRole('textbox', { name: 'Header name', exact: true }).inputValue(), 'X-Device-Key');
    assert.equal(await created.getByRole('textbox', { name: 'Header value', exact: true }).inputValue(), key);
    assert.match(await created.getByRole('textbox', { name: 'Body template', exact: true }).inputValue(), /%from%/);
    // The test server's PUBLIC_URL is its loopback origin, which no phone reaches: the setup says so and what to set.
    const warning = created.getByTestId('url-warning');
    assert.match(await warning.innerText(), /Phones cannot reach this address[\s\S]*127\.0\.0\.1[\s\S]*PUBLIC_URL/);
    // Only bKash is enabled: one rule, its sender ID in quotes.
    assert.equal((await created.getByTestId('forwarding-rules').innerText()).trim(), 'bKash: "bKash"');
    const check = created.getByTestId('first-message-check');
    await check.getByText('Waiting for the first message').waitFor();
    const row = page.getByTestId('devices-table').getByRole('row', { name: /Shop phone/ });
    assert.match(await row.innerText(), /Never\s+0\s+Waiting for the first message/i, 'not "Connected" before anything arrived');
    await shot('38-device-connected', true);

    await created.getByRole('button', { name: 'Copy the key' }).click();
    await created.getByText('The key was copied to your clipboard.').waitFor();
    deviceKey = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(deviceKey, key, 'the clipboard holds the exact device key');

    // The forwarder app's own test message: the check turns green by itself, and so does the row behind the dialog.
    const test = await forward(deviceKey, 'Forwarder', 'Test message from Incoming SMS to URL Forwarder');
    assert.equal(test.status, 200, JSON.stringify(test.body));
    await check.getByText('Connected: the first message arrived').waitFor();
    await shot('70-device-first-message');

    await created.getByRole('button', { name: 'Done' }).click();
    await created.getByRole('button', { name: 'I have saved the key, close' }).click();
    await created.waitFor({ state: 'hidden' });
    // The list checks every few seconds while a phone waits for its first message: its badge turns by itself.
    await row.getByText('Connected', { exact: true }).waitFor();
    assert.match(await row.innerText(), /\s1\s+Connected/i, 'seen once, connected');
    assert.equal(await page.getByTestId('new-device-key').count(), 0, 'the key is gone from the page');
  });

  it('the customer submits the TrxID before the SMS and waits on the hosted page', async () => {
    invoice = await apiCheckout(server, apiKey, { amount: '250', metadata: { order_id: 7 } });

    customer = await context.newPage();
    await customer.goto(`/payment/${invoice}`);
    await customer.getByText('bKash', { exact: true }).click();
    await customer.getByLabel('Your bKash number').fill(PAYER);
    await customer.getByLabel('Transaction ID (TrxID)').fill(TRX);
    await customer.getByRole('button', { name: 'Submit payment' }).click();
    await customer.getByText(/Waiting for confirmation/).waitFor();

    const list = (await adminGet(`/brands/default/payments?q=${invoice}`)) as { payments: { status: string }[] };
    assert.deepEqual(
      list.payments.map((p) => p.status),
      ['pending'],
    );
  });

  it('the phone forwards the bKash SMS with the copied key; the payment completes without anyone', async () => {
    const sent = await forward(deviceKey, 'bKash', bkashSms({ amount: 25000, balance: 25000, trx: TRX, from: PAYER }));
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual(
      sent.body.results?.map((r) => [r.status, r.invoice_id]),
      [['used', invoice]],
    );
    // The customer's page notices by itself (no reload).
    await customer.getByText('Payment received. Returning you to the shop…').waitFor();
    await customer.close();

    await page.reload();
    const row = page.getByTestId('devices-table').getByRole('row', { name: /Shop phone/ });
    await row.waitFor();
    assert.doesNotMatch(await row.locator('td').nth(1).innerText(), /Never/, 'last seen is set');
    assert.equal((await row.locator('td').nth(2).innerText()).trim(), '2', 'the test message and the bKash SMS');
    await shot('39-devices');
  });

  it('shows the SMS in SMS data with its state in plain words, filtered and searched', async () => {
    await page.getByRole('link', { name: 'SMS data' }).click();
    await page.getByRole('heading', { name: 'SMS data', level: 1 }).waitFor();
    const table = page.getByTestId('sms-table');
    const row = table.getByRole('row', { name: new RegExp(TRX) });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /bKash/);
    assert.match(text, /Shop phone · SIM 1/, 'the wallet is named after the phone');
    assert.match(text, /৳250\.00/);
    assert.match(text, /Paid a payment/i);
    assert.match(text, /The first message of this wallet/);

    await field('Transaction ID').fill('NOSUCHTRX');
    await page.getByTestId('sms-empty').getByText('No message matches these filters.').waitFor();
    await field('Transaction ID').fill(TRX.toLowerCase());
    await row.waitFor();
    await page.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('option', { name: 'Needs review' }).click();
    await page.getByTestId('sms-empty').waitFor();
    await page.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('option', { name: 'Paid a payment' }).click();
    await row.waitFor();
    await shot('40-sms-data', true);
  });

  it('pastes an SMS by hand, then trashes, restores and approves it, and sets a wallet balance', async () => {
    await page.goto('/admin/brands/default/sms');
    await page.getByRole('button', { name: 'Paste an SMS' }).click();
    const paste = page.getByRole('dialog', { name: 'Paste an SMS' });
    await paste.getByRole('button', { name: 'Add SMS' }).click();
    assert.equal(await paste.isVisible(), true, 'the empty form stays open');
    await field('Sender').fill('bKash');
    await field('Message').fill(bkashSms({ amount: 10000, balance: 35000, trx: 'PASTE00001', from: '01912345678' }));
    await shot('41-paste-sms');
    await paste.getByRole('button', { name: 'Add SMS' }).click();
    await paste.waitFor({ state: 'hidden' });
    const row = page.getByTestId('sms-table').getByRole('row', { name: /PASTE00001/ });
    await row.getByText('Ready to match').waitFor();
    assert.match(await row.innerText(), /Added by hand/);

    await row.getByRole('button', { name: 'Trash PASTE00001' }).click();
    await row.getByText('In the trash').waitFor();
    await row.getByRole('button', { name: 'Restore PASTE00001' }).click();
    await row.getByText('Needs review').waitFor();
    assert.match(await row.innerText(), /Restored from the trash/);
    await row.getByRole('button', { name: 'Approve PASTE00001' }).click();
    await row.getByText('Approved by an administrator.').waitFor();

    const wallets = page.getByTestId('wallets-table');
    const phoneWallet = wallets.getByRole('row', { name: /Shop phone/ });
    assert.match(await phoneWallet.innerText(), /৳250\.00/);
    await phoneWallet.getByRole('button', { name: /^Set balance/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Set the bKash balance' });
    await field('Balance (৳)').fill('lots');
    await dialog.getByRole('button', { name: 'Set balance' }).click();
    await dialog.getByText('Balance must be an amount such as 1,250 or 1,25,000.50').waitFor();
    // Typed as the wallet app shows it: grouped, in Bangla digits.
    await field('Balance (৳)').fill('৳১,২০০');
    await dialog.getByRole('button', { name: 'Set balance' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await phoneWallet.getByText('৳1,200.00').waitFor();
    // The confirmation toast would cover the pictures.
    // One at a time from the first: closing one renumbers the rest (`.all()` then points past the end).
    const closeNotification = page.getByRole('button', { name: 'Close notification' });
    while ((await closeNotification.count()) > 0)
      await closeNotification
        .first()
        .click()
        .catch(() => undefined);
    await shot('42-wallet-balances', true);
  });

  it('the payment shows the SMS that completed it', async () => {
    const row = page.getByTestId('sms-table').getByRole('row', { name: new RegExp(TRX) });
    await row.getByRole('link', { name: 'Open the payment' }).click();
    await page.getByRole('heading', { name: 'Confirmed by SMS' }).waitFor();
    assert.match(await page.locator('h1').innerText(), /৳250\.00/);
    await page.getByText('Completed', { exact: true }).first().waitFor();
    const sms = page.getByTestId('payment-sms');
    assert.match(await sms.innerText(), new RegExp(`${TRX}[\\s\\S]*${PAYER}`));
    await shot('43-payment-completed-by-sms', true);
  });

  it('revokes the device after a confirmation; its next SMS is refused', async () => {
    await page.goto('/admin/brands/default/settings/devices');
    await page.getByRole('button', { name: 'Revoke Shop phone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke device' });
    await shot('44-revoke-device');
    await dialog.getByRole('button', { name: 'Revoke device' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('devices-table').getByText('Revoked').waitFor();
    assert.match(await page.getByTestId('url-warning').innerText(), /PUBLIC_URL/, 'the Devices page warns too');
    const refused = await forward(deviceKey, 'bKash', bkashSms({ amount: 100, balance: 120100, trx: 'REVOKED001' }));
    assert.equal(refused.status, 401);
    assert.equal(refused.body.code, 'device_revoked');
  });
});
