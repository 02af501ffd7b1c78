import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin } from '../harness.js';
import { api, createInvoice, enableWallet, payWallet, verify } from '../payments/helpers.js';
import { newId } from '../../src/lib/ids.js';

const BASE = '/admin/api/brands/default';

for (const dialect of dialects) {
  test(`${dialect}: approvals, refunds, payouts, IPN resends and secret rotations are audited with actor and address`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const admin = await signedInAdmin(t);
      const { id: keyId, key } = await seedKey(t);
      await enableWallet(t);
      const invoice = await createInvoice(t, key, { amount: '100', webhook_url: 'https://shop.example.com/ipn' });
      assert.equal((await payWallet(t, invoice, 'TRX12345678')).statusCode, 303);
      const paymentId = (await admin.inject({ method: 'GET', url: `${BASE}/payments/${invoice}` })).json().payment.id;

      const approved = await admin.inject({ method: 'POST', url: `${BASE}/payments/${paymentId}/approve`, payload: { note: 'seen in the app' } });
      assert.equal(approved.statusCode, 200, show(approved));
      const refund = await api(t, key)('/api/refund-payment', {
        transaction_id: 'TRX12345678',
        payment_method: 'bkash',
        amount: '40',
        product_name: 'T-shirt',
        reason: 'returned',
      });
      assert.equal(refund.statusCode, 200, show(refund));
      const refundId = (await admin.inject({ method: 'GET', url: `${BASE}/payments/${paymentId}` })).json().refunds[0].id;
      const paid = await admin.inject({ method: 'POST', url: `${BASE}/payments/${paymentId}/refunds/${refundId}/paid-out`, payload: {} });
      assert.equal(paid.statusCode, 200, show(paid));
      assert.equal((await admin.inject({ method: 'POST', url: `${BASE}/payments/${paymentId}/ipn`, payload: {} })).statusCode, 202);
      assert.equal((await admin.inject({ method: 'POST', url: `${BASE}/webhook-secret/rotate`, payload: {} })).statusCode, 200);
      assert.equal((await verify(t, key, invoice)).refunded_amount, '40.00');

      const payments = await admin.inject({ method: 'GET', url: `${BASE}/audit-log?subject=payment&target_id=${paymentId}` });
      assert.equal(payments.statusCode, 200, show(payments));
      const entries = payments.json().entries.reverse();
      assert.deepEqual(
        entries.map((e: { action: string }) => e.action),
        ['payment.approved', 'payment.refunded', 'payment.refund_paid_out', 'payment.ipn_resent'],
      );
      assert.deepEqual(entries[0].changes, { status: { from: 'pending', to: 'completed' }, note: 'seen in the app' });
      assert.equal(entries[0].actor, admin.admin.email);
      assert.equal(entries[1].actor, keyId, 'an API refund names the key');
      assert.equal(entries[1].changes.amount, '40.00');
      assert.equal(entries[1].ip, '127.0.0.1');

      const keys = (await admin.inject({ method: 'GET', url: `${BASE}/audit-log?subject=api_key` })).json().entries;
      assert.deepEqual(
        keys.map((e: { action: string }) => e.action),
        ['api_key.created'],
        'API Settings sees only key changes',
      );
      const secret = (await admin.inject({ method: 'GET', url: `${BASE}/audit-log?subject=webhook_secret` })).json().entries;
      assert.deepEqual(
        secret.map((e: { action: string }) => e.action),
        ['webhook_secret.rotated'],
      );
      const bad = await admin.inject({ method: 'GET', url: `${BASE}/audit-log?subject=everything` });
      assert.equal(bad.statusCode, 400, show(bad));
      assert.equal(bad.json().field, 'subject');
    } finally {
      await t.close();
    }
  });
}

