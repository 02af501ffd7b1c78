/**
 * Creating a brand from the dashboard, and Sandbox offered for test payments only, in a real browser against a real Duar on SQLite.
 * Starts with the one brand a fresh install has (so no switcher yet). Steps share one page and run in order;
 * screenshots go to docs/screenshots/.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/service.js';
import { browserSteps, byLabel, screenshot, type TestServer } from './server.js';

const EMAIL = 'brands@example.com';
const PASSWORD = 'correct horse battery staple';

describe('dashboard: new brand and Sandbox for test payments in Chromium', () => {
  let server: TestServer;
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
    return (
      await Promise.all(
        ids.map((id) =>
          page
            .locator(`[id="${id}"]`)
            .innerText()
            .catch(() => ''),
        ),
      )
    ).join(' ');
  }

  const it = browserSteps('brands', async (session) => {
    ({ server, page, consoleErrors } = session);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await createAdmin(server.db, { email: EMAIL, password: PASSWORD });
  });

  it('offers New brand while only one brand exists (no switcher yet)', async () => {
    await page.goto('/admin/');
    await page.getByRole('heading', { name: 'Sign in to Duar' }).waitFor();
    await field('Email').fill(EMAIL);
    await field('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
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
    assert.deepEqual(
      listed.brands.map((b) => b.slug),
      ['default'],
    );
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
    assert.deepEqual(
      options.map((o) => o.trim()),
      ['Default brand', 'Rahim Traders Ltd'],
    );
    await page.keyboard.press('Escape');
  });

  it('shows no Sandbox warning or switch: Sandbox pays only test payments', async () => {
    await page.getByRole('link', { name: 'Payments' }).click();
    await page.getByText('No payments yet.').waitFor();
    assert.equal(await page.getByText(/Sandbox is on/).count(), 0);
    await page.getByRole('link', { name: 'Payment methods' }).click();
    const sandbox = page.getByTestId('method-sandbox');
    await sandbox.getByText('Test payments only', { exact: true }).waitFor();
    assert.equal(await sandbox.getByRole('switch').count(), 0);
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
