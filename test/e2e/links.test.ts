/**
 * Payment links in a real browser against a real Duar on SQLite: the merchant creates a link in the dashboard (the
 * server's message beside each field it refuses), shares it, and a customer on a 390 px phone opens it, pays it with a
 * bKash TrxID that a forwarded SMS completes, and comes back to the link's page; the link's stats and payments show it.
 * Steps share one page and run in order; screenshots 100–109 go to docs/screenshots/.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/service.js';
import { enableWallet } from '../payments/helpers.js';
import { bkashSms, seedDevice } from '../sms/support.js';
import { forwardSms, phonePage, usePhoneFonts } from './phone.js';
import { browserSteps, byLabel, screenshot, type TestServer } from './server.js';

const EMAIL = 'links@example.com';
const PASSWORD = 'correct horse battery staple';
const TRX = 'LNK7E2E001';
const PAYER = '01812345678';

usePhoneFonts();

describe('dashboard: a payment link created, shared, paid on a phone and counted, in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  let deviceKey = '';
  let linkUrl = '';
  let detailPath = '';
  const field = (label: string) => byLabel(page, label);
  const shot = (name: string, full = false) => screenshot({ page, consoleErrors }, name, full);
  const closeNotifications = async () => {
    const close = page.getByRole('button', { name: 'Close notification' });
    while ((await close.count()) > 0)
      await close
        .first()
        .click()
        .catch(() => undefined);
  };

  const it = browserSteps('links', async (session) => {
    ({ server, browser, page, consoleErrors } = session);
    await createAdmin(server.db, { email: EMAIL, password: PASSWORD });
    await enableWallet(server, 'bkash');
    deviceKey = (await seedDevice(server)).key;
  });

  it('signs in and opens Payment links from the menu, empty at first', async () => {
    await page.goto('/admin/brands/default/overview');
    await field('Email').fill(EMAIL);
    await field('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Payment links' }).click();
    await page.getByRole('heading', { name: 'Payment links', level: 1 }).waitFor();
    await page.getByTestId('links-empty').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Payment links' }).getAttribute('aria-current'), 'page', 'the menu marks Payment links');
  });

  it("refuses a form with mistakes, each of the server's messages on its field", async () => {
    await page.getByRole('button', { name: 'New link' }).click();
    const dialog = page.getByRole('dialog', { name: 'New payment link' });
    await field('Amount').fill('lots');
    await field('Expires at').fill('31/02/2026');
    await field('Slug').fill('a b');
    await dialog.getByRole('button', { name: 'Add a question' }).click();
    await field('Answer type 1').selectOption('select');
    await field('Question 1').fill('Size');
    await dialog.getByRole('button', { name: 'Create link' }).click();
    // The marks come with the server's answer: wait for it before reading them (a busy machine answers late).
    await dialog
      .getByText(/Title must not be empty/)
      .first()
      .waitFor();
    for (const [label, message] of [
      ['Title', /Title must not be empty/],
      ['Amount', /Amount must be an amount/],
      ['Expires at', /31\/02\/2026" is not a valid date/],
      ['Slug', /Slug must be 3–64 letters/],
      ['Choices 1', /"Size" is a select and needs options/],
    ] as const) {
      const input = field(label);
      assert.equal(await input.getAttribute('aria-invalid'), 'true', `${label} is marked`);
      const described = (await input.getAttribute('aria-describedby')) ?? '';
      const texts = await Promise.all(described.split(' ').map((id) => page.locator(`[id="${id}"]`).allInnerTexts()));
      assert.match(texts.flat().join(' '), message, `${label}: its message beside it`);
    }
    await shot('100-link-field-errors', true);
  });

  it('creates a fixed-price link with stock, a slug and a question; its page opens to share', async () => {
    const dialog = page.getByRole('dialog', { name: 'New payment link' });
    await field('Title').fill('Eid panjabi');
    await field('Description').fill('Hand-stitched cotton, delivered in Dhaka within 3 days.');
    await field('Title in Bangla').fill('ঈদের পাঞ্জাবি');
    await field('Amount').fill('1,250');
    await field('Quantity').fill('5');
    await field('Expires at').fill('');
    await field('Slug').fill('eid-panjabi');
    await field('Choices 1').fill('M, L, XL');
    await page.getByRole('checkbox', { name: 'Required' }).check();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Eid panjabi', level: 1 }).waitFor();
    detailPath = new URL(page.url()).pathname;
    linkUrl = `${server.origin}/pay/default/eid-panjabi`;
    assert.equal((await page.getByTestId('link-url').innerText()).trim(), linkUrl);
    assert.equal((await page.getByTestId('link-stat-remaining').innerText()).trim(), '5 of 5');
    await page.getByText('Taking payments').waitFor();
    const bangla = await page.evaluate(async (url) => (await fetch(url)).text(), '/pay/default/eid-panjabi?lang=bn');
    assert.match(bangla, /<h1>ঈদের পাঞ্জাবি<\/h1>/, 'the Bangla page shows the Bangla title');

    await page.getByRole('button', { name: 'Copy the link' }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), linkUrl, 'the clipboard holds the link');
    const whatsapp = await page.getByRole('link', { name: 'Share on WhatsApp' }).getAttribute('href');
    assert.equal(whatsapp, `https://wa.me/?text=${encodeURIComponent(`Eid panjabi: ${linkUrl}`)}`);
    for (const [name, type] of [
      ['QR code (PNG)', 'image/png'],
      ['QR code (SVG)', 'image/svg+xml'],
    ] as const) {
      const href = (await page.getByRole('link', { name }).getAttribute('href'))!;
      const got = await page.evaluate(async (h) => {
        const res = await fetch(h);
        return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength };
      }, href);
      assert.equal(got.status, 200, name);
      assert.ok(got.type?.startsWith(type), `${name}: ${got.type}`);
      assert.ok(got.size > 200, `${name}: ${got.size} bytes`);
    }
    await page.getByRole('img', { name: `QR code of ${linkUrl}` }).waitFor();
    await closeNotifications();
    // The "Copied" tooltip would cover the address in the picture.
    await page.mouse.move(0, 0);
    await page.getByText('Copied', { exact: true }).waitFor({ state: 'hidden' });
    await shot('101-link-share', true);
  });

  it('a customer on a 390 px phone opens the link, answers, and pays with a bKash TrxID completed by a forwarded SMS', async () => {
    const customer = await phonePage(browser, server.origin);
    const c = customer.page;
    const cshot = (name: string, full = true) => screenshot(customer, name, full);
    await c.goto(linkUrl);
    await c.getByRole('heading', { name: 'Eid panjabi' }).waitFor();
    await c.getByText('৳1,250.00').waitFor();
    // Submitted empty first: each problem on its field, nothing paid.
    await c.getByRole('button', { name: 'Continue to payment' }).click();
    assert.equal(await c.getByLabel('Your name').getAttribute('aria-invalid'), 'true');
    assert.equal(await c.getByLabel('Size').getAttribute('aria-invalid'), 'true');
    await c.getByLabel('Your name').fill('Rahim Uddin');
    await c.getByLabel('Mobile number').fill(PAYER);
    await c.getByLabel('Size').selectOption('L');
    await cshot('102-link-page-phone');
    await c.getByRole('button', { name: 'Continue to payment' }).click();
    await c.waitForURL(/\/payment\/[^/]+$/);
    await c.getByText('bKash', { exact: true }).click();
    await c.getByLabel('Your bKash number').fill(PAYER);
    await c.getByLabel('Transaction ID (TrxID)').fill(TRX);
    await cshot('103-link-checkout-phone');
    await c.getByRole('button', { name: 'Submit payment' }).click();
    await c.getByText(/Waiting for confirmation/).waitFor();
    const invoice = new URL(c.url()).pathname.split('/').pop()!;

    const sent = await forwardSms(server.origin, deviceKey, bkashSms({ amount: 125_000, balance: 125_000, trx: TRX, from: PAYER }));
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual(
      sent.body.results?.map((r) => [r.status, r.invoice_id]),
      [['used', invoice]],
    );
    // The waiting page notices by itself and returns to the link's page, which thanks the customer.
    await c.waitForURL(/\/pay\/default\/eid-panjabi\?invoice_id=/);
    await c
      .getByRole('status')
      .getByText(/Thank you/)
      .waitFor();
    await cshot('104-link-paid-phone');
    await c.context().close();
  });

  it("the link's stats and payments show the paid order", async () => {
    await page.goto(detailPath);
    await page.getByRole('heading', { name: 'Eid panjabi', level: 1 }).waitFor();
    assert.equal((await page.getByTestId('link-stat-payments').innerText()).trim(), '1');
    assert.equal((await page.getByTestId('link-stat-collected').innerText()).trim(), '৳1,250.00');
    assert.equal((await page.getByTestId('link-stat-remaining').innerText()).trim(), '4 of 5');
    const row = page.getByTestId('payments-table').getByRole('row', { name: /Rahim Uddin/ });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`৳1,250\\.00[\\s\\S]*bKash[\\s\\S]*${TRX}[\\s\\S]*Completed`, 'i'));
    await shot('105-link-stats', true);
  });

  it('lists the link with its payments, collected and remaining stock, as a table and as cards on a phone', async () => {
    await page.getByRole('link', { name: '← Payment links' }).click();
    const row = page.getByTestId('links-table').getByRole('row', { name: /Eid panjabi/ });
    await row.waitFor();
    assert.match(await row.innerText(), /৳1,250\.00\s+1\s+৳1,250\.00\s+4 of 5\s+Taking payments/i);
    await shot('106-links');
    await page.setViewportSize({ width: 390, height: 844 });
    const card = page.getByTestId('links-cards').locator('li', { hasText: 'Eid panjabi' });
    await card.waitFor();
    assert.match(await card.innerText(), /Payments\s*1[\s\S]*Collected\s*৳1,250\.00[\s\S]*Remaining\s*4 of 5/);
    await shot('107-links-phone', true);
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it("edits the link into an open amount, then deactivates it: the customer's page says so (410)", async () => {
    await page.getByRole('link', { name: 'Eid panjabi' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit “Eid panjabi”' });
    await field('Title').fill('Eid panjabi (any size)');
    await dialog.getByText('Customer types the amount').click();
    await field('Minimum amount').fill('500');
    await field('Maximum amount').fill('100');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText('Maximum amount must not be less than the minimum amount').waitFor();
    await field('Maximum amount').fill('5,000');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Eid panjabi (any size)', level: 1 }).waitFor();
    await page.getByText('৳500.00 to ৳5,000.00').waitFor();

    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText('Deactivated', { exact: true }).waitFor();
    const res = await fetch(linkUrl);
    assert.equal(res.status, 410);
    assert.match(await res.text(), /not taking payments/);
    await closeNotifications();
    await shot('108-link-deactivated', true);
  });

  it('deletes the link after a confirmation; its payments stay', async () => {
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete payment link' });
    await shot('109-delete-link');
    await dialog.getByRole('button', { name: 'Delete link' }).click();
    await page.getByRole('heading', { name: 'Payment links', level: 1 }).waitFor();
    await page.getByTestId('links-empty').waitFor();
    assert.equal((await fetch(linkUrl)).status, 404);
    const payments = await page.evaluate(
      async () => (await (await fetch('/admin/api/brands/default/payments')).json()) as { payments: { full_name: string }[] },
    );
    assert.deepEqual(
      payments.payments.map((p) => p.full_name),
      ['Rahim Uddin'],
    );
  });
});
