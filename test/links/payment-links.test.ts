import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, show, signedInAdmin, type TestApp } from '../harness.js';
import { enableWallet, form, payWallet } from '../payments/helpers.js';

for (const dialect of dialects) {
  describe(`${dialect}: payment links`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    const base = '/admin/api/brands/default/payment-links';
    const create = (payload: Record<string, unknown>) => admin.inject({ method: 'POST', url: base, payload });
    const buyer = (extra: Record<string, string> = {}) => ({ name: 'রহিম উদ্দিন', phone: '01712345678', email: '', ...extra });
    const paymentOf = (inv: string) => t.db.selectFrom('payments').selectAll().where('invoice_id', '=', inv).executeTakeFirstOrThrow();
    const invoiceOf = (location: string | undefined) => {
      assert.ok(location?.startsWith('http://duar.test/payment/'), `Location ${location}`);
      return (location as string).split('/').pop()!;
    };

    before(async () => {
      t = await buildTestApp(dialect);
      admin = await signedInAdmin(t);
      await enableWallet(t);
    });
    after(() => t.close());

    test('creates a fixed link with a default 8-character slug, its URL and empty stats', async () => {
      const res = await create({ title: 'Cotton saree', amount_type: 'fixed', amount: '1,250', quantity: 3 });
      assert.equal(res.statusCode, 201, show(res));
      const link = res.json().payment_link;
      assert.match(link.slug, /^[A-Za-z0-9]{8}$/);
      assert.equal(link.url, `http://duar.test/pay/default/${link.slug}`);
      assert.equal(link.amount, '1250.00');
      assert.equal(link.active, true);
      assert.deepEqual(link.stats, { payments: 0, collected: '0.00', remaining: 3 });
      const got = await admin.inject({ method: 'GET', url: `${base}/${link.id}` });
      assert.equal(got.statusCode, 200, show(got));
      const list = await admin.inject({ method: 'GET', url: base });
      assert.ok(
        list.json().links.some((l: { id: string }) => l.id === link.id),
        show(list),
      );
    });

    test('reports every invalid field at once, in the form labels', async () => {
      const res = await create({
        title: '',
        amount_type: 'fixed',
        amount: '-5',
        quantity: 0,
        expires_at: '31/02/2026',
        slug: 'a b',
        redirect_url: 'ftp://x',
        fields: [{ label: 'Size', type: 'select' }],
      });
      assert.equal(res.statusCode, 400, show(res));
      const fields = (res.json().errors as { field: string; message: string }[]).map((e) => e.field).sort();
      assert.deepEqual(fields, ['amount', 'expires_at', 'fields.0.options', 'quantity', 'redirect_url', 'slug', 'title'], show(res));
      assert.match(res.body, /Title must not be empty/, show(res));
      const fixed = await create({ title: 'No price', amount_type: 'fixed' });
      assert.equal(fixed.statusCode, 400, show(fixed));
      assert.equal(fixed.json().errors[0].field, 'amount', show(fixed));
      const range = await create({ title: 'Bad range', amount_type: 'open', min_amount: '500', max_amount: '100' });
      assert.equal(range.json().errors[0].field, 'max_amount', show(range));
    });

    test('refuses a slug already used in the brand with 409 slug_taken, on create and on edit', async () => {
      assert.equal((await create({ title: 'One', amount_type: 'open', slug: 'eid-sale' })).statusCode, 201);
      const again = await create({ title: 'Two', amount_type: 'open', slug: 'eid-sale' });
      assert.equal(again.statusCode, 409, show(again));
      assert.equal(again.json().code, 'slug_taken');
      const other = (await create({ title: 'Three', amount_type: 'open' })).json().payment_link;
      const edit = await admin.inject({ method: 'PATCH', url: `${base}/${other.id}`, payload: { slug: 'eid-sale' } });
      assert.equal(edit.statusCode, 409, show(edit));
    });

    test('the public page escapes what the merchant typed, renders Bangla, and works without JavaScript under 30 kB', async () => {
      const link = (
        await create({
          title: '<script>alert(1)</script> শাড়ি',
          description: 'Line one\n"quoted" & <b>bold</b>',
          amount_type: 'open',
          min_amount: '100',
          max_amount: '5000',
          slug: 'saree-open',
          fields: [
            { label: 'Size', type: 'select', options: ['S', 'M', '<L>'], required: true },
            { label: 'Note', type: 'text' },
          ],
        })
      ).json().payment_link;
      const res = await t.app.inject({ method: 'GET', url: `/pay/default/${link.slug}` });
      assert.equal(res.statusCode, 200, show(res));
      assert.ok(!res.body.includes('<script>alert(1)'), 'title is escaped');
      assert.ok(res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt; শাড়ি'));
      assert.ok(res.body.includes('&lt;b&gt;bold&lt;/b&gt;') && res.body.includes('&lt;L&gt;'));
      assert.ok(!/<script/i.test(res.body), 'no script at all');
      assert.ok(Buffer.byteLength(res.body) < 30_000, `${Buffer.byteLength(res.body)} bytes`);
      assert.match(res.headers['content-security-policy'] as string, /script-src 'none'/);
      const bn = await t.app.inject({ method: 'GET', url: `/pay/default/${link.slug}?lang=bn` });
      assert.ok(bn.body.includes('আপনার নাম'), show(bn));
    });

    test('a link written in both languages shows each on its page; one written once is shown as written, marked with its language', async () => {
      const link = (
        await create({
          title: 'Eid panjabi',
          description: 'Hand-stitched cotton',
          title_bn: 'ঈদের পাঞ্জাবি',
          description_bn: 'হাতে সেলাই করা সুতি',
          amount_type: 'fixed',
          amount: '1250',
          slug: 'panjabi-two-languages',
        })
      ).json().payment_link;
      assert.equal(link.title_bn, 'ঈদের পাঞ্জাবি');
      const page = async (lang: string) => (await t.app.inject({ method: 'GET', url: `/pay/default/${link.slug}?lang=${lang}` })).body;
      const en = await page('en');
      assert.match(en, /<h1>Eid panjabi<\/h1>/);
      assert.match(en, /<p class="desc">Hand-stitched cotton<\/p>/);
      assert.ok(!en.includes('ঈদের'), 'the English page shows the English words');
      const bn = await page('bn');
      assert.match(bn, /<h1>ঈদের পাঞ্জাবি<\/h1>/);
      assert.match(bn, /<p class="desc">হাতে সেলাই করা সুতি<\/p>/);
      assert.match(bn, /<title>ঈদের পাঞ্জাবি/);
      // The Bangla words cleared: the Bangla page shows the link's own words, marked as English for a screen reader.
      const edit = await admin.inject({ method: 'PATCH', url: `${base}/${link.id}`, payload: { title_bn: null, description_bn: '' } });
      assert.equal(edit.json().payment_link.title_bn, null, show(edit));
      const fallback = await page('bn');
      assert.match(fallback, /<h1 lang="en">Eid panjabi<\/h1>/);
      assert.match(fallback, /<p class="desc" lang="en">Hand-stitched cotton<\/p>/);
      const tooLong = await create({ title: 'x', title_bn: 'ক'.repeat(101), amount_type: 'open' });
      assert.equal(tooLong.json().errors[0].field, 'title_bn', show(tooLong));
    });

    test('a form with problems comes back with every problem marked (400) and takes no payment', async () => {
      const before = (
        await t.db
          .selectFrom('payments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
      const res = await form(t, '/pay/default/saree-open', { amount: '99999', name: '', phone: '123', email: 'nope', field_0: 'XL' });
      assert.equal(res.statusCode, 400, show(res));
      for (const id of ['f-amount-error', 'f-name-error', 'f-phone-error', 'f-email-error', 'f-field_0-error']) assert.ok(res.body.includes(`id="${id}"`), id);
      const after = (
        await t.db
          .selectFrom('payments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
      assert.equal(Number(after), Number(before));
    });

    test('a submitted form makes a live payment with the link and answers in its metadata, and hands over to the checkout (303)', async () => {
      const res = await form(t, '/pay/default/saree-open', { ...buyer(), amount: '৳১,২০০.৫০', field_0: 'M', field_1: 'লাল রঙ' });
      assert.equal(res.statusCode, 303, show(res));
      const payment = await paymentOf(invoiceOf(res.headers.location));
      assert.equal(payment.amount, 120_050);
      assert.equal(payment.full_name, 'রহিম উদ্দিন');
      assert.equal(payment.api_key_id, null);
      assert.equal(payment.livemode, 1);
      const meta = JSON.parse(payment.metadata);
      assert.equal(meta.payment_link_slug, 'saree-open');
      assert.equal(meta.phone, '01712345678');
      assert.deepEqual(meta.fields, { Size: 'M', Note: 'লাল রঙ' });
      const page = await t.app.inject({ method: 'GET', url: `/payment/${payment.invoice_id}` });
      assert.equal(page.statusCode, 200, show(page));
    });

    test('inactive, expired and sold-out links show a plain 410 page and take no payment; unknown ones 404', async () => {
      const inactive = (await create({ title: 'Off', amount_type: 'fixed', amount: 10, active: false })).json().payment_link;
      for (const method of ['GET', 'POST'] as const) {
        const res =
          method === 'GET' ? await t.app.inject({ method, url: `/pay/default/${inactive.slug}` }) : await form(t, `/pay/default/${inactive.slug}`, buyer());
        assert.equal(res.statusCode, 410, show(res));
        assert.match(res.body, /not taking payments/);
      }
      const sold = (await create({ title: 'Last one', amount_type: 'fixed', amount: 10, quantity: 1 })).json().payment_link;
      assert.equal((await form(t, `/pay/default/${sold.slug}`, buyer())).statusCode, 303);
      const second = await form(t, `/pay/default/${sold.slug}`, buyer());
      assert.equal(second.statusCode, 410, show(second));
      assert.match(second.body, /Sold out/);
      const expiring = (await create({ title: 'Old', amount_type: 'fixed', amount: 10 })).json().payment_link;
      await t.db.updateTable('payment_links').set({ expires_on: '2020-01-01' }).where('id', '=', expiring.id).execute();
      const expired = await t.app.inject({ method: 'GET', url: `/pay/default/${expiring.slug}` });
      assert.equal(expired.statusCode, 410, show(expired));
      assert.match(expired.body, /expired/);
      assert.equal((await t.app.inject({ method: 'GET', url: '/pay/default/no-such-link' })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'GET', url: '/pay/no-such-brand/x' })).statusCode, 404);
    });

    test('twenty buyers racing for the last 5 units get exactly 5 checkouts', async () => {
      const link = (await create({ title: 'Limited', amount_type: 'fixed', amount: 500, quantity: 5 })).json().payment_link;
      const results = await Promise.all(Array.from({ length: 20 }, () => form(t, `/pay/default/${link.slug}`, buyer())));
      const codes = results.map((r) => r.statusCode);
      assert.equal(codes.filter((c) => c === 303).length, 5, codes.join(','));
      assert.equal(codes.filter((c) => c === 410).length, 15, codes.join(','));
      const rows = await t.db.selectFrom('payment_link_payments').selectAll().where('link_id', '=', link.id).execute();
      assert.equal(rows.length, 5);
      const view = (await admin.inject({ method: 'GET', url: `${base}/${link.id}` })).json().payment_link;
      assert.equal(view.stats.remaining, 0);
      assert.equal(view.unavailable, 'sold_out');
    });

    test('a canceled or expired checkout gives its unit back; a paid one keeps it and counts in the stats', async () => {
      const link = (await create({ title: 'One unit', amount_type: 'fixed', amount: 300, quantity: 1 })).json().payment_link;
      const first = invoiceOf((await form(t, `/pay/default/${link.slug}`, buyer())).headers.location);
      assert.equal((await form(t, `/pay/default/${link.slug}`, buyer())).statusCode, 410, 'held by the open checkout');
      await t.app.inject({ method: 'POST', url: `/payment/${first}/cancel` });
      const second = invoiceOf((await form(t, `/pay/default/${link.slug}`, buyer())).headers.location);
      // The checkout's expiry passes: the unit is free again without anything running.
      await t.db
        .updateTable('payments')
        .set({ expires_at: Date.now() - 1 })
        .where('invoice_id', '=', second)
        .execute();
      const third = invoiceOf((await form(t, `/pay/default/${link.slug}`, buyer())).headers.location);
      const paid = await payWallet(t, third, 'TRX8LINK01');
      assert.ok(paid.statusCode < 400, show(paid));
      const payment = await paymentOf(third);
      const approve = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/payments/${payment.id}/approve`, payload: {} });
      assert.equal(approve.statusCode, 200, show(approve));
      await t.db
        .updateTable('payments')
        .set({ expires_at: Date.now() - 1 })
        .where('invoice_id', '=', third)
        .execute();
      assert.equal((await form(t, `/pay/default/${link.slug}`, buyer())).statusCode, 410, 'a paid unit is never given back by its expiry');
      const view = (await admin.inject({ method: 'GET', url: `${base}/${link.id}` })).json().payment_link;
      assert.deepEqual(view.stats, { payments: 1, collected: '300.00', remaining: 0 });
      const back = await t.app.inject({ method: 'GET', url: `/pay/default/${link.slug}?invoice_id=${third}` });
      assert.equal(back.statusCode, 410, show(back));
    });

    test('edits are applied and audited; delete removes the page; QR codes come as PNG and SVG', async () => {
      const link = (await create({ title: 'Edit me', amount_type: 'fixed', amount: 100 })).json().payment_link;
      const edit = await admin.inject({ method: 'PATCH', url: `${base}/${link.id}`, payload: { title: 'Edited', amount_type: 'open', max_amount: '900' } });
      assert.equal(edit.statusCode, 200, show(edit));
      const edited = edit.json().payment_link;
      assert.deepEqual([edited.title, edited.amount, edited.min_amount, edited.max_amount], ['Edited', null, '1.00', '900.00']);
      const audit = await t.db.selectFrom('audit_log').selectAll().where('target_id', '=', link.id).execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['payment_link.created', 'payment_link.updated']);
      const png = await admin.inject({ method: 'GET', url: `${base}/${link.id}/qr.png` });
      assert.equal(png.statusCode, 200);
      assert.equal(png.headers['content-type'], 'image/png');
      assert.deepEqual([...png.rawPayload.subarray(1, 4)], [0x50, 0x4e, 0x47]);
      const svg = await admin.inject({ method: 'GET', url: `${base}/${link.id}/qr.svg` });
      assert.match(svg.body, /^<svg/);
      assert.equal((await admin.inject({ method: 'DELETE', url: `${base}/${link.id}` })).statusCode, 204);
      assert.equal((await t.app.inject({ method: 'GET', url: `/pay/default/${link.slug}` })).statusCode, 404);
      const gone = await admin.inject({ method: 'GET', url: `${base}/${link.id}` });
      assert.equal(gone.statusCode, 404, show(gone));
      assert.equal(gone.json().code, 'payment_link_not_found');
    });

    test('an edit changes only the fields it sends; null clears an optional one', async () => {
      const fields = [{ label: 'Size', type: 'select', options: ['S', 'M'], required: true }];
      const link = (await create({ title: 'Keep', amount_type: 'fixed', amount: 100, quantity: 4, fields })).json().payment_link;
      const res = await admin.inject({ method: 'PATCH', url: `${base}/${link.id}`, payload: { title: 'Kept' } });
      assert.equal(res.statusCode, 200, show(res));
      const kept = res.json().payment_link;
      assert.deepEqual([kept.title, kept.quantity, kept.amount, kept.slug, kept.fields], ['Kept', 4, '100.00', link.slug, fields]);
      const cleared = (await admin.inject({ method: 'PATCH', url: `${base}/${link.id}`, payload: { quantity: null } })).json().payment_link;
      assert.deepEqual([cleared.quantity, cleared.stats.remaining], [null, null]);
    });

    test('a viewer reads links but cannot create one', async () => {
      const viewer = await signedInAdmin(t, undefined, { role: 'viewer' });
      assert.equal((await viewer.inject({ method: 'GET', url: base })).statusCode, 200);
      const res = await viewer.inject({ method: 'POST', url: base, payload: { title: 'x', amount_type: 'open' } });
      assert.equal(res.statusCode, 403, show(res));
    });

    test("the brand's evergreen page takes any amount from ৳1.00 and hands over to the checkout", async () => {
      const page = await t.app.inject({ method: 'GET', url: '/pay/default' });
      assert.equal(page.statusCode, 200, show(page));
      const bad = await form(t, '/pay/default', { ...buyer(), amount: '0.50' });
      assert.equal(bad.statusCode, 400, show(bad));
      const res = await form(t, '/pay/default', { ...buyer(), amount: '750', purpose: 'Tuition' });
      assert.equal(res.statusCode, 303, show(res));
      const payment = await paymentOf(invoiceOf(res.headers.location));
      assert.equal(payment.amount, 75_000);
      assert.deepEqual(JSON.parse(payment.metadata).fields, { 'What for': 'Tuition' });
    });

    test("link pages follow the brand's customer pages: logo, contact, default language and Bangla digits", async () => {
      const link = (await create({ title: 'Panjabi', amount_type: 'fixed', amount: '1250', quantity: 7 })).json().payment_link;
      const settings = '/admin/api/brands/default/customer-pages';
      const set = await admin.inject({
        method: 'PATCH',
        url: settings,
        payload: { contact_phone: '01711222333', logo_url: 'https://cdn.shop.example/logo.png', customer_language: 'bn', bangla_digits: true },
      });
      assert.equal(set.statusCode, 200, show(set));
      try {
        for (const url of [`/pay/default/${link.slug}`, '/pay/default']) {
          const res = await t.app.inject({ method: 'GET', url });
          assert.match(res.body, /<html lang="bn">/, `${url}: the brand's default language`);
          assert.ok(res.body.includes('<img src="https://cdn.shop.example/logo.png"'), `${url}: the logo`);
          assert.match(res.headers['content-security-policy'] as string, /img-src https:\/\/cdn\.shop\.example;/, `${url}: the logo's origin only`);
          assert.ok(res.body.includes('href="tel:01711222333"') && res.body.includes('০১৭১১২২২৩৩৩'), `${url}: the contact card in Bangla digits`);
          const english = await t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en-US' } });
          assert.match(english.body, /<html lang="en">/, `${url}: the customer's browser beats the brand's default`);
        }
        const page = await t.app.inject({ method: 'GET', url: `/pay/default/${link.slug}` });
        assert.ok(page.body.includes('৳১,২৫০.০০'), 'the price in Bangla digits');
        assert.ok(page.body.includes('৭'), 'the stock in Bangla digits');
        const off = await admin.inject({ method: 'PATCH', url: `${base}/${link.id}`, payload: { active: false } });
        assert.equal(off.statusCode, 200, show(off));
        const gone = await t.app.inject({ method: 'GET', url: `/pay/default/${link.slug}` });
        assert.equal(gone.statusCode, 410);
        assert.ok(gone.body.includes('href="tel:01711222333"'), 'the unavailable page says how to reach the shop');
      } finally {
        const reset = { contact_phone: null, logo_url: null, customer_language: 'en', bangla_digits: false };
        assert.equal((await admin.inject({ method: 'PATCH', url: settings, payload: reset })).statusCode, 200);
      }
    });

    test("a customer who gives no e-mail: the payment's email is '' (a NOT NULL column, as for every checkout) and reads '' everywhere", async () => {
      const link = (await create({ title: 'Mehendi', amount_type: 'fixed', amount: '300' })).json().payment_link;
      const res = await form(t, `/pay/default/${link.slug}`, buyer({ email: '   ' }));
      assert.equal(res.statusCode, 303, show(res));
      const payment = await paymentOf(invoiceOf(res.headers.location));
      assert.equal(payment.email, '');
      const listed = await admin.inject({ method: 'GET', url: `/admin/api/brands/default/payments?payment_link=${link.id}` });
      assert.equal(listed.statusCode, 200, show(listed));
      assert.deepEqual(
        listed.json().payments.map((p: { invoice_id: string; email: string }) => [p.invoice_id, p.email]),
        [[payment.invoice_id, '']],
        "the link's payments, and only them",
      );
      const csv = await admin.inject({ method: 'GET', url: `/admin/api/brands/default/payments/export.csv?payment_link=${link.id}` });
      assert.equal(csv.statusCode, 200, show(csv));
      assert.equal(csv.body.trim().split('\n').length, 2, "the header and the link's one payment");
      assert.ok(csv.body.includes(payment.invoice_id), csv.body);
      const withMail = await form(t, `/pay/default/${link.slug}`, buyer({ email: ' Rahim@Example.com ' }));
      assert.equal((await paymentOf(invoiceOf(withMail.headers.location))).email, 'Rahim@Example.com');
    });
  });
}
