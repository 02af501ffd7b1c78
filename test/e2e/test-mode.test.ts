/**
 * Test mode rehearses the real wallet flow (docs/decisions/035-test-mode-rehearsal.md) in a real browser against a real
 * Duar on SQLite: a checkout made with a test key offers bKash besides Sandbox, the customer submits a TrxID and waits,
 * the merchant finds the payment under Needs approval with "Test data" on (live payments stay out of it) and completes
 * it with "Send a test SMS"; the test SMS shows in SMS data only with Test data on. Screenshots 60–64.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/service.js';
import { seedKey } from '../harness.js';
import { enableWallet } from '../payments/helpers.js';
import { apiCheckout, browserSteps, byLabel, SCREENSHOTS, screenshot, type TestServer } from './server.js';

const EMAIL = 'rehearsal@example.com';
const PASSWORD = 'correct horse battery staple';
const TEST_TRX = 'TST7E2E001';
const LIVE_TRX = 'LIV7E2E001';
const PAYER = '01812345678';

describe('dashboard: a test checkout rehearses bKash TrxID + SMS with "Send a test SMS" in Chromium', () => {
  let server: TestServer;
  let context: BrowserContext;
  let page: Page;
  let customer: Page;
  let liveKey = '';
  let testKey = '';
  let testInvoice = '';

  let consoleErrors: string[] = [];
  const customerErrors: string[] = [];
  /** The customer page is not the dashboard (its headings are the pages' own): a plain picture of it, on a phone. */
  const customerShot = async (name: string) => {
    assert.deepEqual(customerErrors, [], `${name}: console errors`);
    await customer.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  };
  const shot = (name: string, full = false) => screenshot({ page, consoleErrors }, name, full);
  const adminGet = (path: string) => page.evaluate(async (p) => (await fetch(`/admin/api${p}`)).json(), path);

  const it = browserSteps('test-mode', async (session) => {
    ({ server, context, page, consoleErrors } = session);
    await createAdmin(server.db, { email: EMAIL, password: PASSWORD });
    liveKey = (await seedKey(server)).key;
    testKey = (await seedKey(server, { mode: 'test' })).key;
    await enableWallet(server, 'bkash');
    // A live bKash payment waiting for approval: it must stay out of the queue while Test data is on.
    const live = await apiCheckout(server, liveKey, { amount: '300', email: 'live@example.com' });
    const res = await fetch(`${server.origin}/payment/${live}/wallet/bkash`, {
      method: 'POST',
      body: new URLSearchParams({ sender_number: '01912345678', transaction_id: LIVE_TRX }),
      redirect: 'manual',
    });
    assert.ok(res.status < 400, `live payment: HTTP ${res.status}`);
  });

  it('a test checkout offers bKash besides Sandbox and says it is a test', async () => {
    testInvoice = await apiCheckout(server, testKey, { amount: '1250', email: 'rehearsal@example.com' });
    customer = await context.newPage();
    await customer.setViewportSize({ width: 390, height: 844 });
    customer.on('console', (m) => {
      if (m.type() === 'error') customerErrors.push(m.text());
    });
    await customer.goto(`/payment/${testInvoice}`);
    await customer.getByText(/Test mode: this checkout was made with a test key/).waitFor();
    await customer.getByText('Sandbox', { exact: true }).waitFor();
    await customer.getByText('bKash', { exact: true }).click();
    await customer.getByLabel('Your bKash number').fill(PAYER);
    await customer.getByLabel('Transaction ID (TrxID)').fill(TEST_TRX);
    await customerShot('60-test-checkout-bkash');
  });

  it('the customer submits the TrxID and waits on the hosted page, as with a live payment', async () => {
    await customer.getByRole('button', { name: 'Submit payment' }).click();
    await customer.getByText(/Waiting for confirmation/).waitFor();
    await customerShot('61-test-checkout-waiting');
  });

  it('Needs approval follows the Test data switch: the live payment without it, only the test one with it', async () => {
    await page.goto('/admin/brands/default/payments');
    await byLabel(page, 'Email').fill(EMAIL);
    await byLabel(page, 'Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const queue = page.getByRole('region', { name: 'Needs approval' });
    await queue.getByText(LIVE_TRX).waitFor();
    assert.equal(await queue.getByText(TEST_TRX).count(), 0, 'the live queue has no test payment');

    await page.getByRole('switch', { name: /Test data/ }).click();
    await page.getByTestId('test-data-notice').waitFor();
    const card = queue.getByRole('listitem', { name: `৳1,250.00 from ${PAYER}` });
    await card.getByText(TEST_TRX).waitFor();
    assert.equal(await queue.getByText(LIVE_TRX).count(), 0, 'with Test data on, the live payment is not under Needs approval');
    await card.getByRole('button', { name: `Send a test SMS for ${TEST_TRX}` }).waitFor();
    await shot('62-test-approvals-queue');
  });

  it('"Send a test SMS" on the test payment completes it through the normal matching', async () => {
    await page.getByTestId('payments-table').getByRole('link', { name: testInvoice }).click();
    const panel = page.getByTestId('test-sms-panel');
    await panel.waitFor();
    assert.match(await panel.innerText(), new RegExp(`৳1,250\\.00 from ${PAYER}, TrxID ${TEST_TRX}`));
    await page.getByTestId('test-payment-badge').waitFor();
    await shot('63-test-payment-waiting', true);
    await panel.getByRole('button', { name: /Send a test SMS/ }).click();
    await page.getByText('Test SMS sent: it completed the payment of ৳1,250.00.').waitFor();
    await panel.waitFor({ state: 'detached' });
    const sms = page.getByTestId('payment-sms');
    await sms.getByTestId('test-sms-badge').waitFor();
    assert.match(
      await sms.innerText(),
      new RegExp(`You have received Tk 1,250\\.00 from ${PAYER}\\. Fee Tk 0\\.00\\. Balance Tk 1,250\\.00\\. TrxID ${TEST_TRX} at`),
    );
    const detail = (await adminGet(`/brands/default/payments/${testInvoice}`)) as { payment: { status: string } };
    assert.equal(detail.payment.status, 'completed');
    // The customer's waiting page notices by itself, as it does for a forwarded SMS.
    await customer.getByText('Payment received. Returning you to the shop…').waitFor();
    await customer.close();
  });

  it('SMS data shows the test SMS, marked, only with Test data on; the live payment still waits', async () => {
    await page.getByRole('link', { name: 'See it in SMS data' }).click();
    await page.getByTestId('sms-test-data-notice').waitFor();
    const row = page.getByTestId('sms-table').getByRole('row', { name: new RegExp(TEST_TRX) });
    await row.getByTestId('test-sms-badge').waitFor();
    assert.match(await row.innerText(), /Paid a payment/i);
    assert.match(await row.innerText(), /Sent from the dashboard \(test\)/);
    assert.equal(await page.getByRole('heading', { name: 'Wallet balances' }).count(), 0, 'test messages have no balances');
    await shot('64-test-sms-data');
    await page.getByRole('switch', { name: /Test data/ }).click();
    await page.getByTestId('sms-test-data-notice').waitFor({ state: 'detached' });
    await page.getByTestId('sms-empty').waitFor();
    const live = (await adminGet(`/brands/default/payments?status=pending`)) as { payments: { transaction_id: string }[] };
    assert.deepEqual(
      live.payments.map((p) => p.transaction_id),
      [LIVE_TRX],
    );
    const wallets = (await adminGet('/brands/default/sms-wallets')) as { wallets: unknown[] };
    assert.deepEqual(wallets.wallets, [], 'the test SMS started no balance chain');
  });
});
