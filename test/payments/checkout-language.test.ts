import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { seedDevice } from '../sms/support.js';
import { en } from '../../src/http/checkout/i18n/en.js';
import { englishLeft } from '../customer/catalogue.js';
import { bn } from '../../src/http/checkout/i18n/bn.js';
import { chooseLanguage, fromAcceptLanguage, localeFor } from '../../src/http/checkout/language.js';
import { createInvoice, enableWallet, form, paySandbox, payWallet } from './helpers.js';

type Res = { statusCode: number; body: string; headers: Record<string, unknown> };

function assertBangla(res: Res, what: string) {
  assert.match(res.body, /<html lang="bn">/, `${what}: lang attribute`);
  assert.ok(res.body.includes('aria-current="true">বাংলা</a>'), `${what}: the switch shows বাংলা as chosen`);
  // What a person reads: the text between tags (the script's words are checked on the waiting page).
  const visible = res.body.replace(/<(style|script)[^>]*>.*?<\/\1>/gs, ' ').replace(/<[^>]*>/g, ' ');
  const left = englishLeft(visible);
  assert.deepEqual(left, [], `${what}: English left on the Bangla page`);
  assert.ok(res.body.length <= 30_000, `${what}: ${res.body.length} bytes`);
}

/** `merchantText`: what the merchant wrote (in Bangla here), shown as written in both languages. */
function assertEnglish(res: Res, what: string, merchantText: string[] = []) {
  assert.match(res.body, /<html lang="en">/, `${what}: lang attribute`);
  assert.ok(res.body.includes('aria-current="true">English</a>'), `${what}: the switch shows English as chosen`);
  const ours = merchantText.reduce((body, text) => body.split(text).join(''), res.body.replace(/<nav class="lang".*?<\/nav>/s, ''));
  assert.ok(!/[\u0980-\u09f2\u09f4-\u09ff]/.test(ours), `${what}: no Bangla outside the switch`);
  assert.ok(res.body.length <= 30_000, `${what}: ${res.body.length} bytes`);
}

test('Accept-Language: the first of English and Bangla by weight; neither leaves the choice to the brand', () => {
  assert.equal(fromAcceptLanguage('bn-BD,bn;q=0.9,en-US;q=0.8,en;q=0.7'), 'bn');
  assert.equal(fromAcceptLanguage('en-GB,en;q=0.9,bn;q=0.8'), 'en');
  assert.equal(fromAcceptLanguage('fr-FR, bn;q=0.5, en;q=0.6'), 'en');
  assert.equal(fromAcceptLanguage('BN'), 'bn');
  assert.equal(fromAcceptLanguage('fr, de;q=0.8, *;q=0.1'), null);
  assert.equal(fromAcceptLanguage('bn;q=0, en;q=0.1'), 'en');
  assert.equal(fromAcceptLanguage(undefined), null);
  assert.equal(chooseLanguage('bn', 'en', 'en', 'en'), 'bn', '?lang wins');
  assert.equal(chooseLanguage(undefined, 'bn', 'en', 'en'), 'bn', 'then the remembered choice');
  assert.equal(chooseLanguage('xx', 'zz', 'bn-BD', 'en'), 'bn', 'then the browser');
  assert.equal(chooseLanguage(undefined, undefined, 'fr', 'bn'), 'bn', 'then the brand');
});

test('money and dates: ৳ with lakh grouping in both, Bangla month names in the brand time zone, Bangla digits only when asked', () => {
  const at = Date.UTC(2026, 11, 7, 12, 56);
  const enLocale = localeFor('en', { timeZone: 'Asia/Dhaka' });
  const bnLatin = localeFor('bn', { timeZone: 'Asia/Dhaka' });
  const bnDigits = localeFor('bn', { timeZone: 'Asia/Dhaka', banglaDigits: true });
  assert.equal(enLocale.money(12_500_050), '৳1,25,000.50');
  assert.equal(bnLatin.money(12_500_050), '৳1,25,000.50');
  assert.equal(bnDigits.money(12_500_050), '৳১,২৫,০০০.৫০');
  assert.equal(enLocale.date(at), '7 December, 18:56');
  assert.equal(bnLatin.date(at), '7 ডিসেম্বর, 18:56');
  assert.equal(bnDigits.date(at), '৭ ডিসেম্বর, ১৮:৫৬');
  assert.equal(localeFor('bn', { timeZone: 'Europe/London' }).date(at), '7 ডিসেম্বর, 12:56', 'the brand’s zone, not Dhaka’s');
  assert.equal(localeFor('en', { timeZone: 'Asia/Dhaka', banglaDigits: true }).money(100), '৳1.00', 'English pages keep Latin digits');
});

