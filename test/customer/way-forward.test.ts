import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { seedDevice } from '../sms/support.js';
import { createInvoice, enableWallet, payWallet } from '../payments/helpers.js';
import { issueSetupToken } from '../../src/modules/admins/service.js';
import { getBrand } from '../../src/modules/brands/service.js';
import { WAITING_TOO_LONG_MS } from '../../src/http/checkout/waiting-page.js';
import { en } from '../../src/http/checkout/i18n/en.js';
import { bn } from '../../src/http/checkout/i18n/bn.js';

/**
 * Issue 17 point 3, "customers always have a way forward": the shop's name from first-time setup, its contact and logo
 * on every customer page in both languages, a waiting page that stops promising "less than a minute", and after a
 * rejection how to reach the shop. Also the brand's default language and Bangla digits (issue 23).
 */
for (const dialect of dialects) {
  describe(`${dialect}: customer pages give the customer a way forward`, () => {
    let t: TestApp;
    let key: string;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    // The app's clock: moved forward to see the waiting page as a customer sees it minutes later.
    let offset = 0;
    const base = '/admin/api/brands/default/customer-pages';
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
    const patch = (payload: unknown) => admin.inject({ method: 'PATCH', url: base, payload: payload as Record<string, unknown> });
    before(async () => {
      t = await buildTestApp(dialect, {}, { now: () => Date.now() + offset });
      key = (await seedKey(t)).key;
      admin = await signedInAdmin(t);
      await enableWallet(t, 'bkash');
    });
    after(() => t.close());

    test('first-time setup names the default brand after the shop', async () => {
      const fresh = await buildTestApp(dialect);
      try {
        const token = await issueSetupToken(fresh.db);
        const res = await fresh.app.inject({
          method: 'POST',
          url: '/admin/api/setup',
          payload: { token, email: 'owner@example.com', password: 'correct horse battery', shop_name: '  Rahim Store ' },
        });
        assert.equal(res.statusCode, 201, show(res));
        assert.equal((await getBrand(fresh.db, 'default')).name, 'Rahim Store');
        const audit = await fresh.db.selectFrom('audit_log').select(['action', 'changes']).where('action', '=', 'brand.updated').execute();
        assert.equal(audit.length, 1, 'the rename is audited');
        assert.match(String(audit[0]!.changes), /Rahim Store/);
      } finally {
        await fresh.close();
      }
    });

    test('a too long shop name at setup is refused with the field named', async () => {
      const fresh = await buildTestApp(dialect);
      try {
        const token = await issueSetupToken(fresh.db);
        const res = await fresh.app.inject({
          method: 'POST',
          url: '/admin/api/setup',
          payload: { token, email: 'owner@example.com', password: 'correct horse battery', shop_name: 'x'.repeat(101) },
        });
        assert.equal(res.statusCode, 400, show(res));
        assert.match(res.body, /Shop name/);
        assert.equal((await getBrand(fresh.db, 'default')).name, 'Default brand');
      } finally {
        await fresh.close();
      }
    });

    test('customer page settings: defaults, saved, cleared, audited', async () => {
      const initial = await admin.inject({ method: 'GET', url: base });
      assert.equal(initial.statusCode, 200, show(initial));
      assert.deepEqual(initial.json(), {
        customer_pages: { contact_phone: null, contact_whatsapp: null, contact_email: null, logo_url: null, customer_language: 'en', bangla_digits: false },
      });
      const saved = await patch({
        contact_phone: '০১৭১১-২২২৩৩৩',
        contact_whatsapp: '01711222333',
        contact_email: ' Help@Rahim.example ',
        logo_url: 'https://cdn.rahim.example/logo.png',
      });
      assert.equal(saved.statusCode, 200, show(saved));
      assert.deepEqual(saved.json().customer_pages, {
        contact_phone: '01711-222333',
        contact_whatsapp: '01711222333',
        contact_email: 'help@rahim.example',
        logo_url: 'https://cdn.rahim.example/logo.png',
        customer_language: 'en',
        bangla_digits: false,
      });
      const cleared = await patch({ contact_email: '' });
      assert.equal(cleared.json().customer_pages.contact_email, null, show(cleared));
      await patch({ contact_email: 'help@rahim.example' });
      const audit = await t.db.selectFrom('audit_log').select('changes').where('action', '=', 'brand.updated').execute();
      assert.ok(
        audit.some((a) => String(a.changes).includes('contact_whatsapp')),
        'a change is audited',
      );
    });

    test('refuses bad contacts and logos with a code and the field named', async () => {
      for (const [field, value, words] of [
        ['contact_phone', 'call me', /Phone/],
        ['contact_whatsapp', '12', /WhatsApp/],
        ['contact_email', 'not-an-email', /E-mail/],
        ['logo_url', 'http://example.com/logo.png', /https/],
        ['logo_url', 'https://user:pw@example.com/logo.png', /Logo URL/],
        ['logo_url', 'javascript:alert(1)', /Logo URL/],
        ['logo_url', `https://example.com/${'a'.repeat(500)}.png`, /500/],
        ['customer_language', 'fr', /en \(English\) or bn/],
        ['bangla_digits', 'yes', /true or false/],
      ] as const) {
        const res = await patch({ [field]: value });
        assert.equal(res.statusCode, 400, `${field}=${value}: ${show(res)}`);
        assert.equal(res.json().code, 'invalid_request');
        assert.match(res.body, words, `${field}=${value}: ${res.body}`);
      }
      const unknown = await patch({ logo: 'https://example.com/a.png' });
      assert.equal(unknown.statusCode, 400, show(unknown));
    });

    test('checkout, waiting, rejected and expired pages show the contact and logo in both languages', async () => {
      await patch({
        contact_phone: '01711-222333',
        contact_whatsapp: '01711222333',
        contact_email: 'help@rahim.example',
        logo_url: 'https://cdn.rahim.example/logo.png',
      });
      const contactOn = (res: { statusCode: number; body: string; headers: Record<string, unknown> }, what: string, lang: 'en' | 'bn') => {
        const t_ = lang === 'en' ? en : bn;
        assert.ok(res.body.includes('<div class="card contact" data-contact>'), `${what} (${lang}): the contact card\n${res.body}`);
        assert.ok(res.body.includes('href="tel:01711222333"'), `${what}: a tel: link`);
        assert.ok(res.body.includes('href="https://wa.me/8801711222333"'), `${what}: a wa.me link with 880`);
        assert.ok(res.body.includes('href="mailto:help@rahim.example"'), `${what}: a mailto: link`);
        assert.ok(res.body.includes(t_.contactWhatsapp), `${what}: WhatsApp in the page's language`);
        assert.ok(res.body.includes('<img src="https://cdn.rahim.example/logo.png" alt=""'), `${what}: the logo`);
        assert.match(String(res.headers['content-security-policy']), /img-src https:\/\/cdn\.rahim\.example;/, `${what}: images from the logo's origin only`);
      };
      const both = async (what: string, url: string) => {
        contactOn(await get(url, { cookie: 'duar_lang=en' }), what, 'en');
        contactOn(await get(url, { cookie: 'duar_lang=bn' }), what, 'bn');
      };
      const checkout = await createInvoice(t, key);
      await both('checkout', `/payment/${checkout}`);

      await seedDevice(t);
      const waiting = await createInvoice(t, key);
      assert.equal((await payWallet(t, waiting, 'WAYFWD0001')).statusCode, 303);
      await both('waiting', `/payment/${waiting}`);

      const rejected = await createInvoice(t, key);
      assert.equal((await payWallet(t, rejected, 'WAYFWD0002')).statusCode, 303);
      const reject = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/payments/${rejected}/reject`, payload: { note: 'not received' } });
      assert.equal(reject.statusCode, 200, show(reject));
      await both('rejected', `/payment/${rejected}`);
      const rejectedBn = await get(`/payment/${rejected}`, { cookie: 'duar_lang=bn' });
      assert.ok(rejectedBn.body.includes(bn.statusFailed), 'the refusal says to contact the shop with the TrxID');
      assert.ok(rejectedBn.body.includes(bn.trxLine('WAYFWD0002')), 'and shows the TrxID to give');

      const expired = await createInvoice(t, key);
      await t.db
        .updateTable('payments')
        .set({ expires_at: Date.now() - 1 })
        .where('invoice_id', '=', expired)
        .execute();
      await both('expired', `/payment/${expired}`);
    });

    test('without a contact or logo the pages show neither, and allow no images', async () => {
      await patch({ contact_phone: null, contact_whatsapp: null, contact_email: null, logo_url: null });
      const res = await get(`/payment/${await createInvoice(t, key)}`);
      assert.ok(!res.body.includes('data-contact'), res.body);
      assert.ok(!res.body.includes('<img'), res.body);
      assert.doesNotMatch(String(res.headers['content-security-policy']), /img-src/);
    });

    test(`the waiting page stops promising "less than a minute" after ${WAITING_TOO_LONG_MS / 60_000} minutes`, async () => {
      await seedDevice(t);
      const inv = await createInvoice(t, key);
      assert.equal((await payWallet(t, inv, 'WAYFWD0003')).statusCode, 303);
      const wallet = 'bKash';
      const soon = await get(`/payment/${inv}`, { cookie: 'duar_lang=en' });
      assert.ok(soon.body.includes(en.waiting(wallet)), soon.body);
      assert.ok(soon.body.includes(`textContent=${JSON.stringify(en.waitingLong(wallet))}`), 'the script changes the words when the time comes');
      offset = WAITING_TOO_LONG_MS + 1000;
      try {
        for (const [lang, t_] of [
          ['en', en],
          ['bn', bn],
        ] as const) {
          const later = await get(`/payment/${inv}`, { cookie: `duar_lang=${lang}` });
          const name = lang === 'en' ? 'bKash' : 'বিকাশ';
          assert.ok(later.body.includes(t_.waitingLong(name)), `${lang}: ${later.body}`);
          assert.ok(!later.body.includes(t_.waiting(name)), `${lang}: no "less than a minute" any more`);
        }
      } finally {
        offset = 0;
      }
    });

    test('the brand default language and Bangla digits', async () => {
      const inv = await createInvoice(t, key, { amount: '125000' });
      const english = await get(`/payment/${inv}`);
      assert.match(english.body, /<html lang="en">/);
      await patch({ customer_language: 'bn' });
      const bangla = await get(`/payment/${inv}`);
      assert.match(bangla.body, /<html lang="bn">/, 'the brand default decides without Accept-Language');
      assert.ok(bangla.body.includes('৳1,25,000.00'), 'Latin digits by default');
      assert.match((await get(`/payment/${inv}`, { 'accept-language': 'en' })).body, /<html lang="en">/, 'the browser still wins over the brand');
      await patch({ bangla_digits: true });
      const digits = await get(`/payment/${inv}`);
      assert.ok(digits.body.includes('৳১,২৫,০০০.০০'), 'Bangla digits in amounts');
      assert.ok(!digits.body.includes('৳1,25,000.00'));
      const englishStill = await get(`/payment/${inv}?lang=en`);
      assert.ok(englishStill.body.includes('৳1,25,000.00'), 'English pages keep Latin digits');
      await patch({ customer_language: 'en', bangla_digits: false });
    });

    test('wallet instructions in the page language, or as written when only one is given', async () => {
      const method = (payload: Record<string, unknown>) => admin.inject({ method: 'PATCH', url: '/admin/api/brands/default/payment-methods/bkash', payload });
      const saved = await method({ instructions: 'Write your invoice number as reference', instructions_bn: 'রেফারেন্সে ইনভয়েস নম্বর লিখুন' });
      assert.equal(saved.statusCode, 200, show(saved));
      assert.equal(saved.json().payment_method.instructions_bn, 'রেফারেন্সে ইনভয়েস নম্বর লিখুন', saved.body);
      const inv = await createInvoice(t, key);
      const enPage = (await get(`/payment/${inv}?lang=en`)).body;
      const bnPage = (await get(`/payment/${inv}?lang=bn`)).body;
      assert.ok(enPage.includes('<pre>Write your invoice number as reference</pre>') && !enPage.includes('রেফারেন্সে'), enPage);
      assert.ok(bnPage.includes('<pre>রেফারেন্সে ইনভয়েস নম্বর লিখুন</pre>') && !bnPage.includes('Write your invoice'), bnPage);
      await method({ instructions_bn: null });
      const onlyEnglish = (await get(`/payment/${inv}?lang=bn`)).body;
      assert.ok(onlyEnglish.includes('<pre lang="en">Write your invoice number as reference</pre>'), 'shown as written, marked English');
      await method({ instructions: '', instructions_bn: 'শুধু বাংলায়' });
      assert.ok((await get(`/payment/${inv}?lang=en`)).body.includes('<pre lang="bn">শুধু বাংলায়</pre>'));
    });
  });
}
