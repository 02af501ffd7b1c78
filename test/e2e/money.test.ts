/**
 * Currencies, fees and limits in a real browser against a real Duar on SQLite (issue 16, PRODUCT §8): Brand Settings →
 * Currencies, a wallet's fee and limits under Payment methods, the customer's page with the charge, and the payment
 * detail with amount, rate, fee and charged amount. Every screenshot passes axe first (no critical/serious finding).
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/service.js';
import { seedKey } from '../harness.js';
import { apiCheckout, browserSteps, byLabel, SCREENSHOTS, screenshot, type TestServer } from './server.js';

const EMAIL = 'money@example.com';
const PASSWORD = 'correct horse battery staple';

describe('dashboard: currencies, fees and limits in Chromium', () => {
  let server: TestServer;
  let page: Page;
  let key = '';
  let invoice = '';
  let consoleErrors: string[] = [];
  const field = (label: string) => byLabel(page, label);
  const shot = (name: string, full = false) => screenshot({ page, consoleErrors }, name, full);
  const adminGet = (path: string) => page.evaluate(async (p) => (await fetch(`/admin/api${p}`)).json(), path);

  const it = browserSteps('money', async (session) => {
    ({ server, page, consoleErrors } = session);
    await createAdmin(server.db, { email: EMAIL, password: PASSWORD });
    key = (await seedKey(server)).key;
  });

  it('adds a USD rate under Brand Settings → Currencies, with bad input named beside each field', async () => {
    await page.goto('/admin/brands/default/settings/currencies');
    await page.getByRole('heading', { name: 'Sign in to Duar' }).waitFor();
    await field('Email').fill(EMAIL);
    await field('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Currencies' }).waitFor();
    await page.getByTestId('currencies-empty').waitFor();

    await field('Currency').fill('XYZ');
    await field('BDT per unit').fill('0');
    await page.getByRole('button', { name: 'Save rate' }).click();
    await page.getByText('"XYZ" is not an ISO 4217 currency code').waitFor();
    await page.getByText(/^BDT per unit must be more than 0/).waitFor();
    assert.equal(await field('Currency').getAttribute('aria-invalid'), 'true');

    await field('Currency').fill('usd');
    await field('BDT per unit').fill('৳122.50');
    await page.getByRole('button', { name: 'Save rate' }).click();
    const table = page.getByTestId('currencies-table');
    await table.getByText('1 USD = ৳122.50').waitFor();
    const rates = (await adminGet('/brands/default/currencies')) as { currencies: { currency: string; rate: string }[] };
    assert.deepEqual(
      rates.currencies.map((c) => [c.currency, c.rate]),
      [['USD', '122.5000']],
    );
    await shot('51-currencies');
  });

  it('sets a customer-borne fee and limits on bKash under Payment methods; an out-of-range percentage is refused beside the field', async () => {
    await page.getByRole('link', { name: 'Payment methods' }).click();
    const bkash = page.getByTestId('method-bkash');
    await bkash.waitFor();
    await bkash.getByRole('switch', { name: 'Offer bKash on the checkout page' }).check();
    await bkash.getByLabel('Wallet number').fill('01712345678');
    await bkash.getByLabel(/^Account type/).click();
    await page.getByRole('option', { name: 'Personal' }).click();
    await bkash.getByLabel('Fixed fee').fill('5');
    await bkash.getByLabel('Percentage fee').fill('12');
    await bkash.locator('label', { hasText: 'The customer' }).click();
    assert.equal(await bkash.getByRole('radio', { name: 'The customer' }).isChecked(), true);
    await bkash.getByLabel('Smallest amount').fill('500');
    await bkash.getByLabel('Largest amount').fill('25,000');
    await bkash.getByRole('button', { name: 'Save bKash' }).click();
    await bkash.getByText(/^Percentage fee must be between 0 and 10\.00/).waitFor();
    await bkash.getByLabel('Percentage fee').fill('1.85%');
    await bkash.getByRole('button', { name: 'Save bKash' }).click();
    await bkash.getByText('On', { exact: true }).waitFor();
    const methods = (await adminGet('/brands/default/payment-methods')) as { payment_methods: Record<string, unknown>[] };
    const saved = methods.payment_methods.find((m) => m.method === 'bkash')!;
    assert.deepEqual(
      [saved.fee_fixed, saved.fee_percent, saved.fee_bearer, saved.min_amount, saved.max_amount],
      ['5.00', '1.85', 'customer', '500.00', '25000.00'],
    );
    await shot('52-payment-method-fee-and-limits', true);
  });

  it('shows the customer the converted amount, the rate and the bKash charge', async () => {
    invoice = await apiCheckout(server, key, { amount: 10, currency: 'USD' });
    await page.goto(`/payment/${invoice}`);
    await page.getByText('USD 10.00 = ৳1,225.00 (1 USD = ৳122.50)').waitFor();
    await page.getByText('bKash', { exact: true }).click();
    await page.getByText('৳1,225.00 + ৳27.66 bKash charge = ৳1,252.66').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    // The customer page is not the dashboard (its headings are the pages' own): a plain picture of it.
    await page.screenshot({ path: `${SCREENSHOTS}53-checkout-converted-with-charge.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
    // Submitted as the form does (the browser would then leave for the shop's redirect URL, which does not exist here).
    const res = await fetch(`${server.origin}/payment/${invoice}/wallet/bkash`, {
      method: 'POST',
      body: new URLSearchParams({ sender_number: '01812345678', transaction_id: 'TRXMONEY01' }),
      redirect: 'manual',
    });
    assert.ok(res.status < 400, `HTTP ${res.status}`);
  });

  it('shows amount, rate, fee and charged amount on the payment', async () => {
    await page.goto(`/admin/brands/default/payments/${invoice}`);
    const money = page.getByRole('region', { name: 'Money' });
    await money.waitFor();
    const text = await money.innerText();
    assert.match(text, /Amount\s+USD 10\.00/, text);
    assert.match(text, /Exchange rate\s+1 USD = ৳122\.50/, text);
    assert.match(text, /Fee\s+৳27\.66, paid by the customer/, text);
    assert.match(text, /Charged to the customer\s+৳1,252\.66/, text);
    await shot('54-payment-detail-money', true);
  });
});