test('the Bangla catalogue has every key, and says each thing in its own words', () => {
  assert.deepEqual(Object.keys(bn).sort(), Object.keys(en).sort());
  for (const [key, value] of Object.entries(bn)) {
    const text = typeof value === 'string' ? value : (value as (...a: string[]) => string)(...Array.from({ length: value.length }, () => 'X'));
    assert.match(text, /[\u0980-\u09ff]/, `${key} is written in Bangla`);
  }
  assert.equal(bn.actionPersonal, 'সেন্ড মানি');
  assert.ok(bn.trxLabel.startsWith('ট্রানজেকশন আইডি'));
});

for (const dialect of dialects) {
  describe(`${dialect}: customer pages in English and Bangla`, () => {
    let t: TestApp;
    let key: string;
    let testKey: string;
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
    before(async () => {
      t = await buildTestApp(dialect);
      key = (await seedKey(t)).key;
      testKey = (await seedKey(t, { mode: 'test' })).key;
      await enableWallet(t, 'bkash');
    });
    after(() => t.close());

    test('the first visit follows Accept-Language; without it (or with neither language) the page is English', async () => {
      const inv = await createInvoice(t, key);
      assertBangla(await get(`/payment/${inv}`, { 'accept-language': 'bn-BD,bn;q=0.9,en;q=0.8' }), 'bn-BD browser');
      assertEnglish(await get(`/payment/${inv}`, { 'accept-language': 'en-US,en;q=0.9' }), 'en-US browser');
      assertEnglish(await get(`/payment/${inv}`), 'no Accept-Language');
      assertEnglish(await get(`/payment/${inv}`, { 'accept-language': 'fr' }), 'French browser');
    });

    test('?lang= chooses and the cookie remembers it over Accept-Language; the switch links to both', async () => {
      const inv = await createInvoice(t, key);
      const chosen = await get(`/payment/${inv}?lang=bn`, { 'accept-language': 'en' });
      assertBangla(chosen, '?lang=bn');
      const cookie = String(chosen.headers['set-cookie']);
      assert.match(cookie, /^duar_lang=bn;/);
      assert.match(cookie, /Path=\/payment/);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.ok(chosen.body.includes(`href="/payment/${inv}?lang=en" lang="en" hreflang="en">English</a>`), 'a link to English');
      const later = await get(`/payment/${inv}`, { 'accept-language': 'en', cookie: 'duar_lang=bn' });
      assertBangla(later, 'remembered');
      assert.equal(later.headers['set-cookie'], undefined, 'nothing new to remember');
      const back = await get(`/payment/${inv}?lang=en`, { cookie: 'duar_lang=bn' });
      assertEnglish(back, '?lang=en over the cookie');
      assert.match(String(back.headers['set-cookie']), /^duar_lang=en;/);
      assertEnglish(await get(`/payment/${inv}?lang=xx`, { cookie: 'duar_lang=zz' }), 'unknown values are ignored');
    });

    test('every page in both languages: checkout, Sandbox, refused form, waiting, paid, pending, canceled, expired, not found, error', async () => {
      const bnH = { cookie: 'duar_lang=bn' };
      const enH = { cookie: 'duar_lang=en' };
      const both = async (what: string, send: (h: Record<string, string>) => Promise<Res>) => {
        assertBangla(await send(bnH), what);
        assertEnglish(await send(enH), what);
      };
      // With the shop's contact and logo (Brand Settings → Customer pages), so their words are walked too.
      await t.db
        .updateTable('brands')
        .set({
          contact_phone: '01711222333',
          contact_whatsapp: '01711222333',
          contact_email: 'help@shop.example',
          logo_url: 'https://cdn.shop.example/logo.png',
        })
        .where('id', '=', t.brand.id)
        .execute();
      const live = await createInvoice(t, key);
      await both('checkout', (h) => get(`/payment/${live}`, h));
      const sandbox = await createInvoice(t, testKey);
      await both('sandbox checkout', (h) => get(`/payment/${sandbox}`, h));
      await both('refused sender and TrxID', (h) =>
        t.app.inject({
          method: 'POST',
          url: `/payment/${live}/wallet/bkash`,
          headers: { ...h, 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'sender_number=123&transaction_id=!',
        }),
      );
      await both('refused Sandbox outcome', (h) =>
        t.app.inject({
          method: 'POST',
          url: `/payment/${sandbox}/sandbox`,
          headers: { ...h, 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'outcome=maybe',
        }),
      );
      await both('unreadable form', (h) =>
        t.app.inject({ method: 'POST', url: `/payment/${live}/wallet/bkash`, headers: { ...h, 'content-type': 'application/json' }, payload: '{' }),
      );
      await both('not found', (h) => get('/payment/nosuch', h));
      await both('error page', (h) => get('/payment/%00', h));

      const paid = await createInvoice(t, testKey);
      await paySandbox(t, paid);
      await both('completed', (h) => get(`/payment/${paid}`, h));
      const pending = await createInvoice(t, testKey);
      await paySandbox(t, pending, 'pending');
      await both('pending', (h) => get(`/payment/${pending}`, h));
      const canceled = await createInvoice(t, key);
      await form(t, `/payment/${canceled}/cancel`, {});
      await both('canceled', (h) => get(`/payment/${canceled}`, h));
      const expired = await createInvoice(t, key);
      await t.db
        .updateTable('payments')
        .set({ expires_at: Date.now() - 1 })
        .where('invoice_id', '=', expired)
        .execute();
      await both('expired', (h) => get(`/payment/${expired}`, h));

      await seedDevice(t);
      const waiting = await createInvoice(t, key);
      assert.equal((await payWallet(t, waiting, 'WAITBN0001')).statusCode, 303);
      await both('waiting', (h) => get(`/payment/${waiting}`, h));
      const page = await get(`/payment/${waiting}`, bnH);
      assert.ok(page.body.includes('textContent="পেমেন্ট পাওয়া গেছে।'), 'the script says it in Bangla too');
    });

    test('payment-link pages in both languages: the link, its refused form, unavailable, the brand page, not found', async () => {
      const admin = await signedInAdmin(t);
      const create = async (payload: Record<string, unknown>) => {
        const res = await admin.inject({ method: 'POST', url: '/admin/api/brands/default/payment-links', payload });
        assert.equal(res.statusCode, 201, show(res));
        return res.json().payment_link as { id: string; slug: string };
      };
      // Merchant text (title, description, field labels and options) is shown as written; here it is Bangla.
      const open = await create({
        title: 'ঈদের শাড়ি',
        description: 'হাতে বোনা',
        amount_type: 'open',
        max_amount: '5000',
        quantity: 3,
        fields: [
          { label: 'মাপ', type: 'select', options: ['ছোট', 'বড়'], required: true },
          { label: 'নোট', type: 'text' },
        ],
      });
      const off = await create({ title: 'পুরনো অফার', amount_type: 'fixed', amount: '500', active: false });
      const bnH = { cookie: 'duar_lang=bn', 'accept-language': 'bn-BD' };
      const enH = { 'accept-language': 'en' };
      const post = (url: string, h: Record<string, string>, payload: string) =>
        t.app.inject({ method: 'POST', url, headers: { ...h, 'content-type': 'application/x-www-form-urlencoded' }, payload });
      const both = async (what: string, send: (h: Record<string, string>) => Promise<Res>) => {
        assertBangla(await send(bnH), what);
        assertEnglish(await send(enH), what, ['ঈদের শাড়ি', 'হাতে বোনা', 'মাপ', 'ছোট', 'বড়', 'নোট', 'পুরনো অফার']);
      };
      await both('link page', (h) => get(`/pay/default/${open.slug}`, h));
      await both('link form with problems', (h) => post(`/pay/default/${open.slug}`, h, 'amount=99999&name=&phone=12&email=nope'));
      await both('inactive link', (h) => get(`/pay/default/${off.slug}`, h));
      await both('brand page', (h) => get('/pay/default', h));
      await both('brand form with problems', (h) => post('/pay/default', h, 'amount=0&name=&phone=1'));
      await both('unknown link', (h) => get('/pay/default/no-such-link', h));
      const paid = await get(`/pay/default/${open.slug}?lang=bn`);
      assert.ok(paid.body.includes(`action="/pay/default/${open.slug}?lang=bn"`), 'the form answers in the language it was read in');
    });

    test('a sender number and TrxID typed with Bangla digits are accepted and stored in ASCII', async () => {
      const inv = await createInvoice(t, key);
      const res = await payWallet(t, inv, 'BNX০১২৩৪৫৬৭৮৯', 'bkash', '০১৮১২ ৩৪৫৬৭৮');
      assert.equal(res.statusCode, 303, show(res));
      const row = await t.db.selectFrom('payments').select(['sender_number', 'transaction_id']).where('invoice_id', '=', inv).executeTakeFirstOrThrow();
      assert.deepEqual(row, { sender_number: '01812345678', transaction_id: 'BNX0123456789' });
    });
  });
}
