import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { enableWallet, form, payWallet } from '../payments/helpers.js';
import { bkashSms, forward, forwarderBody, seedDevice } from '../sms/support.js';
import { invoiceBody } from './support.js';
import { startReceiver, testWorker } from '../webhooks/support.js';

for (const dialect of dialects) {
  describe(`${dialect}: invoice page and payment`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    let device: Awaited<ReturnType<typeof seedDevice>>;
    let balance = 0;
    let n = 0;
    const base = '/admin/api/brands/default/invoices';
    const open = async (extra: Record<string, unknown> = {}) => {
      const res = await admin.inject({ method: 'POST', url: base, payload: invoiceBody({ status: 'open', ...extra }) });
      assert.equal(res.statusCode, 201, show(res));
      return res.json().invoice as { id: string; number: string; public_id: string; total: string; status: string };
    };
    const view = async (id: string) => (await admin.inject({ method: 'GET', url: `${base}/${id}` })).json().invoice;
    const pay = (publicId: string) => form(t, `/invoice/${publicId}/pay`, {});
    const checkoutOf = (location: string | undefined) => {
      assert.ok(location?.startsWith('http://duar.test/payment/'), `Location ${location}`);
      return (location as string).split('/').pop()!;
    };
    const paymentOf = (inv: string) => t.db.selectFrom('payments').selectAll().where('invoice_id', '=', inv).executeTakeFirstOrThrow();
    /** Pays the checkout with a bKash TrxID, then the shop's phone forwards the SMS that completes it. */
    async function payBySms(checkout: string, paisa: number) {
      const trx = `INV${String(++n).padStart(7, '0')}`;
      const submitted = await payWallet(t, checkout, trx);
      assert.equal(submitted.statusCode, 303, show(submitted));
      balance += paisa;
      const res = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: paisa, balance, trx })));
      assert.equal(res.statusCode, 200, show(res));
      return trx;
    }

    before(async () => {
      t = await buildTestApp(dialect, { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' });
      admin = await signedInAdmin(t);
      await enableWallet(t, 'bkash');
      device = await seedDevice(t);
    });
    after(() => t.close());

    test('the page shows the invoice, escapes what the merchant typed, prints on A4, needs no JavaScript and stays under 30 kB', async () => {
      const inv = await open({
        customer: { name: '<img src=x onerror=alert(1)> রহিম', email: 'r@example.com' },
        items: [{ description: '<script>alert("x")</script> শাড়ি', quantity: 1, unit_price: '500' }],
        note: 'Pay by "Friday" & thanks <b>',
        private_note: 'SECRET-NOTE',
      });
      const res = await t.app.inject({ method: 'GET', url: `/invoice/${inv.public_id}` });
      assert.equal(res.statusCode, 200, show(res));
      assert.ok(!/<script/i.test(res.body), 'no script at all');
      assert.ok(!res.body.includes('<img src=x'), 'customer name escaped');
      assert.ok(res.body.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; শাড়ি'));
      assert.ok(res.body.includes('Pay by &quot;Friday&quot; &amp; thanks &lt;b&gt;'));
      assert.ok(!res.body.includes('SECRET-NOTE'), 'the private note stays private');
      assert.ok(res.body.includes(inv.number));
      assert.match(res.body, /@media print\{@page\{size:A4/);
      assert.ok(res.body.includes(`action="/invoice/${inv.public_id}/pay"`));
      assert.ok(res.body.includes('Pay ৳'), 'the Pay ৳… button');
      assert.ok(Buffer.byteLength(res.body) < 30_000, `${Buffer.byteLength(res.body)} bytes`);
      assert.match(res.headers['content-security-policy'] as string, /script-src 'none'/);
      const bn = await t.app.inject({ method: 'GET', url: `/invoice/${inv.public_id}?lang=bn` });
      assert.ok(bn.body.includes('পরিশোধ করুন') && bn.body.includes('সর্বমোট'), show(bn));
    });

    test('a draft, an unknown id and a number in place of the public id are not found', async () => {
      const draft = (await admin.inject({ method: 'POST', url: base, payload: invoiceBody() })).json().invoice;
      for (const id of [draft.public_id, 'nope', draft.number, draft.id]) {
        const res = await t.app.inject({ method: 'GET', url: `/invoice/${encodeURIComponent(id)}` });
        assert.equal(res.statusCode, 404, `${id}: ${show(res)}`);
        assert.equal((await pay(encodeURIComponent(id))).statusCode, 404, id);
      }
    });

    test('Pay makes a live payment of exactly the total with the customer prefilled; paying again returns to the same checkout', async () => {
      const inv = await open();
      const res = await pay(inv.public_id);
      assert.equal(res.statusCode, 303, show(res));
      const checkout = checkoutOf(res.headers.location);
      const payment = await paymentOf(checkout);
      assert.equal(payment.amount, 274_856);
      assert.equal(payment.full_name, 'করিম স্টোর');
      assert.equal(payment.email, 'karim@example.com');
      assert.equal(payment.api_key_id, null);
      assert.equal(payment.livemode, 1);
      assert.deepEqual(JSON.parse(payment.metadata), { invoice: inv.id, invoice_number: inv.number });
      assert.equal(payment.redirect_url, `http://duar.test/invoice/${inv.public_id}`);
      assert.equal(checkoutOf((await pay(inv.public_id)).headers.location), checkout, 'one open checkout per invoice');
      const page = await t.app.inject({ method: 'GET', url: `/payment/${checkout}` });
      assert.equal(page.statusCode, 200, show(page));
    });

    test('completion by a forwarded SMS marks the invoice paid; its IPN goes to the brand default without the legacy header', async () => {
      await admin.inject({
        method: 'PATCH',
        url: '/admin/api/brands/default/webhook-settings',
        payload: { default_url: 'https://shop.example.com/default-ipn' },
      });
      try {
        const inv = await open({ items: [{ description: 'Tuition', quantity: 1, unit_price: '1500' }], discount: 0, vat_percent: 0, shipping: 0 });
        const checkout = checkoutOf((await pay(inv.public_id)).headers.location);
        const trx = await payBySms(checkout, 150_000);
        const payment = await paymentOf(checkout);
        assert.equal(payment.status, 'completed');
        const paid = await view(inv.id);
        assert.equal(paid.status, 'paid', JSON.stringify(paid));
        assert.equal(paid.payment_id, payment.id);
        assert.deepEqual([paid.paid.method, paid.paid.transaction_id], ['bkash', trx]);
        const deliveries = await t.db
          .selectFrom('webhook_deliveries')
          .selectAll()
          .where('payment_id', '=', payment.id)
          .where('event', '=', 'payment.completed')
          .execute();
        assert.equal(deliveries.length, 1);
        assert.equal(deliveries[0]!.url, 'https://shop.example.com/default-ipn');
        assert.equal(deliveries[0]!.api_key_id, null, 'no legacy key header: no key created the invoice');
        assert.deepEqual(JSON.parse(deliveries[0]!.payload).metadata, { invoice: inv.id, invoice_number: inv.number });
        // Paid: the page says so and takes no payment (409, a plain page).
        const page = await t.app.inject({ method: 'GET', url: `/invoice/${inv.public_id}` });
        assert.equal(page.statusCode, 200);
        assert.ok(page.body.includes('Paid. Thank you.') && !page.body.includes('/pay"'), show(page));
        const again = await pay(inv.public_id);
        assert.equal(again.statusCode, 409, show(again));
        assert.match(again.headers['content-type'] as string, /text\/html/);
        // A payment link without its own webhook_url sends its IPN to the brand default too.
        const link = (
          await admin.inject({ method: 'POST', url: '/admin/api/brands/default/payment-links', payload: { title: 'Eid', amount_type: 'fixed', amount: 50 } })
        ).json().payment_link;
        const bought = await form(t, `/pay/default/${link.slug}`, { name: 'Rahim', phone: '01712345678' });
        assert.equal((await paymentOf(checkoutOf(bought.headers.location))).webhook_url, 'https://shop.example.com/default-ipn');
      } finally {
        await admin.inject({ method: 'PATCH', url: '/admin/api/brands/default/webhook-settings', payload: { default_url: null } });
      }
    });

    test("an invoice's own webhook_url wins, and a key-created invoice's IPN carries that key (legacy header)", async () => {
      const key = await seedKey(t, { abilities: ['payment:checkout'] });
      // Made through the service as POST /api/invoices makes it for that key.
      const { createInvoice } = await import('../../src/modules/invoices/service.js');
      const { createInvoiceInput } = await import('../../src/modules/invoices/fields.js');
      const input = createInvoiceInput.parse(
        invoiceBody({
          items: [{ description: 'A', quantity: 1, unit_price: 200 }],
          discount: 0,
          vat_percent: 0,
          shipping: 0,
          webhook_url: 'https://erp.example.com/ipn',
        }),
      );
      const inv = await createInvoice(
        t.db,
        t.brand,
        input,
        { actor: { label: 'key', ip: null }, apiKey: { id: key.id, mode: 'live' } },
        { publicUrl: t.config.publicUrl },
        'open',
      );
      const checkout = checkoutOf((await pay(inv.public_id)).headers.location);
      assert.equal((await paymentOf(checkout)).api_key_id, key.id);
      await payBySms(checkout, 20_000);
      const payment = await paymentOf(checkout);
      const [delivery] = await t.db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('payment_id', '=', payment.id)
        .where('event', '=', 'payment.completed')
        .execute();
      assert.equal(delivery?.url, 'https://erp.example.com/ipn');
      assert.equal(delivery?.api_key_id, key.id, 'the legacy header carries the key that created the invoice');
      assert.equal((await view(inv.id)).status, 'paid');
    });

    test('the IPNs reach a real receiver signed per Standard Webhooks: with the key header for a key-created invoice, without it otherwise', async () => {
      const receiver = await startReceiver();
      try {
        const key = await seedKey(t, { abilities: ['invoice:write'] });
        const made = await t.app.inject({
          method: 'POST',
          url: '/api/invoices',
          headers: { 'rt-uddoktapay-api-key': key.key, 'content-type': 'application/json' },
          payload: JSON.stringify(
            invoiceBody({
              items: [{ description: 'A', quantity: 1, unit_price: 300 }],
              discount: 0,
              vat_percent: 0,
              shipping: 0,
              webhook_url: `${receiver.base}/by-key`,
            }),
          ),
        });
        assert.equal(made.statusCode, 200, show(made));
        const byKey = made.json().invoice;
        const byAdmin = await open({
          items: [{ description: 'B', quantity: 1, unit_price: 400 }],
          discount: 0,
          vat_percent: 0,
          shipping: 0,
          webhook_url: `${receiver.base}/by-admin`,
        });
        await payBySms(checkoutOf((await pay(byKey.public_id)).headers.location), 30_000);
        await payBySms(checkoutOf((await pay(byAdmin.public_id)).headers.location), 40_000);
        const { worker } = testWorker(t);
        await worker.runOnce();
        const completed = (path: string) =>
          receiver.requests.find((r) => r.url === path && JSON.parse(r.body).status === 'COMPLETED' && JSON.parse(r.body).metadata?.invoice);
        const a = completed('/by-key');
        const b = completed('/by-admin');
        assert.ok(a && b, receiver.requests.map((r) => `${r.url} ${r.body}`).join('\n'));
        assert.equal(a.headers['rt-uddoktapay-api-key'], key.key, 'the key that created the invoice');
        assert.equal(b.headers['rt-uddoktapay-api-key'], undefined, 'no key created it: no legacy header');
        for (const r of [a, b]) {
          assert.match(String(r.headers['webhook-signature']), /^v1,/);
          assert.ok(r.headers['webhook-id'] && r.headers['webhook-timestamp']);
        }
        assert.equal(JSON.parse(a.body).metadata.invoice_number, byKey.number);
        assert.equal((await view(byKey.id)).status, 'paid');
      } finally {
        await receiver.close();
      }
    });

    test('a full refund of its payment marks the invoice refunded; a partial one leaves it paid', async () => {
      const inv = await open({ items: [{ description: 'Shoes', quantity: 1, unit_price: '800' }], discount: 0, vat_percent: 0, shipping: 0 });
      const checkout = checkoutOf((await pay(inv.public_id)).headers.location);
      await payBySms(checkout, 80_000);
      const payment = await paymentOf(checkout);
      const refund = (amount: string) =>
        admin.inject({
          method: 'POST',
          url: `/admin/api/brands/default/payments/${payment.id}/refunds`,
          payload: { amount, mode: 'manual', reason: 'Returned' },
        });
      const partial = await refund('300');
      assert.equal(partial.statusCode, 201, show(partial));
      assert.equal((await view(inv.id)).status, 'paid');
      assert.equal((await refund('500')).statusCode, 201);
      assert.equal((await view(inv.id)).status, 'refunded');
      const page = await t.app.inject({ method: 'GET', url: `/invoice/${inv.public_id}` });
      assert.ok(page.body.includes('refunded'), show(page));
      assert.equal((await pay(inv.public_id)).statusCode, 409);
    });

    test('a void invoice shows a plain page (410) and its pay request gets 409, never a 500', async () => {
      const inv = await open();
      assert.equal((await admin.inject({ method: 'POST', url: `${base}/${inv.id}/void`, payload: {} })).statusCode, 200);
      const page = await t.app.inject({ method: 'GET', url: `/invoice/${inv.public_id}` });
      assert.equal(page.statusCode, 410, show(page));
      assert.match(page.body, /canceled by the seller/);
      const paid = await pay(inv.public_id);
      assert.equal(paid.statusCode, 409, show(paid));
      assert.match(paid.body, /canceled by the seller/);
    });

    test('paid by hand or voided: its unpaid checkouts are canceled; one the customer already submitted completes as an ordinary payment', async () => {
      const inv = await open({ items: [{ description: 'Rice', quantity: 1, unit_price: '100' }], discount: 0, vat_percent: 0, shipping: 0 });
      const unpaid = checkoutOf((await pay(inv.public_id)).headers.location);
      const marked = await admin.inject({ method: 'POST', url: `${base}/${inv.id}/mark-paid`, payload: { method: 'Cash' } });
      assert.equal(marked.statusCode, 200, show(marked));
      assert.equal((await paymentOf(unpaid)).status, 'canceled');
      await payWallet(t, unpaid, 'INVLATE001');
      assert.equal((await paymentOf(unpaid)).status, 'canceled', 'a canceled checkout takes no payment');

      const other = await open({ items: [{ description: 'Oil', quantity: 1, unit_price: '200' }], discount: 0, vat_percent: 0, shipping: 0 });
      const submitted = checkoutOf((await pay(other.public_id)).headers.location);
      const trx = `INV${String(++n).padStart(7, '0')}`;
      assert.equal((await payWallet(t, submitted, trx)).statusCode, 303);
      assert.equal((await admin.inject({ method: 'POST', url: `${base}/${other.id}/void`, payload: {} })).statusCode, 200);
      assert.equal((await paymentOf(submitted)).status, 'pending', 'the customer sent money: left for the merchant');
      balance += 20_000;
      await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 20_000, balance, trx })));
      assert.equal((await paymentOf(submitted)).status, 'completed');
      const after = await view(other.id);
      assert.deepEqual([after.status, after.payment_id], ['void', null], 'a void invoice stays void');
    });
  });
}
