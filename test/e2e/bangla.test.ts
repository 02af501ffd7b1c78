/**
 * A customer pays a bKash checkout entirely in Bangla, in a real Chromium on a 390 px phone against a real Duar on
 * SQLite (issue 23): the browser asks for bn-BD, the sender number and TrxID are typed with Bangla digits, a forwarded
 * SMS completes the payment, and every page on the way (checkout, refused form, waiting, received, result, a payment
 * link's page) has no English label left: the catalogue is walked over each page's visible text, as
 * test/payments/checkout-language.test.ts does over the HTML. Screenshots 80–89 go to docs/screenshots/.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { updateMethodSettings } from '../../src/modules/gateways/settings.js';
import { seedKey } from '../harness.js';
import { englishLeft } from '../customer/catalogue.js';
import { bkashSms, seedDevice } from '../sms/support.js';
import { forwardSms, phonePage, usePhoneFonts } from './phone.js';
import { apiCheckout, browserSteps, screenshot, type TestServer } from './server.js';

const TRX = 'BN7E2E0001';
const PAYER = '01812345678';

usePhoneFonts();

describe('customer pages in Bangla: a bKash checkout paid on a phone in Chromium', () => {
  let server: TestServer;
  let customer: { page: Page; consoleErrors: string[] };
  let c: Page;
  let apiKey = '';
  let deviceKey = '';
  let invoice = '';
  const shot = (name: string, full = true) => screenshot(customer, name, full);

  /** The page speaks Bangla: its lang, its switch, and none of the catalogue's English in what a person reads. */
  async function assertBangla(what: string) {
    assert.equal(await c.locator('html').getAttribute('lang'), 'bn', `${what}: lang attribute`);
    assert.equal(await c.getByRole('link', { name: 'বাংলা' }).getAttribute('aria-current'), 'true', `${what}: the switch marks বাংলা`);
    const visible = await c.evaluate(() => document.body.innerText);
    assert.deepEqual(englishLeft(visible), [], `${what}: English left on the Bangla page`);
  }

  const it = browserSteps('bangla', async (session) => {
    server = session.server;
    apiKey = (await seedKey(server)).key;
    deviceKey = (await seedDevice(server)).key;
    await updateMethodSettings(
      server.db,
      server.brand.id,
      'bkash',
      {
        enabled: true,
        account_number: '01712345678',
        account_type: 'personal',
        instructions: 'Write your order number in the reference.',
        instructions_bn: 'রেফারেন্সে আপনার অর্ডার নম্বর লিখুন।',
      },
      { label: 'test', ip: null },
    );
    // The shop as its customers know it, with Bangla digits on Bangla pages (Brand Settings → Customer pages).
    await server.db
      .updateTable('brands')
      .set({ name: 'রহিম ফ্যাশন', contact_phone: '01711222333', contact_whatsapp: '01711222333', bangla_digits: 1 })
      .where('id', '=', server.brand.id)
      .execute();
    // The shop's own site, where the checkout returns the customer, is the brand's page here: the test has no internet.
    invoice = await apiCheckout(server, apiKey, { full_name: 'করিম উদ্দিন', amount: '1250', return_type: 'GET', redirect_url: `${server.origin}/pay/default` });
    customer = await phonePage(session.browser, server.origin, { locale: 'bn-BD' });
    c = customer.page;
  });

  it('a phone asking for bn-BD gets the checkout in Bangla, amounts in Bangla digits', async () => {
    await c.goto(`/payment/${invoice}`);
    await c.getByRole('heading', { name: 'কীভাবে পেমেন্ট করবেন, বেছে নিন' }).waitFor();
    await c.locator('.amount', { hasText: '৳১,২৫০.০০' }).waitFor();
    await assertBangla('checkout');
    await shot('80-bn-checkout');
  });

  it('opens বিকাশ: the steps and the shop’s own instructions in Bangla', async () => {
    await c.getByText('বিকাশ', { exact: true }).click();
    await c.getByText('রেফারেন্সে আপনার অর্ডার নম্বর লিখুন।').waitFor();
    assert.equal(await c.getByText('Write your order number in the reference.').count(), 0, 'the English instructions are not shown');
    await assertBangla('bKash instructions');
    await shot('81-bn-bkash');
  });

  it('a wrong number typed in Bangla digits is refused in Bangla, keeping what was typed', async () => {
    await c.getByLabel('আপনার বিকাশ নম্বর').fill('০১২৩');
    await c.getByLabel('ট্রানজেকশন আইডি (TrxID)').fill('BN৭E২E০০০১');
    await c.getByRole('button', { name: 'পেমেন্ট জমা দিন' }).click();
    await c.getByRole('alert').waitFor();
    assert.match(await c.getByRole('alert').innerText(), /[\u0980-\u09ff]/, 'the refusal is in Bangla');
    assert.equal(await c.getByLabel('আপনার বিকাশ নম্বর').inputValue(), '০১২৩');
    await assertBangla('refused form');
    await shot('82-bn-refused');
  });

  it('the sender number and TrxID typed with Bangla digits are accepted; the waiting page is in Bangla', async () => {
    await c.getByLabel('আপনার বিকাশ নম্বর').fill('০১৮১২৩৪৫৬৭৮');
    await c.getByRole('button', { name: 'পেমেন্ট জমা দিন' }).click();
    await c.getByText(/নিশ্চিতকরণের অপেক্ষা/).waitFor();
    const row = await server.db
      .selectFrom('payments')
      .select(['status', 'sender_number', 'transaction_id'])
      .where('invoice_id', '=', invoice)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'pending', sender_number: PAYER, transaction_id: TRX }, 'stored in ASCII');
    await assertBangla('waiting');
    await shot('83-bn-waiting');
  });

  it('the forwarded bKash SMS completes it: the page says so in Bangla by itself, and returns to the shop', async () => {
    const sent = await forwardSms(server.origin, deviceKey, bkashSms({ amount: 125_000, balance: 125_000, trx: TRX, from: PAYER }));
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual(
      sent.body.results?.map((r) => [r.status, r.invoice_id]),
      [['used', invoice]],
    );
    await c.getByText('পেমেন্ট পাওয়া গেছে। আপনাকে দোকানে ফিরিয়ে নেওয়া হচ্ছে…').waitFor();
    await assertBangla('received');
    await shot('84-bn-received');
    await c.waitForURL(/\/pay\/default\?invoice_id=/);
    assert.equal(new URL(c.url()).searchParams.get('invoice_id'), invoice);
  });

  it('the result page is in Bangla, with the way to reach the shop', async () => {
    await c.goto(`/payment/${invoice}`);
    await c.getByText('পেমেন্ট সম্পন্ন হয়েছে।').waitFor();
    await c.getByText('০১৭১১২২২৩৩৩').first().waitFor();
    await assertBangla('completed');
    await shot('85-bn-completed');
  });

  it('the switch goes to English and back; the choice is remembered over the browser’s language', async () => {
    await c.getByRole('link', { name: 'English' }).click();
    await c.getByText('This payment is complete.').waitFor();
    assert.equal(await c.locator('html').getAttribute('lang'), 'en');
    await c.goto(`/payment/${invoice}`);
    assert.equal(await c.locator('html').getAttribute('lang'), 'en', 'remembered, though the browser asks for bn-BD');
    await c.getByRole('link', { name: 'বাংলা' }).click();
    await c.getByText('পেমেন্ট সম্পন্ন হয়েছে।').waitFor();
    await assertBangla('switched back');
  });

  it('a payment link’s page follows the language too: its form, its refusals', async () => {
    const link = await server.db
      .insertInto('payment_links')
      .values({
        id: 'plk_banglae2e',
        brand_id: server.brand.id,
        slug: 'eid-sari',
        title: 'ঈদের জামদানি শাড়ি',
        description: 'হাতে বোনা, ঢাকায় তিন দিনে ডেলিভারি।',
        amount_type: 'fixed',
        amount: 450_000,
        min_amount: null,
        max_amount: null,
        quantity: 12,
        expires_on: null,
        active: 1,
        redirect_url: null,
        webhook_url: null,
        fields: JSON.stringify([{ label: 'রং', type: 'select', options: ['লাল', 'সবুজ'], required: true }]),
        created_at: Date.now(),
        updated_at: Date.now(),
      })
      .returning('slug')
      .executeTakeFirstOrThrow();
    await c.goto(`/pay/default/${link.slug}`);
    await c.locator('.amount', { hasText: '৳৪,৫০০.০০' }).waitFor();
    await assertBangla('payment link');
    await shot('86-bn-link');
    await c.getByRole('button', { name: 'পেমেন্টে এগিয়ে যান' }).click();
    await c.getByRole('alert').waitFor();
    await assertBangla('payment link refused');
    await shot('87-bn-link-refused');
  });
});
