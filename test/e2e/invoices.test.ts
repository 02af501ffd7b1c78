/**
 * Invoices in a real browser against a real Duar on SQLite: the merchant creates an invoice (its figures live as typed),
 * sends it, and the customer opens the link from the e-mail the real SMTP server received, pays it with bKash, and the
 * phone's forwarded SMS completes the payment; the dashboard then shows the invoice paid and the receipt goes out.
 * Steps share one page and run in order; screenshots 130–139 go to docs/screenshots/.
 */
import { after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { createInvoiceEmails } from '../../src/jobs/invoice-emails.js';
import { addDays, today, toDayMonthYear } from '../../src/lib/dates.js';
import { createAdmin } from '../../src/modules/admins/service.js';
import { enableWallet } from '../payments/helpers.js';
import { bkashSms, seedDevice } from '../sms/support.js';
import { plainBody, startSmtp } from '../smtp.js';
import { seedInvoice } from '../invoices/support.js';
import { browserSteps, byLabel, expectAccessible, screenshot, type TestServer } from './server.js';

const EMAIL = 'invoices@example.com';
const PASSWORD = 'correct horse battery staple';
const TRX = 'INV7E2E001';
const PAYER = '01812345678';
const smtp = await startSmtp();

describe('dashboard: invoices created, e-mailed, paid by a forwarded bKash SMS and seen paid, in Chromium', () => {
  let server: TestServer;
  let context: BrowserContext;
  let page: Page;
  let deviceKey = '';
  let number = '';
  let link = '';
  let customer: Page;

  const field = (label: string) => byLabel(page, label);
  let consoleErrors: string[] = [];
  const shot = async (name: string, full = false) => {
    // From the top, so a full-page picture shows the sticky header where it belongs.
    if (full) await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot({ page, consoleErrors }, name, full);
  };

  after(() => smtp.close());

  const it = browserSteps(
    'invoices',
    async (session) => {
      ({ server, context, page, consoleErrors } = session);
      await createAdmin(server.db, { email: EMAIL, password: PASSWORD });
      await enableWallet(server, 'bkash');
      deviceKey = (await seedDevice(server)).key;
    },
    { SMTP_URL: smtp.url },
  );

  it('signs in and opens Invoices from the menu, empty at first', async () => {
    await page.goto('/admin/brands/default/overview');
    await field('Email').fill(EMAIL);
    await field('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
    await page.getByText('No invoices yet.').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Invoices' }).getAttribute('aria-current'), 'page', 'the menu marks Invoices');
    await shot('130-invoices-empty');
  });

  it('an empty form: every problem at once, each beside its field', async () => {
    await page.getByRole('link', { name: 'New invoice' }).click();
    await page.getByRole('heading', { name: 'New invoice', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page
      .getByText(/name must have at least 1 character|Customer name/i)
      .first()
      .waitFor();
    const described = async (label: string) => {
      const input = field(label);
      const id = await input.getAttribute('aria-describedby');
      return id
        ? page.evaluate(
            (ids) =>
              ids
                .split(' ')
                .map((i) => document.getElementById(i)?.textContent ?? '')
                .join(' '),
            id,
          )
        : '';
    };
    assert.match(await described('Customer name'), /name/i, 'the name says what is wrong beside it');
    assert.match(await described('Customer e-mail'), /e-?mail or a phone/i);
    assert.match(await described('Item 1 description'), /description/i);
    assert.match(await described('Item 1 unit price'), /unit price|unit_price/i);
    assert.equal(await field('Item 1 quantity').inputValue(), '1');
    await shot('131-new-invoice-field-errors', true);
  });

  it('fills the invoice: the figures follow the typing exactly as the server computes them', async () => {
    await field('Customer name').fill('রহিম উদ্দিন');
    await field('Customer e-mail').fill('rahim@example.com');
    await field('Customer phone').fill('01712345678');
    await field('Item 1 description').fill('Cotton shirt');
    await field('Item 1 quantity').fill('2');
    await field('Item 1 unit price').fill('1,250.50');
    await page.getByRole('button', { name: 'Add item' }).click();
    await field('Item 2 description').fill('Gift box');
    await field('Item 2 unit price').fill('৳100');
    await field('Discount').fill('50');
    await field('VAT %').fill('15');
    await field('Shipping').fill('60');
    await field('Due date').fill(toDayMonthYear(addDays(today('Asia/Dhaka'), 7)));
    await field('Note').fill('Thank you for shopping with us. ধন্যবাদ!');
    // (2 × 1,250.50 + 100 − 50) × 15% = 382.65; + 60 shipping.
    const totals = page.getByRole('region', { name: 'Totals' });
    await totals.getByText('৳2,993.65').waitFor();
    assert.equal(await page.getByTestId('item-1-amount').innerText(), '৳2,501.00');
    assert.equal(await page.getByTestId('invoice-subtotal').innerText(), '৳2,601.00');
    assert.equal(await page.getByTestId('invoice-vat').innerText(), '৳382.65');
    await shot('132-new-invoice-form', true);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: /^INV-\d{6}$/, level: 1 }).waitFor();
    number = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
    assert.equal(number, 'INV-000001');
    await page.getByText('Draft', { exact: true }).first().waitFor();
  });

  it('sends it: the customer gets an e-mail with the total, the due date and the link', async () => {
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('Sent INV-000001 to rahim@example.com.').waitFor();
    await page.getByText('Open', { exact: true }).first().waitFor();
    await smtp.waitFor(1);
    const mail = plainBody(smtp.mails[0]!);
    assert.deepEqual(smtp.mails[0]!.to, ['rahim@example.com']);
    assert.match(mail, /Default brand has sent you invoice INV-000001/);
    link = /(http:\/\/127\.0\.0\.1:\d+\/invoice\/[0-9A-Za-z]+)/.exec(mail)?.[1] ?? '';
    assert.ok(link, mail);
    assert.equal(await page.getByTestId('invoice-url').innerText(), link, 'the dashboard shows the link the e-mail carries');
    await shot('133-invoice-sent', true);
  });

  it('the customer opens the e-mailed link on a phone and pays with bKash; the forwarded SMS completes it', async () => {
    customer = await context.newPage();
    await customer.setViewportSize({ width: 390, height: 844 });
    await customer.goto(link);
    await customer.getByRole('heading', { name: 'Invoice INV-000001' }).waitFor();
    await customer.getByText('রহিম উদ্দিন').first().waitFor();
    // The customer pages give the shop's name an h1 of its own, as the hosted checkout does (src/http/checkout/render.ts).
    await expectAccessible(customer, 'the invoice page');
    await customer.screenshot({ path: `${new URL('../../docs/screenshots/', import.meta.url).pathname}134-invoice-customer-page.png`, fullPage: true });
    await customer.getByRole('button', { name: 'Pay ৳2,993.65' }).click();
    await customer.getByText('bKash', { exact: true }).click();
    await customer.getByLabel('Your bKash number').fill(PAYER);
    await customer.getByLabel('Transaction ID (TrxID)').fill(TRX);
    await customer.getByRole('button', { name: 'Submit payment' }).click();
    await customer.getByText(/Waiting for confirmation/).waitFor();

    // The shop's phone forwards the bKash SMS to the device endpoint, over real HTTP.
    const res = await fetch(`${server.origin}/api/device/sms`, {
      method: 'POST',
      headers: { 'X-Device-Key': deviceKey, 'Content-Type': 'application/json', 'User-Agent': 'SMS Forwarder App' },
      body: JSON.stringify({
        from: 'bKash',
        text: bkashSms({ amount: 299_365, balance: 299_365, trx: TRX, from: PAYER }),
        sentStamp: Date.now(),
        receivedStamp: Date.now(),
        sim: 'sim1',
      }),
    });
    const body = (await res.json()) as { results?: { status: string }[] };
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(
      body.results?.map((r) => r.status),
      ['used'],
      JSON.stringify(body),
    );
    await customer.getByText(/Payment received/).waitFor();
  });

  it('the dashboard shows the invoice paid, with its payment; the receipt goes to the customer', async () => {
    await page.reload();
    await page.getByRole('heading', { name: number, level: 1 }).waitFor();
    await page.getByText('Paid', { exact: true }).first().waitFor();
    assert.match(await page.getByTestId('invoice-paid').innerText(), new RegExp(TRX));
    await page.getByRole('link', { name: 'See the payment' }).waitFor();
    await shot('135-invoice-paid', true);

    const emails = createInvoiceEmails({ db: server.db, config: server.config, log: { info() {}, warn() {} } });
    try {
      assert.equal(await emails.runOnce(), 1, 'the receipt');
    } finally {
      await emails.stop();
    }
    await smtp.waitFor(2);
    assert.match(plainBody(smtp.mails[1]!), /Receipt for invoice INV-000001 from Default brand/);
    assert.match(plainBody(smtp.mails[1]!), new RegExp(`Paid with bKash, transaction ID ${TRX}`));
  });

  it('the list: state badges with the derived Overdue, a state filter, mark paid by hand', async () => {
    const late = await seedInvoice(server, server.brand, {
      status: 'open',
      due_on: addDays(today('Asia/Dhaka'), -3),
      name: 'Karim Traders',
      email: 'karim@example.com',
    });
    await page.getByRole('link', { name: 'Invoices' }).first().click();
    const table = page.getByTestId('invoices-table');
    await table.getByRole('row', { name: new RegExp(`${late.number}.*Overdue`) }).waitFor();
    await table.getByRole('row', { name: new RegExp(`${number}.*Paid`) }).waitFor();
    await shot('136-invoices-list');

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Overdue' }).click();
    await page.getByRole('status').filter({ hasText: '1 invoice' }).waitFor();
    assert.equal(await table.getByRole('row').count(), 2, 'the heading row and the overdue invoice');

    await table.getByRole('link', { name: late.number }).click();
    await page.getByRole('button', { name: 'Mark as paid' }).click();
    const dialog = page.getByRole('dialog', { name: `Mark ${late.number} as paid` });
    await dialog.getByRole('button', { name: 'Mark as paid' }).click();
    await dialog.locator('input[aria-invalid="true"]').first().waitFor();
    assert.equal(await byLabel(page, 'Method').getAttribute('aria-invalid'), 'true', 'the method is required: said beside it');
    await byLabel(page, 'Method').fill('Bank transfer');
    await byLabel(page, 'Transaction ID').fill('DBBL-4471');
    await shot('137-mark-paid');
    await dialog.getByRole('button', { name: 'Mark as paid' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page
      .getByTestId('invoice-paid')
      .getByText(/Bank transfer · DBBL-4471/)
      .waitFor();
  });

  it('on a phone the list is cards and the page has no sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/admin/brands/default/invoices');
    await page.getByTestId('invoices-cards').waitFor();
    assert.equal(await page.getByTestId('invoices-table').count(), 0);
    await shot('138-invoices-phone', true);
    await page.goto('/admin/brands/default/invoices/new');
    await page.getByRole('heading', { name: 'New invoice', level: 1 }).waitFor();
    await shot('139-new-invoice-phone', true);
    await page.setViewportSize({ width: 1280, height: 860 });
  });
});
