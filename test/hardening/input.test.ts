import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestAppWithKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { api, checkoutBody, createInvoice, paySandbox, verify } from '../payments/helpers.js';

const BRAND = '/admin/api/brands/default';

for (const dialect of dialects) {
  describe(`${dialect}: every bad input is a clean 4xx`, () => {
    let t: TestApp;
    let key: string;
    // The installation's first administrator: it alone creates brands, which one test asks for.
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    before(async () => {
      ({ t, key } = await buildTestAppWithKey(dialect));
      admin = await signedInAdmin(t);
    });
    after(() => t.close());

    test('a non-ASCII redirect_url is stored percent-encoded and the customer is redirected there after paying', async () => {
      const invoiceId = await createInvoice(t, key, { redirect_url: 'https://shop.example/ধন্যবাদ?order=7', cancel_url: 'https://shop.example/বাতিল' });
      const paid = await paySandbox(t, invoiceId);
      assert.equal(paid.statusCode, 303, show(paid));
      assert.equal(paid.headers.location, `https://shop.example/${encodeURIComponent('ধন্যবাদ')}?order=7&invoice_id=${invoiceId}`);
      const back = await t.app.inject({ method: 'GET', url: `/payment/${invoiceId}/return` });
      assert.equal(back.statusCode, 303, show(back));
      const cancelled = await createInvoice(t, key, { cancel_url: 'https://shop.example/বাতিল' });
      const cancel = await t.app.inject({ method: 'POST', url: `/payment/${cancelled}/cancel` });
      assert.equal(cancel.statusCode, 303, show(cancel));
      assert.equal(cancel.headers.location, `https://shop.example/${encodeURIComponent('বাতিল')}`);
    });

    test('a stored URL holding raw non-ASCII (created before normalisation) still redirects, never a 500', async () => {
      const invoiceId = await createInvoice(t, key);
      await t.db.updateTable('payments').set({ redirect_url: 'https://shop.example/ধন্যবাদ' }).where('invoice_id', '=', invoiceId).execute();
      const paid = await paySandbox(t, invoiceId);
      assert.equal(paid.statusCode, 303, show(paid));
      assert.match(paid.headers.location as string, /^https:\/\/shop\.example\/%E0%A6%A7/);
    });

    test('line breaks and control characters in redirect_url, cancel_url or webhook_url are refused', async () => {
      for (const field of ['redirect_url', 'cancel_url', 'webhook_url']) {
        for (const url of ['https://shop.example/a\r\nSet-Cookie: x=1', 'https://shop.example/\ta', 'https://shop.example/\u0000']) {
          const res = await api(t, key)('/api/checkout-v2', checkoutBody({ [field]: url }));
          assert.equal(res.statusCode, 400, show(res));
          assert.equal(res.json().code, 'control_characters', show(res));
          assert.equal(res.json().field, field, show(res));
        }
      }
    });

    test('NUL and control characters anywhere in text input answer 400 control_characters, never 500', async () => {
      const cases = [
        () => api(t, key)('/api/checkout-v2', checkoutBody({ full_name: 'Jane\u0000Doe' })),
        () => api(t, key)('/api/checkout-v2', checkoutBody({ metadata: { note: 'a\u0000b' } })),
        () => api(t, key)('/api/checkout-v2', checkoutBody({ metadata: { 'a\u0000': 1 } })),
        () => api(t, key)('/api/checkout-v2', checkoutBody({ metadata: JSON.stringify({ note: 'a\u0000b' }) })),
        () => api(t, key)('/api/verify-payment', { invoice_id: 'abc\u0000' }),
        () => api(t, key)('/api/verify-payment/abc%00', {}),
        () => api(t, key)('/api/refund-payment', { transaction_id: 'TRX\u0001' }),
        () => api(t, key)('/api/refund-payment', { transaction_id: 'TRX1', reason: 'broke\u0000n' }),
        () => t.app.inject({ method: 'GET', url: '/api/me?x=%00', headers: { 'rt-uddoktapay-api-key': key } }),
        () => t.app.inject({ method: 'GET', url: '/default%00/api/me', headers: { 'rt-uddoktapay-api-key': key } }),
      ];
      for (const send of cases) {
        const res = await send();
        assert.equal(res.statusCode, 400, show(res));
        assert.equal(res.json().code, 'control_characters', show(res));
        assert.equal(typeof res.json().message, 'string');
      }
      // A customer's browser gets a page saying so, never JSON (issue 17.4).
      for (const url of ['/payment/%00', '/payment/abc%0D%0A']) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 400, show(res));
        assert.match(String(res.headers['content-type']), /^text\/html/, show(res));
      }
      const res = await admin.inject({ method: 'GET', url: '/admin/api/brands/def%00ault' });
      assert.equal(res.statusCode, 400, show(res));
      assert.equal(res.json().code, 'control_characters', show(res));
      const named = await admin.inject({ method: 'PATCH', url: BRAND, payload: { name: 'Shop\u0000' } });
      assert.equal(named.statusCode, 400, show(named));
      assert.equal(named.json().field, 'name', show(named));
    });

    test('tabs and line breaks stay allowed in free text (a refund reason, wallet instructions)', async () => {
      const res = await admin.inject({
        method: 'PATCH',
        url: `${BRAND}/payment-methods/bkash`,
        payload: { account_number: '01712345678', account_type: 'personal', instructions: 'Line one\nLine two\tend' },
      });
      assert.equal(res.statusCode, 200, show(res));
      assert.equal(res.json().payment_method.instructions, 'Line one\nLine two\tend');
    });

    test('metadata nested thousands deep, or deeper than 10 levels, answers 400; 10 levels are accepted', async () => {
      const nest = (depth: number) => {
        let value: unknown = 1;
        for (let i = 0; i < depth; i++) value = { a: value };
        return value;
      };
      const deepJson = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const raw = await t.app.inject({
        method: 'POST',
        url: '/api/checkout-v2',
        headers: { 'rt-uddoktapay-api-key': key, 'content-type': 'application/json' },
        payload: JSON.stringify(checkoutBody({ metadata: 'X' })).replace('"X"', deepJson),
      });
      assert.equal(raw.statusCode, 400, show(raw));
      const asString = await api(t, key)('/api/checkout-v2', checkoutBody({ metadata: deepJson }));
      assert.equal(asString.statusCode, 400, show(asString));
      assert.equal(asString.json().field, 'metadata', show(asString));
      const eleven = await api(t, key)('/api/checkout-v2', checkoutBody({ metadata: nest(11) }));
      assert.equal(eleven.statusCode, 400, show(eleven));
      assert.match(eleven.json().message, /at most 10 levels/);
      const ten = await api(t, key)('/api/checkout-v2', checkoutBody({ metadata: nest(10) }));
      assert.equal(ten.statusCode, 200, show(ten));
    });

    test('__proto__, constructor and prototype keys are refused in metadata sent as a JSON string', async () => {
      for (const metadata of ['{"__proto__":{"admin":true}}', '{"order":{"constructor":1}}', '{"prototype":1}']) {
        const res = await api(t, key)('/api/checkout-v2', checkoutBody({ metadata }));
        assert.equal(res.statusCode, 400, show(res));
        assert.equal(res.json().field, 'metadata', show(res));
      }
      const ok = await createInvoice(t, key, { metadata: '{"order_id":"7"}' });
      assert.deepEqual((await verify(t, key, ok)).metadata, { order_id: '7' });
    });

    test('an API key in a repeated query parameter is refused with api_key_in_query', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/me?x=${encodeURIComponent(key)}&x=${encodeURIComponent(key)}`,
        headers: { 'rt-uddoktapay-api-key': key },
      });
      assert.equal(res.statusCode, 400, show(res));
      assert.equal(res.json().code, 'api_key_in_query', show(res));
    });

    test('create-checkout reports every invalid field at once, with plain words for amounts', async () => {
      const res = await api(t, key)('/api/checkout-v2', {
        full_name: 7,
        email: 'nope',
        amount: '-5',
        redirect_url: 'ftp://x',
        cancel_url: 'https://ok.example',
      });
      assert.equal(res.statusCode, 400, show(res));
      const body = res.json();
      assert.equal(body.status, false);
      assert.deepEqual(
        body.errors.map((e: { field: string }) => e.field),
        ['full_name', 'email', 'amount', 'redirect_url'],
        show(res),
      );
      assert.equal(body.field, 'full_name');
      assert.equal(body.code, 'invalid_request');
      assert.ok(
        body.errors.every((e: { message: string }) => body.message.includes(e.message)),
        show(res),
      );
      for (const [amount, words] of [
        ['-5', /positive.*at most 999999999999\.99/],
        ['0', /positive/],
        [1e12, /at most 999999999999\.99/],
        ['1e12', /at most 999999999999\.99/],
        [{}, /number or a string/],
      ] as const) {
        const one = await api(t, key)('/api/checkout-v2', checkoutBody({ amount }));
        assert.equal(one.statusCode, 400, show(one));
        assert.equal(one.json().code, 'invalid_amount', show(one));
        assert.match(one.json().message, words, show(one));
        assert.deepEqual(one.json().errors, [{ field: 'amount', message: one.json().message }]);
      }
      const id = await api(t, key)('/api/verify-payment', { invoice_id: 12345 });
      assert.equal(id.statusCode, 400, show(id));
      assert.equal(id.json().status, 'ERROR');
      assert.equal(id.json().message, 'invoice_id must be a string');
      const xml = await api(t, key)('/api/checkout-v2', checkoutBody(), { 'content-type': 'application/xml' });
      assert.equal(xml.statusCode, 415, show(xml));
      assert.equal(xml.json().code, 'unsupported_media_type');
      assert.match(xml.json().message, /application\/xml is not accepted.*Content-Type: application\/json/, show(xml));
      const plain = await api(t, key)('/api/checkout-v2', checkoutBody(), { 'content-type': 'text/plain' });
      assert.equal(plain.statusCode, 400, show(plain));
      assert.match(plain.json().message, /JSON object sent with Content-Type: application\/json/, show(plain));
      const refund = await api(t, key)('/api/refund-payment', { transaction_id: {}, amount: '0' });
      assert.deepEqual(
        refund.json().errors.map((e: { field: string }) => e.field),
        ['transaction_id', 'amount'],
        show(refund),
      );
    });

    test('the admin forms name fields as the dashboard labels them and list every problem', async () => {
      const key = await admin.inject({ method: 'POST', url: `${BRAND}/api-keys`, payload: { name: '', abilities: [], expires_at: '31/02/2020' } });
      assert.equal(key.statusCode, 400, show(key));
      assert.deepEqual(
        key.json().errors.map((e: { field: string; message: string }) => [e.field, e.message.split(' ').slice(0, 2).join(' ')]),
        [
          ['name', 'Name must'],
          ['abilities', 'Abilities: select'],
          ['expires_at', 'Expires at'],
        ],
        show(key),
      );
      const brand = await admin.inject({ method: 'POST', url: '/admin/api/brands', payload: { slug: '-bad-', name: '', timezone: 'Mars/Base' } });
      assert.equal(brand.statusCode, 400, show(brand));
      assert.deepEqual(
        brand.json().errors.map((e: { message: string }) => e.message.split(' ')[0]),
        ['Slug', 'Name', 'Time'],
        show(brand),
      );
      const method = await admin.inject({ method: 'PATCH', url: `${BRAND}/payment-methods/bkash`, payload: { enabled: true } });
      const fresh = await admin.inject({ method: 'PATCH', url: `${BRAND}/payment-methods/nagad`, payload: { enabled: true } });
      assert.equal(fresh.statusCode, 400, show(fresh));
      assert.deepEqual(fresh.json().errors, [
        { field: 'account_number', message: 'Wallet number is required to turn on Nagad' },
        { field: 'account_type', message: 'Account type is required to turn on Nagad' },
      ]);
      assert.equal(method.statusCode, 200, show(method));
    });
  });
}