for (const dialect of dialects) {
  test(`${dialect}: brand edits, payment-method changes and sign-ins, failed sign-ins and sign-outs are audited with actor and address`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const admin = await signedInAdmin(t);
      const from = { remoteAddress: '192.0.2.44' };
      const wallet = await admin.inject({
        method: 'PATCH',
        url: `${BASE}/payment-methods/bkash`,
        payload: { enabled: true, account_number: '01712345678', account_type: 'personal' },
        ...from,
      });
      assert.equal(wallet.statusCode, 200, show(wallet));
      assert.equal(
        (await admin.inject({ method: 'PATCH', url: `${BASE}/payment-methods/bkash`, payload: { account_number: '01812345678' }, ...from })).statusCode,
        200,
      );
      const edited = await admin.inject({ method: 'PATCH', url: BASE, payload: { domain: 'pay.shop.example', timezone: 'UTC' }, ...from });
      assert.equal(edited.statusCode, 200, show(edited));

      const methods = (await admin.inject({ method: 'GET', url: `${BASE}/audit-log?subject=payment_method&target_id=bkash` })).json().entries;
      assert.deepEqual(
        methods.map((e: { action: string; target_id: string }) => [e.action, e.target_id]),
        [
          ['payment_method.updated', 'bkash'],
          ['payment_method.updated', 'bkash'],
        ],
      );
      assert.deepEqual(methods[0].changes, { account_number: { from: '01712345678', to: '01812345678' } });
      assert.equal(methods[0].actor, admin.admin.email);
      assert.equal(methods[0].ip, '192.0.2.44');
      const brand = (await admin.inject({ method: 'GET', url: `${BASE}/audit-log?subject=brand` })).json().entries;
      assert.equal(brand[0].action, 'brand.updated');
      assert.deepEqual(brand[0].changes, { domain: { from: null, to: 'pay.shop.example' }, timezone: { from: 'Asia/Dhaka', to: 'UTC' } });
      assert.equal(brand[0].ip, '192.0.2.44');

      const wrong = await t.app.inject({
        method: 'POST',
        url: '/admin/api/session',
        payload: { email: admin.admin.email, password: 'not the password' },
        remoteAddress: '198.51.100.5',
      });
      assert.equal(wrong.statusCode, 401, show(wrong));
      const signIn = await t.app.inject({
        method: 'POST',
        url: '/admin/api/session',
        payload: { email: admin.admin.email, password: 'correct horse battery' },
        remoteAddress: '198.51.100.6',
      });
      assert.equal(signIn.statusCode, 200, show(signIn));
      const cookie = signIn.cookies.find((c) => c.name === 'duar_session')!;
      const out = await t.app.inject({
        method: 'DELETE',
        url: '/admin/api/session',
        cookies: { duar_session: cookie.value },
        headers: { 'x-csrf-token': signIn.json().csrf_token },
        remoteAddress: '198.51.100.7',
      });
      assert.equal(out.statusCode, 204, show(out));

      const sessions = (await admin.inject({ method: 'GET', url: `${BASE}/audit-log?subject=session` })).json().entries.reverse();
      assert.deepEqual(
        sessions.map((e: { action: string; ip: string }) => [e.action, e.ip]),
        [
          ['session.sign_in_failed', '198.51.100.5'],
          ['session.signed_in', '198.51.100.6'],
          ['session.signed_out', '198.51.100.7'],
        ],
      );
      assert.deepEqual(sessions[0].changes, { email: admin.admin.email }, 'the email tried, not the password');
      assert.ok(!JSON.stringify(sessions).includes('not the password'));
      assert.equal(sessions[1].actor, admin.admin.email);
    } finally {
      await t.close();
    }
  });
}

for (const dialect of dialects) {
  test(`${dialect}: the audit log filters by action, kind, actor, target and days on the server and pages by cursor`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const admin = await signedInAdmin(t);
      const dhakaNoon = Date.parse('2030-03-10T06:00:00Z');
      const rows = Array.from({ length: 130 }, (_, i) => ({
        id: newId('aud'),
        brand_id: t.brand.id,
        actor: i % 2 ? 'rahim@example.com' : 'karim@example.com',
        action: i % 3 ? ('api_key.updated' as const) : ('payment.approved' as const),
        target_id: i % 5 ? 'key_other' : 'key_target',
        changes: '{}',
        ip: null,
        created_at: dhakaNoon - i * 3_600_000,
      }));
      await t.db.insertInto('audit_log').values(rows).execute();
      const get = async (query: string) => {
        const res = await admin.inject({ method: 'GET', url: `${BASE}/audit-log?${query}` });
        assert.equal(res.statusCode, 200, show(res));
        return res.json() as { entries: { id: string; action: string; actor: string; target_id: string; created_at: string }[]; next_cursor: string | null };
      };
      const ids = (filter: (r: (typeof rows)[number]) => boolean) => rows.filter(filter).map((r) => r.id);

      // Every page of a filtered list, by cursor: the same entries as the filter over the whole log, newest first.
      const seen: string[] = [];
      let page = await get('action=api_key.updated&actor=rahim%40example.com&limit=20');
      for (;;) {
        seen.push(...page.entries.map((e) => e.id));
        if (!page.next_cursor) break;
        page = await get(`action=api_key.updated&actor=rahim%40example.com&limit=20&cursor=${encodeURIComponent(page.next_cursor)}`);
      }
      assert.deepEqual(
        seen,
        ids((r) => r.action === 'api_key.updated' && r.actor === 'rahim@example.com'),
      );
      assert.ok(seen.length > 40, 'more than two pages');

      assert.deepEqual(
        (await get('subject=payment&target_id=key_target&limit=500')).entries.map((e) => e.id),
        ids((r) => r.action === 'payment.approved' && r.target_id === 'key_target'),
      );
      // Days are the brand's (Asia/Dhaka): 10 March runs from 9 March 18:00 UTC; the sign-in of signedInAdmin is today.
      const day = (await get('from=2030-03-10&to=2030-03-10&limit=500')).entries.map((e) => e.id);
      assert.deepEqual(
        day,
        ids((r) => r.created_at >= Date.parse('2030-03-09T18:00:00Z') && r.created_at < Date.parse('2030-03-10T18:00:00Z')),
      );
      assert.equal(day.length, 13, 'midnight to noon and the noon entry itself');

      for (const [query, field] of [
        ['action=api_key.exploded', 'action'],
        ['from=2030-02-31', 'from'],
        ['from=2030-03-10&to=2030-03-01', 'to'],
        ['cursor=nonsense', 'cursor'],
        ['actor=', 'actor'],
      ] as const) {
        const bad = await admin.inject({ method: 'GET', url: `${BASE}/audit-log?${query}` });
        assert.equal(bad.statusCode, 400, `${query}: ${show(bad)}`);
        assert.equal(bad.json().field, field, query);
      }
    } finally {
      await t.close();
    }
  });
}
