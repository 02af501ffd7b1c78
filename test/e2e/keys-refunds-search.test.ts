/**
 * Issue 17 point 10 in a real browser against a real Duar on SQLite: the expiry picker's Escape keeps the New key form,
 * a rolled key reads as rolled (not as a second active key, not "Expired" beside "never"), the Test badge is whole,
 * a manual refund reads "To be paid out" until it is, a greyed-out "Through the gateway" says why, the payments search
 * finds a shop's order number and a phone typed with +880 or spaces, and the audit log names payments by invoice id.
 * Steps share one page and run in order; screenshots 65–69 go to docs/screenshots/.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/service.js';
import { rollApiKey } from '../../src/modules/api-keys/service.js';
import { updateMethodSettings } from '../../src/modules/gateways/settings.js';
import { seedKey, signedInAdmin, show } from '../harness.js';
import { apiCheckout, browserSteps, byLabel, screenshot, type TestServer } from './server.js';

const EMAIL = 'keys10@example.com';
const PASSWORD = 'correct horse battery staple';
const actor = { label: 'test', ip: null };

describe('dashboard: keys, refunds, search and the audit log in Chromium (issue 17.10)', () => {
  let server: TestServer;
  let page: Page;
  let invoice = '';
  let consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const shot = (name: string, full = false) => screenshot({ page, consoleErrors }, name, full);
  const field = (label: string) => byLabel(page, label);
  const keyRows = (name: string) =>
    page
      .getByTestId('keys-table')
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name, exact: true }) });
  /** Whether an element shows all of its text (no ellipsis): its content fits its box. */
  const whole = (el: Locator) => el.evaluate((e) => e.scrollWidth <= e.clientWidth && (e.firstElementChild?.scrollWidth ?? 0) <= e.clientWidth);

  const it = browserSteps('keys-refunds-search', async (session) => {
    ({ server, page, consoleErrors } = session);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await createAdmin(server.db, { email: EMAIL, password: PASSWORD });
    // A live key rolled a minute ago with a day's grace (old one still works), and a test key whose grace ended.
    const shop = await seedKey(server, { name: 'Shop website' });
    await rollApiKey(server.db, server.appKey, server.brand, shop.id, '24h', actor);
    const plugin = await seedKey(server, { name: 'Plugin test', mode: 'test' }, server.brand, Date.now() - 3 * 86_400_000);
    await rollApiKey(server.db, server.appKey, server.brand, plugin.id, '1h', actor, Date.now() - 2 * 86_400_000);

    // A bKash (manual wallet) payment with the shop's order number in its metadata, paid from +880 1812-345678 and approved.
    await updateMethodSettings(
      server.db,
      server.brand.id,
      'bkash',
      { enabled: true, account_number: '01712345678', account_type: 'personal', instructions: null },
      actor,
    );
    const live = (await seedKey(server, { name: 'Live orders' })).key;
    invoice = await apiCheckout(server, live, { metadata: { order_id: 'WC-58213' } });
    const paid = await fetch(`${server.origin}/payment/${invoice}/wallet/bkash`, {
      method: 'POST',
      body: new URLSearchParams({ sender_number: '01812345678', transaction_id: 'TRXKEYS0001' }),
      redirect: 'manual',
    });
    assert.ok(paid.status < 400, `paid: HTTP ${paid.status}`);
    const admin = await signedInAdmin(server);
    const approved = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/payments/${invoice}/approve`, payload: {} });
    assert.equal(approved.statusCode, 200, show(approved));
  });

  it('signs in on API Settings', async () => {
    await page.goto('/admin/brands/default/settings/api');
    await field('Email').fill(EMAIL);
    await field('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'API Settings' }).waitFor();
  });

  it('shows a rolled key as rolled: one Active row per name, "Rolled — works until …" on the old one, never "Expired" beside "Never"', async () => {
    const shop = keyRows('Shop website');
    await shop.first().waitFor();
    assert.equal(await shop.count(), 2, 'the new key and the old one');
    const texts = await shop.allInnerTexts();
    assert.equal(texts.filter((t) => /\bActive\b/i.test(t)).length, 1, `one Active row for Shop website: ${JSON.stringify(texts)}`);
    assert.equal(texts.filter((t) => /Rolled — works until \d/.test(t)).length, 1, `the old key says until when it works: ${JSON.stringify(texts)}`);

    const ended = keyRows('Plugin test').filter({ hasText: 'Rolled — stopped working' });
    assert.equal(await ended.count(), 1, `the old test key says it stopped working: ${JSON.stringify(await keyRows('Plugin test').allInnerTexts())}`);
    const expires = (await ended.getByRole('cell').nth(4).innerText()).trim();
    assert.doesNotMatch(expires, /Never/i, 'a key that stopped working does not say it never expires');
    assert.match(expires, /\d{4}, \d{2}:\d{2}/, `its Expires column shows when it stopped: "${expires}"`);
    assert.doesNotMatch(await ended.innerText(), /\bExpired\b/i, 'nor "Expired", as if its own date had passed');
  });

  it('shows the Test badge whole, in the table and on a phone card', async () => {
    const badges = page.getByTestId('keys-table').getByTestId('test-badge');
    assert.equal(await badges.count(), 2, 'both test keys carry the badge');
    for (const badge of await badges.all()) {
      assert.equal((await badge.innerText()).trim().toUpperCase(), 'TEST');
      assert.ok(await whole(badge), 'the badge is not cut to "T…"');
    }
    await shot('65-rolled-keys');
    await page.setViewportSize({ width: 390, height: 844 });
    const cards = page.getByTestId('keys-cards');
    await cards.waitFor();
    for (const badge of await cards.getByTestId('test-badge').all()) assert.ok(await whole(badge), 'the phone card badge is not cut');
    const old = cards.getByRole('listitem').filter({ hasText: 'Rolled — stopped working' });
    assert.doesNotMatch(await old.innerText(), /Expires: Never/, 'the card does not say Expires: Never for a key that stopped');
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByTestId('keys-table').waitFor();
  });

  it('keeps the New key form and what was typed when Escape closes the expiry picker', async () => {
    await page.getByRole('button', { name: 'New api key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New api key' });
    await field('Name').fill('Checkout plugin');
    const calendarDay = page.getByRole('button', { name: /^\d+ \w+ \d{4}$/ }).first();
    // Escape after opening the calendar with a click, after typing a date, and with the focus inside the calendar.
    for (const open of [
      () => field('Expires at').click(),
      () => field('Expires at').pressSequentially('15/0'),
      // A complete date: Mantine keeps the calendar open, and this is where Escape used to close the whole form.
      async () => {
        await field('Expires at').fill('');
        await field('Expires at').pressSequentially('15/01/2030');
      },
      async () => {
        await field('Expires at').click();
        await page.locator('[data-direction="next"]').first().click();
      },
    ]) {
      await open();
      await calendarDay.waitFor();
      await page.keyboard.press('Escape');
      await calendarDay.waitFor({ state: 'hidden' });
      assert.equal(await dialog.isVisible(), true, 'Escape closed the calendar, not the form');
      assert.equal(await field('Name').inputValue(), 'Checkout plugin', 'the typed name is kept');
      await field('Name').click();
    }
    assert.equal(await field('Expires at').inputValue(), '15/01/2030', 'the typed date is kept');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('says why "Through the gateway" is not offered, and shows a manual refund as "To be paid out" until it is', async () => {
    await page.goto(`/admin/brands/default/payments/${invoice}`);
    await page.getByRole('heading', { name: 'Refunds' }).waitFor();
    await page.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund payment' });
    const gateway = dialog.getByRole('radio', { name: 'Through the gateway' });
    assert.equal(await gateway.isDisabled(), true);
    const reason = dialog.getByTestId('gateway-refund-reason');
    assert.match(await reason.innerText(), /bKash .*cannot .*through the gateway/i, 'the reason is on the screen, not only in a tooltip');
    assert.equal(await reason.isVisible(), true);
    await dialog.getByLabel('Amount').fill('40');
    await shot('66-refund-gateway-reason');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await dialog.waitFor({ state: 'detached' });
    const refunds = page.getByTestId('refunds-table');
    const row = refunds.getByRole('row').filter({ hasText: 'Manual' });
    await row.waitFor();
    assert.match(await row.innerText(), /To be paid out/);
    assert.doesNotMatch(await row.innerText(), /\bDone\b/, 'not Done while the money is still to be sent back');
    await shot('67-manual-refund-to-be-paid-out');
    await page.getByRole('button', { name: 'Mark paid out' }).click();
    await refunds
      .getByText(/Paid out/)
      .first()
      .waitFor();
    assert.match(await row.innerText(), /\bDone\b/, 'Done once paid out');
  });

  it('finds the payment by the shop order number and by a phone number typed with +880, spaces and dashes', async () => {
    for (const typed of ['WC-58213', 'wc-582', '+880 1812-345678', '01812 345678']) {
      await page.goto(`/admin/brands/default/payments?q=${encodeURIComponent(typed)}`);
      await page.getByTestId('payments-table').getByRole('link', { name: invoice }).waitFor();
    }
    await field('Search').fill('WC-58213');
    await shot('68-search-order-number');
  });

  it('names payments in the audit log by their invoice id', async () => {
    await page.goto('/admin/brands/default/settings/audit');
    const log = page.getByTestId('audit-log');
    const approved = log.getByRole('row').filter({ hasText: 'Payment approved' }).first();
    await approved.waitFor();
    assert.match(await approved.innerText(), new RegExp(invoice), 'the invoice id');
    assert.doesNotMatch(await log.innerText(), /\bpay_[0-9a-z]/i, 'no internal payment id');
    await page.getByLabel('About').fill(invoice);
    await log.getByRole('row').filter({ hasText: 'Refunded' }).first().waitFor();
    await shot('69-audit-invoice-ids');
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
