/**
 * Payments, Payment methods, General and the brand switcher in a real browser against a real Duar on SQLite.
 * Payments are made the way customers make them: a checkout through the public API with a key, then the hosted
 * checkout page's Sandbox or bKash form. Steps share one page and run in order; screenshots go to docs/screenshots/.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/service.js';
import { createBrand, findBrandBySlug } from '../../src/modules/brands/service.js';
import { addSmsByHand } from '../../src/modules/sms/service.js';
import { bkashSms } from '../sms/support.js';
import { seedKey } from '../harness.js';
import { apiCheckout, browserSteps, byLabel, expectAccessible, screenshot, type TestServer } from './server.js';

const EMAIL = 'payments@example.com';
const PASSWORD = 'correct horse battery staple';

describe('dashboard: payments, payment methods and brand settings in Chromium', () => {
  let server: TestServer;
  let page: Page;
  let key = '';
  let testKey = '';
  const invoices: Record<'sandbox' | 'bkash' | 'open', string> = { sandbox: '', bkash: '', open: '' };
  const pageErrors: string[] = [];

  const field = (label: string) => byLabel(page, label);
  let consoleErrors: string[] = [];
  const shot = (name: string, full = false) => screenshot({ page, consoleErrors }, name, full);
  const adminGet = (path: string) => page.evaluate(async (p) => (await fetch(`/admin/api${p}`)).json(), path);

  const checkout = (extra: Record<string, unknown> = {}, apiKey = key) => apiCheckout(server, apiKey, extra);
  async function postForm(path: string, fields: Record<string, string>) {
    const res = await fetch(`${server.origin}${path}`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
    assert.ok(res.status < 400, `${path}: HTTP ${res.status} ${await res.text()}`);
  }
  async function openPayment(invoice: string, test = false) {
    await page.goto(`/admin/brands/default/payments?q=${invoice}${test ? '&livemode=false' : ''}`);
    await page.getByTestId('payments-table').getByRole('link', { name: invoice }).click();
    await page.getByRole('heading', { name: 'Refunds' }).waitFor();
  }

  const it = browserSteps('payments', async (session) => {
    ({ server, page, consoleErrors } = session);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await createAdmin(server.db, { email: EMAIL, password: PASSWORD });
    await createBrand(server.db, { slug: 'second-shop', name: 'Second shop', timezone: 'Asia/Dhaka', currency: 'BDT' }, { label: 'test', ip: null });
    key = (await seedKey(server)).key;
    testKey = (await seedKey(server, { mode: 'test' })).key;
  });

  it('signs in and shows an empty payment list that explains where payments come from', async () => {
    await page.goto('/admin/brands/default/payments');
    await page.getByRole('heading', { name: 'Sign in to Duar' }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(consoleErrors, [], 'no console error before sign-in (not even the session check)');
    const icon = await page.evaluate(async () => (await fetch(document.querySelector<HTMLLinkElement>('link[rel=icon]')!.href)).headers.get('content-type'));
    assert.match(icon ?? '', /image\/svg\+xml/, 'a favicon');
    await expectAccessible(page, 'sign-in');
    await field('Email').fill(EMAIL);
    await field('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Payments' }).waitFor();
    assert.match(page.url(), /\/admin\/brands\/default\/payments$/, 'back where the merchant was going');
    await page.getByText('No payments yet.').waitFor();
  });

  it('sets up bKash under Payment methods, with the server refusing it without a number beside the field', async () => {
    const group = page.getByRole('button', { name: 'Brand Settings' });
    assert.equal(await group.getAttribute('aria-expanded'), 'true', 'Brand Settings is a real, open disclosure button');
    await group.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Payment methods' }).waitFor({ state: 'hidden' });
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Payment methods' }).click();
    const bkash = page.getByTestId('method-bkash');
    await bkash.waitFor();
    await bkash.getByRole('switch', { name: 'Offer bKash on the checkout page' }).check();
    await bkash.getByRole('button', { name: 'Save bKash' }).click();
    await bkash.getByText('Wallet number is required to turn on bKash').waitFor();
    assert.equal(await bkash.getByLabel('Wallet number').getAttribute('aria-invalid'), 'true');
    await bkash.getByLabel('Wallet number').fill('01712345678');
    await bkash.getByLabel(/^Account type/).click();
    await page.getByRole('option', { name: 'Personal' }).click();
    await bkash.getByLabel('Instructions', { exact: true }).fill('Send Money to this number, then enter your number and the transaction ID.');
    await bkash.getByRole('button', { name: 'Save bKash' }).click();
    await bkash.getByText('On', { exact: true }).waitFor();
    const methods = (await adminGet('/brands/default/payment-methods')) as {
      payment_methods: { method: string; enabled: boolean; account_number: string | null; account_type: string | null }[];
    };
    assert.deepEqual(
      methods.payment_methods.filter((m) => m.method === 'bkash').map((m) => [m.enabled, m.account_number, m.account_type]),
      [[true, '01712345678', 'personal']],
    );
    await shot('20-payment-methods', true);
  });

  it('shows Sandbox as the method of test payments, without a switch', async () => {
    const sandbox = page.getByTestId('method-sandbox');
    await sandbox.getByText('Test payments only', { exact: true }).waitFor();
    assert.equal(await sandbox.getByRole('switch').count(), 0);
  });

  it('lists payments made through the public API and the checkout page, with filters and search', async () => {
    // Sandbox pays only test payments, made with a test key; they are listed under "Test data", apart from live ones.
    invoices.sandbox = await checkout({ email: 'paid@example.com', amount: '100', webhook_url: 'https://shop.example.com/ipn' }, testKey);
    await postForm(`/payment/${invoices.sandbox}/sandbox`, { outcome: 'success' });
    invoices.bkash = await checkout({ email: 'wallet@example.com', amount: '250.50' });
    await postForm(`/payment/${invoices.bkash}/wallet/bkash`, { sender_number: '01812345678', transaction_id: 'TRXE2E0001' });
    invoices.open = await checkout({ email: 'open@example.com', amount: '75' });

    await page.getByRole('link', { name: 'Payments' }).click();
    const table = page.getByTestId('payments-table');
    await table.waitFor();
    assert.equal(await table.getByRole('row').count(), 3, 'header + 2 live payments');
    await page.getByText('2 payments').waitFor();
    assert.match(await table.innerText(), /৳250\.50/, 'amounts with the taka sign');
    await shot('21-payments');

    // The calendar marks Bangladesh's weekend, Friday and Saturday, for an Asia/Dhaka brand (weeks start on Saturday).
    await page.getByRole('button', { name: 'Created' }).click();
    const month = page.locator('[data-weekend]').first().locator('xpath=ancestor::table[1]');
    const weekendColumns = await month
      .locator('tbody tr')
      .nth(1)
      .evaluate((row) => [...row.querySelectorAll('td')].flatMap((cell, i) => (cell.querySelector('[data-weekend]') ? [i] : [])));
    assert.deepEqual(weekendColumns, [0, 6], 'Saturday (first column) and Friday (last column)');
    await page.keyboard.press('Escape');

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Pending' }).click();
    await page.getByText('1 payment', { exact: true }).waitFor();
    assert.match(await table.innerText(), /wallet@example\.com/);
    assert.match(page.url(), /status=pending/, 'filters live in the URL');
    // "Download CSV" takes the same filters; the browser's session downloads the one matching payment.
    const exportHref = await page.getByTestId('payments-export').getAttribute('href');
    assert.equal(exportHref, '/admin/api/brands/default/payments/export.csv?status=pending');
    const csv = await page.evaluate(async (href) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await fetch(href)).arrayBuffer()), exportHref!);
    assert.match(csv, /^\uFEFFInvoice ID,/);
    assert.equal(csv.trim().split('\r\n').length, 2, 'the header and the one pending payment');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText('2 payments').waitFor();
    await field('Search').fill('wallet@example');
    await page.getByText('1 payment', { exact: true }).waitFor();
    assert.match(await table.innerText(), new RegExp(invoices.bkash));
    await field('Search').fill('nobody-here');
    await page.getByText('No payment matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText('2 payments').waitFor();

    // The switch follows the URL (a router navigation), so it is clicked and its effect awaited.
    await page.getByRole('switch', { name: /Test data/ }).click();
    await page.getByTestId('test-data-notice').waitFor();
    await page.getByText('1 payment', { exact: true }).waitFor();
    assert.match(await table.innerText(), new RegExp(invoices.sandbox));
    await shot('29-test-data');
    await page.getByRole('switch', { name: /Test data/ }).click();
    await page.getByTestId('test-data-notice').waitFor({ state: 'detached' });
    await page.getByText('2 payments').waitFor();
  });

  it('puts the pending bKash payment first: a count in the menu and a Needs approval queue on top of Payments', async () => {
    await page.getByRole('link', { name: /^Payments\W+1 need approval$/ }).waitFor();
    const queue = page.getByRole('region', { name: 'Needs approval' });
    const item = queue.getByRole('listitem', { name: '৳250.50 from 01812345678' });
    await item.getByText('TRXE2E0001').waitFor();
    assert.match(await item.innerText(), /bKash from 01812345678/);
    assert.match(await item.innerText(), /just now|min ago/, 'its age');
    await item.getByRole('button', { name: 'Approve TRXE2E0001' }).waitFor();
    await shot('31-approvals-queue');
    await item.getByRole('button', { name: 'Reject TRXE2E0001' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reject payment' });
    await shot('32-approvals-reject');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('approves a pending bKash payment', async () => {
    await openPayment(invoices.bkash);
    assert.match(await page.locator('main').innerText(), /TRXE2E0001/);
    assert.match(await page.locator('main').innerText(), /Created with key\s+Test key/, 'the key by its name, not its id');
    await page.getByText('Pending', { exact: true }).first().waitFor();
    const timeline = page.getByRole('region', { name: 'What happened' });
    assert.match(
      await timeline.innerText(),
      /Checkout created[\s\S]*Customer sent bKash payment details[\s\S]*From 01812345678, transaction ID TRXE2E0001[\s\S]*Waiting for your approval/,
    );
    assert.equal(await page.getByRole('region', { name: 'Method' }).getByText('Paid', { exact: true }).count(), 0, 'no Paid time before it is paid');
    assert.match(await page.getByRole('region', { name: 'Integration' }).innerText(), /Status your website sees/);
    await shot('22-payment-pending', true);
    await page.getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve payment' });
    await dialog.getByLabel('Note').fill('Checked the bKash statement');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Refund' }).waitFor();
    await page.getByRole('region', { name: 'What happened' }).getByText(`Approved by ${EMAIL}`).waitFor();
    await page.getByRole('region', { name: 'Method' }).getByText('Paid', { exact: true }).waitFor();
    const p = (await adminGet(`/brands/default/payments/${invoices.bkash}`)) as { payment: { status: string; decision_note: string } };
    assert.deepEqual([p.payment.status, p.payment.decision_note], ['completed', 'Checked the bKash statement']);
  });

  it('refunds the bKash payment by hand and marks it paid out', async () => {
    await page.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund payment' });
    assert.match(await dialog.innerText(), /Leave blank to refund all that remains: ৳250\.50\./);
    await dialog.getByLabel('Amount').fill('300');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await dialog.getByText(/more than the 250\.50 that remains refundable/).waitFor();
    assert.equal(await dialog.getByLabel('Amount').getAttribute('aria-invalid'), 'true', 'the server says why, beside the amount');
    assert.equal(await page.getByRole('button', { name: 'Send IPN' }).count(), 0, 'no Send IPN without a webhook URL');
    await dialog.getByLabel('Amount').fill('50');
    await dialog.getByLabel('Reason').fill('One item out of stock');
    await shot('23-refund');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Money to send back').waitFor();
    await page.getByRole('button', { name: 'Mark paid out' }).click();
    await page
      .getByTestId('refunds-table')
      .getByText(/Paid out/)
      .waitFor();
    assert.equal(await page.getByText('Money to send back').count(), 0);
    await page.getByText('Partially refunded', { exact: true }).first().waitFor();
  });

  it('refunds the Sandbox payment through the gateway, sends its IPN again, then refunds all that remains with a blank amount', async () => {
    await openPayment(invoices.sandbox, true);
    await page.getByRole('button', { name: 'Refund' }).click();
    let dialog = page.getByRole('dialog', { name: 'Refund payment' });
    await dialog.getByLabel('Amount').fill('30');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('refunds-table').getByText('Through the gateway').waitFor();

    await page.getByRole('button', { name: 'Send IPN' }).click();
    const ipn = page.getByRole('dialog', { name: 'Send IPN' });
    await ipn.getByRole('button', { name: 'Send IPN' }).click();
    await ipn.waitFor({ state: 'detached' });
    const deliveries = page.getByTestId('deliveries');
    await deliveries.getByText('payment.resend').waitFor();
    assert.match(await page.getByRole('region', { name: 'What happened' }).innerText(), /Paid with Sandbox[\s\S]*Refunded ৳30\.00 through the payment method/);
    await shot('24-payment-detail', true);

    await page.getByRole('button', { name: 'Refund' }).click();
    dialog = page.getByRole('dialog', { name: 'Refund payment' });
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Refunded', { exact: true }).first().waitFor();
    const p = (await adminGet(`/brands/default/payments/${invoices.sandbox}`)) as { payment: { status: string; refunded_amount: string }; refunds: unknown[] };
    assert.deepEqual([p.payment.status, p.payment.refunded_amount, p.refunds.length], ['refunded', '100.00', 2]);
    assert.equal(await page.getByRole('button', { name: 'Refund' }).count(), 0, 'nothing left to refund');
    assert.equal(await page.getByTestId('insecure-webhook').count(), 0, 'an https:// webhook URL is not flagged');
  });

  it('warns beside the IPN deliveries when the webhook URL is plain http://', async () => {
    const invoice = await checkout({ email: 'plain@example.com', amount: '20', webhook_url: 'http://shop.example.com/?wc-api=uddoktapay' });
    await openPayment(invoice);
    const warning = page.getByTestId('insecure-webhook');
    await warning.waitFor();
    assert.match(await warning.innerText(), /not encrypted[\s\S]*https:\/\//);
  });

  it('shows a clear page with a way back for an unknown payment and an unknown brand', async () => {
    await page.goto('/admin/brands/default/payments/pay_doesnotexist');
    await page.getByRole('heading', { name: 'No such payment' }).waitFor();
    await shot('34-payment-not-found');
    await page.getByRole('link', { name: 'Back to Payments' }).click();
    await page.getByRole('heading', { name: 'Payments', exact: true }).waitFor();
    await page.goto('/admin/brands/no-such-brand/payments');
    await page.getByRole('heading', { name: 'No such brand' }).waitFor();
    await shot('35-brand-not-found');
    await page.getByRole('link', { name: 'Go to your first brand' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  });

  it('rejects a pending payment', async () => {
    const invoice = await checkout({ email: 'reject@example.com', amount: '10' });
    await postForm(`/payment/${invoice}/wallet/bkash`, { sender_number: '01812345678', transaction_id: 'TRXE2E0002' });
    await openPayment(invoice);
    await page.getByRole('button', { name: 'Reject' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reject payment' });
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Failed', { exact: true }).first().waitFor();
  });

  it('edits the brand under General, and a slug change moves the URLs', async () => {
    await page.getByRole('link', { name: 'General' }).click();
    await page.getByRole('heading', { name: 'General' }).waitFor();
    await field('Name').fill('Jane’s Shop');
    await field('Slug').fill('Bad Slug!');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    assert.match(await page.getByText(/Slug must be/).innerText(), /lowercase letters/);
    await field('Slug').fill('janes-shop');
    assert.equal(await page.getByText(/Slug must be/).count(), 0, 'the message goes once the field is changed');
    await field('Domain').fill('pay.janes-shop.example');
    await page.getByRole('combobox', { name: /^Time zone/ }).click();
    await page.getByRole('combobox', { name: /^Time zone/ }).fill('Asia/Kara');
    await page.getByRole('option', { name: 'Asia/Karachi' }).click();
    await shot('25-general');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/admin\/brands\/janes-shop\/settings\/general$/, { waitUntil: 'commit' });
    const b = (await adminGet('/brands/janes-shop')) as { brand: { name: string; domain: string; timezone: string } };
    assert.deepEqual([b.brand.name, b.brand.domain, b.brand.timezone], ['Jane’s Shop', 'pay.janes-shop.example', 'Asia/Karachi']);
    // Customer pages: a refused logo address beside its field, then the contact saved as typed.
    const customer = page.getByRole('region', { name: 'Customer pages' });
    await customer.getByRole('textbox', { name: 'WhatsApp' }).fill('01712345678');
    await customer.getByRole('textbox', { name: 'Logo URL' }).fill('http://logo.example/shop.png');
    await customer.getByRole('button', { name: 'Save customer pages' }).click();
    await customer.getByText(/https/).first().waitFor();
    assert.equal(await customer.getByRole('textbox', { name: 'Logo URL' }).getAttribute('aria-invalid'), 'true');
    await customer.getByRole('textbox', { name: 'Logo URL' }).fill('');
    await customer.getByRole('button', { name: 'Save customer pages' }).click();
    await page.getByText('Saved the customer pages.').waitFor();
    const pages = (await adminGet('/brands/janes-shop/customer-pages')) as { customer_pages: { contact_whatsapp: string | null; logo_url: string | null } };
    assert.deepEqual([pages.customer_pages.contact_whatsapp, pages.customer_pages.logo_url], ['01712345678', null]);
    await page.getByRole('link', { name: 'API Settings' }).click();
    await page.getByRole('button', { name: 'Show API Endpoints' }).click();
    await page.getByTestId('endpoint-url').first().waitFor();
    assert.ok((await page.getByTestId('endpoint-url').first().innerText()).startsWith(`${server.origin}/janes-shop/`));
    await page.keyboard.press('Escape');
  });

  it('shows and rotates the webhook signing secret under Webhooks', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'Show signing secret' }).click();
    const first = await page.getByTestId('webhook-secret').innerText();
    assert.match(first, /^whsec_/);
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction((old) => document.querySelector('[data-testid="webhook-secret"]')?.textContent !== old, first);
    await shot('28-webhooks');
    await page.getByRole('button', { name: 'Hide' }).click();
    assert.ok(!(await page.content()).includes('whsec_'), 'hidden means gone from the page');
  });

  it('lists IPN deliveries with their attempts on Webhooks, and resends one', async () => {
    const paid = await checkout({ email: 'ipn@example.com', amount: '55', webhook_url: 'https://shop.example.com/ipn' }, testKey);
    await postForm(`/payment/${paid}/sandbox`, { outcome: 'success' });
    await page.reload();
    const deliveries = page.getByRole('region', { name: 'Deliveries' });
    const completed = deliveries.getByRole('button', { name: /payment\.completed/ }).first();
    await completed.click();
    await deliveries.getByRole('link', { name: paid }).waitFor();
    const before = ((await adminGet('/brands/janes-shop/webhook-deliveries')) as { total: number }).total;
    await deliveries.getByRole('button', { name: 'Resend' }).first().click();
    await page.getByText(/Queued the payment's current status/).waitFor();
    const after = ((await adminGet('/brands/janes-shop/webhook-deliveries')) as { total: number }).total;
    assert.equal(after, before + 1, 'Resend queued one more delivery');
    await completed.click();

    const resent = deliveries.getByRole('button', { name: /payment\.resend/ }).first();
    await resent.waitFor();
    assert.match(await resent.innerText(), /attempt/, 'attempts and the last answer in the row');
    await resent.click();
    await deliveries.getByRole('link', { name: paid }).first().waitFor();
    await deliveries.getByText('shop.example.com/ipn').first().waitFor();
    await shot('36-webhook-deliveries', true);
  });

  it('sets the default webhook URL of link and invoice payments, refusing an address the IPN guard refuses beside the field', async () => {
    const form = page.getByRole('region', { name: 'Default webhook URL' });
    const input = form.getByRole('textbox', { name: 'Default webhook URL' });
    await input.fill('http://127.0.0.1:1/hook');
    await form.getByRole('button', { name: 'Save default URL' }).click();
    await form.getByText(/Default webhook URL is not accepted/).waitFor();
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    await input.fill('https://shop.example.com/duar-ipn');
    await form.getByRole('button', { name: 'Save default URL' }).click();
    await page.getByText('Link and invoice payments send their IPN there.').waitFor();
    assert.deepEqual(await adminGet('/brands/janes-shop/webhook-settings'), { default_url: 'https://shop.example.com/duar-ipn' });
    await page.reload();
    assert.equal(await form.getByRole('textbox', { name: 'Default webhook URL' }).inputValue(), 'https://shop.example.com/duar-ipn', 'kept');
    await expectAccessible(page, 'webhooks with the default URL');
  });

  it('sends a test event only to an address the IPN guard accepts, with the reason beside the field', async () => {
    const form = page.getByRole('region', { name: 'Send test event' });
    await form.getByRole('button', { name: 'Send test event' }).click();
    await form.getByText('Enter the address to send the test event to').waitFor();
    await form.getByLabel('Address').fill('http://127.0.0.1:1/hook');
    await form.getByRole('button', { name: 'Send test event' }).click();
    await form.getByText(/This address is not accepted/).waitFor();
    assert.equal(await form.getByLabel('Address').getAttribute('aria-invalid'), 'true');
    await shot('37-webhook-test-event');
  });

  it('switches between brands with the brand switcher', async () => {
    await page.getByRole('combobox', { name: 'Brand' }).click();
    await page.getByRole('option', { name: 'Second shop' }).click();
    await page.waitForURL(/\/admin\/brands\/second-shop\/settings\/webhooks$/, { waitUntil: 'commit' });
    await page.getByRole('link', { name: 'API Settings' }).click();
    await page.getByTestId('keys-empty').waitFor();
    assert.match(await page.title(), /Second shop/);
    await shot('26-brand-switcher');
    await page.getByRole('link', { name: 'Payments' }).click();
    await page.getByText('No payments yet.').waitFor();
  });

  it('clears the approvals queue on a phone: filters folded away, Approve and Reject from the list, a double click approves once', async () => {
    await page.goto('/admin/brands/janes-shop/settings/api');
    const first = await checkout({ email: 'queue1@example.com', amount: '100000' });
    await postForm(`/payment/${first}/wallet/bkash`, { sender_number: '01912345678', transaction_id: 'TRXQUEUE01' });
    const second = await checkout({ email: 'queue2@example.com', amount: '20' });
    await postForm(`/payment/${second}/wallet/bkash`, { sender_number: '01612345678', transaction_id: 'TRXQUEUE02' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/admin/brands/janes-shop/payments');
    const queue = page.getByRole('region', { name: 'Needs approval' });
    await queue.getByText('TRXQUEUE01').waitFor();
    assert.equal(await field('Search').isVisible(), false, 'filters are folded away on a phone');
    const filtersButton = page.getByRole('button', { name: 'Filters' });
    assert.equal(await filtersButton.getAttribute('aria-expanded'), 'false');
    const queueTop = (await queue.boundingBox())!.y;
    assert.ok(queueTop < 844, 'the queue is on the first screen');
    await shot('33-approvals-phone', true);

    await queue.getByRole('listitem', { name: '৳1,00,000.00 from 01912345678' }).getByRole('button', { name: 'Approve TRXQUEUE01' }).click();
    const approve = page.getByRole('dialog', { name: 'Approve payment' });
    assert.match(await approve.innerText(), /received ৳1,00,000\.00 on bKash from 01912345678 with transaction ID TRXQUEUE01/);
    const approvals: string[] = [];
    const count = (request: { method(): string; url(): string }) => {
      if (request.method() === 'POST' && request.url().endsWith('/approve')) approvals.push(request.url());
    };
    page.on('request', count);
    await approve.getByRole('button', { name: 'Approve' }).dblclick();
    await approve.waitFor({ state: 'detached' });
    page.off('request', count);
    await page.getByText(/Approved ৳1,00,000\.00 from 01912345678/).waitFor();
    await queue.getByText('TRXQUEUE01').waitFor({ state: 'detached' });
    assert.equal(approvals.length, 1, 'a double click sends one approval');
    const approved = ((await adminGet(`/brands/janes-shop/payments?q=TRXQUEUE01`)) as { payments: { status: string }[] }).payments[0]!;
    assert.equal(approved.status, 'completed');

    await queue.getByRole('button', { name: 'Reject TRXQUEUE02' }).click();
    const reject = page.getByRole('dialog', { name: 'Reject payment' });
    await reject.getByLabel('Note').fill('No such transaction on the statement');
    await reject.getByRole('button', { name: 'Reject' }).click();
    await reject.waitFor({ state: 'detached' });
    await queue.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Payments', exact: true }).waitFor({ state: 'attached' });

    await filtersButton.click();
    await field('Search').waitFor();
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('never approves an underpaid payment with one tap: the reason on the card, a tick in the dialog (issue 17.2)', async () => {
    const brand = (await findBrandBySlug(server.db, 'janes-shop'))!;
    const text = bkashSms({ amount: 70000, balance: 70000, trx: 'TRXSHORT01', from: '01512345678' });
    await addSmsByHand(server.db, brand, { from: 'bKash', text, wallet: 'e2e-short' }, { label: 'test', ip: null }, 'admin');
    const short = await checkout({ email: 'short@example.com', amount: '800' });
    await postForm(`/payment/${short}/wallet/bkash`, { sender_number: '01512345678', transaction_id: 'TRXSHORT01' });
    await page.goto('/admin/brands/janes-shop/payments');
    const queue = page.getByRole('region', { name: 'Needs approval' });
    const card = queue.getByRole('listitem', { name: '৳800.00 from 01512345678 (does not match its SMS)' });
    await card.getByTestId('approval-reason').getByText('Underpaid: the bKash message shows ৳700.00, the payment is ৳800.00.').waitFor();
    await card.getByRole('button', { name: 'Approve TRXSHORT01' }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve payment' });
    const anyway = dialog.getByRole('button', { name: 'Approve anyway' });
    await anyway.waitFor();
    assert.equal(await anyway.isDisabled(), true, 'nothing to approve before the mismatch is confirmed');
    await expectAccessible(page, 'approve-mismatch');
    await shot('50-approve-mismatch');
    await dialog.getByRole('checkbox', { name: 'Approve anyway: ৳700.00 received of ৳800.00' }).check();
    await anyway.click();
    await dialog.waitFor({ state: 'detached' });
    const approved = ((await adminGet(`/brands/janes-shop/payments?q=TRXSHORT01`)) as { payments: { status: string }[] }).payments[0]!;
    assert.equal(approved.status, 'completed');
  });

  it('shows payments at phone width without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/admin/brands/janes-shop/payments');
    await page.getByTestId('payments-cards').waitFor();
    // Wait for the layout to settle after the resize (the menu slides away), then measure.
    await page
      .waitForFunction(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth, undefined, { timeout: 5000 })
      .catch(() => undefined);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (overflow ${overflow}px)`);
    await shot('27-payments-phone', true);
    await page.setViewportSize({ width: 1280, height: 860 });
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
