/**
 * Creating a brand from the dashboard, and the Sandbox warning, in a real browser against a real Duar on SQLite.
 * Starts with the one brand a fresh install has (so no switcher yet). Steps share one page and run in order;
 * screenshots go to docs/screenshots/.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/admins.js';
import { browserSteps, byLabel, screenshot, type TestServer } from './server.js';

const EMAIL = 'brands@example.com';
const PASSWORD = 'correct horse battery staple';

describe('dashboard: new brand and the Sandbox warning in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const field = (label: string) => byLabel(page, label);
  let consoleErrors: string[] = [];
  const shot = (name: string, full = false) => screenshot({ page, consoleErrors }, name, full);
  const adminGet = (path: string) => page.evaluate(async (p) => (await fetch(`/admin/api${p}`)).json(), path);
  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
  /** The text a screen reader reads as a field's description: everything its aria-describedby points at. */
  async function describedBy(label: string): Promise<string> {
    const ids = ((await field(label).getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    return (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText().catch(() => '')))).join(' ');
  }

  const it = browserSteps('brands', async (session) => {
    ({ server, browser, context, page, consoleErrors } = session);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await createAdmin(server.db, { email: EMAIL, password: PASSWORD });
  });

  it('offers New brand while only one brand exists (no switcher yet)', async () => {
    await page.goto('/admin/');
    await page.getByRole('heading', { name: 'Sign in to Duar' }).waitFor();
    await field('Email').fill(EMAIL);
    await field('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'API Settings' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Brand' }).count(), 0, 'no switcher with one brand');
    await page.getByRole('button', { name: 'New brand' }).waitFor();
  });

  it('opens the form with focus in Name, suggests the slug, and Escape closes it, returning focus', async () => {
    const opener = page.getByRole('button', { name: 'New brand' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'New brand' });
    await dialog.waitFor();
    await page.waitForFunction(() => document.activeElement?.closest('[role="dialog"]') !== null);
    assert.equal(await focusedId(), await field('Name').getAttribute('id'), 'focus starts in Name');
    assert.equal(await page.getByRole('combobox', { name: /^Time zone/ }).inputValue(), 'Asia/Dhaka');
    assert.equal(await field('Currency').inputValue(), 'BDT');
    await page.keyboard.type('Rahim’s Traders');
    assert.equal(await field('Slug').inputValue(), 'rahims-traders', 'the slug follows the name');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await opener.evaluate((el) => el === document.activeElement), true, 'focus returns to New brand');
  });

  it('shows the server’s message beside Slug for an invalid slug, and creates nothing', async () => {
    await page.getByRole('button', { name: 'New brand' }).click();
    const dialog = page.getByRole('dialog', { name: 'New brand' });
    await field('Name').fill('Rahim Traders');
    assert.equal(await field('Slug').inputValue(), 'rahim-traders');
    await field('Slug').fill('Bad Slug');
    await field('Name').fill('Rahim Traders Ltd'); // an edited slug no longer follows the name
    assert.equal(await field('Slug').inputValue(), 'Bad Slug');
    await field('Domain').fill('pay.rahim.example');
    await dialog.getByRole('button', { name: 'Create brand' }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true');
    assert.equal(await focusedId(), await field('Slug').getAttribute('id'), 'focus goes to the field at fault');
    assert.match(await describedBy('Slug'), /Slug must be 1–40 lowercase letters, digits or hyphens/);
    await shot('29-new-brand');
    const listed = (await adminGet('/brands')) as { brands: { slug: string }[] };
    assert.deepEqual(listed.brands.map((b) => b.slug), ['default']);
  });

  it('creates the brand, shows it in the switcher and opens its API Settings', async () => {
    const dialog = page.getByRole('dialog', { name: 'New brand' });
    await field('Slug').fill('rahim');
    assert.equal(await field('Slug').getAttribute('aria-invalid'), null, 'the message goes once the field is changed');
    await dialog.getByRole('button', { name: 'Create brand' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForURL(/\/admin\/brands\/rahim\/settings\/api$/, { waitUntil: 'commit' });
    await page.getByRole('heading', { name: 'API Settings' }).waitFor();
    await page.getByTestId('keys-empty').waitFor();
    assert.match(await page.title(), /Rahim Traders Ltd/);
    const b = (await adminGet('/brands/rahim')) as { brand: { name: string; domain: string; timezone: string; currency: string } };
    assert.deepEqual([b.brand.name, b.brand.domain, b.brand.timezone, b.brand.currency], ['Rahim Traders Ltd', 'pay.rahim.example', 'Asia/Dhaka', 'BDT']);

    const switcher = page.getByRole('combobox', { name: 'Brand' });
    assert.equal(await switcher.inputValue(), 'Rahim Traders Ltd');
    await switcher.click();
    const options = await page.getByRole('option').allInnerTexts();
    assert.deepEqual(options.map((o) => o.trim()), ['Default brand', 'Rahim Traders Ltd']);
    await page.keyboard.press('Escape');
  });

  it('warns on Payments and Payment methods while the new brand’s Sandbox is on', async () => {
    // New brands (and a fresh install's default brand) start with Sandbox off; switch it on as a merchant testing would.
    const methods = (await adminGet('/brands/rahim/payment-methods')) as { payment_methods: { method: string; enabled: boolean }[] };
    assert.equal(methods.payment_methods.find((m) => m.method === 'sandbox')?.enabled, false, 'a new brand starts with Sandbox off');
    await page.evaluate(async () => {
      const { csrf_token } = await (await fetch('/admin/api/session')).json();
      for (const brand of ['rahim', 'default']) {
        await fetch(`/admin/api/brands/${brand}/payment-methods/sandbox`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf_token }, body: JSON.stringify({ enabled: true }) });
      }
    });
    await page.getByRole('link', { name: 'Payments' }).click();
    await page.getByText('No payments yet.').waitFor();
    const warning = page.getByTestId('sandbox-warning');
    await warning.waitFor();
    assert.equal(await warning.getAttribute('role'), 'alert');
    assert.match(await warning.innerText(), /Sandbox is on/);
    assert.match(await warning.innerText(), /WooCommerce and WHMCS only check the payment's status/);
    assert.equal(await warning.getByRole('button', { name: /close/i }).count(), 0, 'not dismissable');
    await shot('30-sandbox-warning');

    await warning.getByRole('link', { name: 'Switch Sandbox off' }).click();
    await page.waitForURL(/\/admin\/brands\/rahim\/settings\/payment-methods$/, { waitUntil: 'commit' });
    await page.getByTestId('method-sandbox').waitFor();
    await page.getByTestId('sandbox-warning').waitFor();
    await page.getByTestId('sandbox-warning').getByRole('button', { name: 'Go to the Sandbox switch' }).click();
    assert.equal(await page.getByRole('switch', { name: 'Offer Sandbox on the checkout page' }).evaluate((el) => el === document.activeElement), true);
  });

  it('takes the warning away once Sandbox is switched off, here and on Payments', async () => {
    await page.keyboard.press('Space');
    const sandbox = page.getByTestId('method-sandbox');
    await sandbox.getByText('Off', { exact: true }).waitFor();
    await page.getByTestId('sandbox-warning').waitFor({ state: 'detached' });
    const methods = (await adminGet('/brands/rahim/payment-methods')) as { payment_methods: { method: string; enabled: boolean }[] };
    assert.equal(methods.payment_methods.find((m) => m.method === 'sandbox')?.enabled, false);

    // The page asks for the brand's payment methods; once that answer is in and painted, no warning may show.
    const answered = page.waitForResponse((res) => res.url().endsWith('/admin/api/brands/rahim/payment-methods'));
    await page.getByRole('link', { name: 'Payments' }).click();
    await page.getByText('No payments yet.').waitFor();
    assert.equal((await answered).status(), 200);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    assert.equal(await page.getByTestId('sandbox-warning').count(), 0);

    // The other brand still has Sandbox on, and still warns.
    await page.getByRole('combobox', { name: 'Brand' }).click();
    await page.getByRole('option', { name: 'Default brand' }).click();
    await page.waitForURL(/\/admin\/brands\/default\/payments$/, { waitUntil: 'commit' });
    await page.getByTestId('sandbox-warning').waitFor();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
