import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { createInvoice, enableWallet, payWallet, verify } from '../payments/helpers.js';
import { bkashSms, forward, forwarderBody } from './support.js';

for (const dialect of dialects) {
  describe(`${dialect}: admin API for devices and SMS data`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    let key: string;
    before(async () => {
      t = await buildTestApp(dialect);
      admin = await signedInAdmin(t);
      key = (await seedKey(t)).key;
      await enableWallet(t, 'bkash');
    });
    after(() => t.close());
    /** Adds an SMS by hand, as SMS data → Paste an SMS does. */
    const paste = (payload: Record<string, unknown>) => admin.inject({ method: 'POST', url: '/admin/api/brands/default/sms', payload });

    test('connect a device: the key and the forwarder settings once, then only a hint; revoke refuses it', async () => {
      const res = await admin.inject({ method: 'POST', url: '/admin/api/brands/default/devices', payload: { name: 'Shop phone' } });
      assert.equal(res.statusCode, 201, show(res));
      assert.equal(res.headers['cache-control'], 'no-store');
      const { device, key: deviceKey, setup } = res.json();
      assert.match(deviceKey, /^duardev_/);
      assert.equal(setup.url, 'http://duar.test/default/api/device/sms');
      assert.equal(setup.header_name, 'X-Device-Key');
      assert.equal(setup.header_value, deviceKey);
      assert.equal(JSON.parse(setup.headers_json)['X-Device-Key'], deviceKey);
      assert.match(setup.body_template, /"from":"%from%","text":"%text%"/);
      assert.deepEqual(setup.senders, ['bKash'], 'a forwarding rule only for the wallet the brand enabled (bKash), not Rocket or Nagad');
      assert.deepEqual(setup.rules, [{ provider: 'bkash', wallet: 'bKash', sender_ids: ['bKash'] }]);
      assert.equal(setup.url_warning?.kind, 'plain_http', 'http://duar.test is plain http');
      assert.match(setup.url_warning?.message ?? '', /PUBLIC_URL/);
      assert.equal(JSON.parse(setup.qr_payload).url, setup.url);
      assert.equal(setup.sms_gateway_for_android.webhook_url, `${setup.url}?device=${device.id}`);

      const list = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/devices' });
      assert.equal(list.statusCode, 200, show(list));
      assert.ok(!list.body.includes(deviceKey.slice(25)), 'the list holds no secret');
      assert.equal(list.json().devices[0].status, 'active');
      assert.equal(list.json().devices[0].last_seen_at, null, 'connected, but no message yet');
      assert.equal(list.json().webhook_url, setup.url);
      assert.equal(list.json().url_warning?.kind, 'plain_http', 'the Devices page says it too, not only the one-time setup');

      const sent = await forward(t, deviceKey, forwarderBody('bKash', bkashSms({ amount: 100, balance: 100, trx: 'ADM0000001' })));
      assert.equal(sent.statusCode, 200, show(sent));
      const seen = (await admin.inject({ method: 'GET', url: `/admin/api/brands/default/devices/${device.id}` })).json().device;
      assert.equal(seen.sms_count, 1);
      assert.ok(seen.last_seen_at);

      const revoked = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/devices/${device.id}/revoke` });
      assert.equal(revoked.json().device.status, 'revoked', show(revoked));
      assert.equal((await forward(t, deviceKey, forwarderBody('bKash', 'x'))).statusCode, 401);
      const audit = await t.db.selectFrom('audit_log').select('action').where('target_id', '=', device.id).orderBy('created_at').execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['device.created', 'device.revoked'],
      );
      assert.ok(!JSON.stringify(await t.db.selectFrom('audit_log').selectAll().execute()).includes(deviceKey));
      const missing = await admin.inject({ method: 'POST', url: '/admin/api/brands/default/devices', payload: {} });
      assert.equal(missing.statusCode, 400, show(missing));
    });

    test('paste an SMS by hand, list and search it, approve a held one, trash and restore', async () => {
      const first = await paste({ from: 'bKash', text: bkashSms({ amount: 10000, balance: 10000, trx: 'PST0000001' }) });
      assert.equal(first.statusCode, 201, show(first));
      assert.equal(first.json().result.status, 'approved');
      assert.equal(first.json().sms.wallet, 'manual');
      const held = await paste({ from: 'bKash', text: bkashSms({ amount: 10000, balance: 55500, trx: 'PST0000002' }) });
      assert.equal(held.json().result.status, 'awaiting_review', show(held));
      const heldId = held.json().sms.id;
      assert.match(held.json().sms.reason_text, /balance/);
      const ignored = await paste({ from: 'bKash', text: 'Your bKash verification code is 1234' });
      assert.equal(ignored.json().result.status, 'ignored', show(ignored));

      const search = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/sms?q=pst0000002' });
      assert.deepEqual(
        search.json().sms.map((s: { trx_id: string }) => s.trx_id),
        ['PST0000002'],
        show(search),
      );
      const byState = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/sms?status=awaiting_review&provider=bkash&wallet=manual' });
      assert.equal(byState.json().total, 1, show(byState));
      const badFilter = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/sms?status=nope' });
      assert.equal(badFilter.statusCode, 400, show(badFilter));

      // A customer already submitted this TrxID: approving the held SMS completes the payment.
      const inv = await createInvoice(t, key);
      await payWallet(t, inv, 'PST0000002');
      assert.equal((await verify(t, key, inv)).payment_status, 'pending');
      const approve = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/sms/${heldId}/approve` });
      assert.equal(approve.statusCode, 200, show(approve));
      assert.equal(approve.json().sms.status, 'used');
      assert.equal((await verify(t, key, inv)).payment_status, 'completed');
      const detail = await admin.inject({ method: 'GET', url: `/admin/api/brands/default/payments/${inv}` });
      assert.equal(detail.json().sms.id, heldId, show(detail));

      const again = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/sms/${heldId}/trash` });
      assert.deepEqual([again.statusCode, again.json().code], [409, 'sms_state_conflict'], 'a used SMS cannot be trashed');
      const firstId = first.json().sms.id;
      const trashed = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/sms/${firstId}/trash` });
      assert.equal(trashed.json().sms.status, 'trashed', show(trashed));
      const restored = await admin.inject({ method: 'POST', url: `/admin/api/brands/default/sms/${firstId}/restore` });
      assert.deepEqual([restored.json().sms.status, restored.json().sms.reason], ['awaiting_review', 'restored'], show(restored));
      const unknown = await admin.inject({ method: 'POST', url: '/admin/api/brands/default/sms/sms_nope/approve' });
      assert.equal(unknown.statusCode, 404, show(unknown));
    });

    test('set a wallet balance: held messages that continue from it are approved and pay their checkouts', async () => {
      const inv = await createInvoice(t, key);
      await payWallet(t, inv, 'BAL0000001');
      const held = await paste({ from: 'bKash', text: bkashSms({ amount: 10000, balance: 30000, trx: 'BAL0000001' }), wallet: 'shop-sim' });
      assert.equal(held.json().result.status, 'used', 'first of its wallet: approved, and it paid the Pending payment');
      // The next one after an unseen cash-out does not continue the chain…
      const inv2 = await createInvoice(t, key);
      await payWallet(t, inv2, 'BAL0000002');
      const next = await paste({ from: 'bKash', text: bkashSms({ amount: 10000, balance: 15000, trx: 'BAL0000002' }), wallet: 'shop-sim' });
      assert.equal(next.json().result.status, 'awaiting_review', show(next));
      // …until the administrator sets the balance after the cash-out.
      const set = await admin.inject({
        method: 'PUT',
        url: '/admin/api/brands/default/sms-wallets/balance',
        payload: { provider: 'bkash', wallet: 'shop-sim', balance: '50.00' },
      });
      assert.equal(set.statusCode, 200, show(set));
      assert.equal(set.json().wallet.balance, '150.00', 'moved on by the message that now continues');
      assert.equal((await verify(t, key, inv2)).payment_status, 'completed');
      const wallets = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/sms-wallets' });
      assert.ok(
        wallets.json().wallets.some((w: { wallet: string; balance: string }) => w.wallet === 'shop-sim' && w.balance === '150.00'),
        show(wallets),
      );
      const bad = await admin.inject({
        method: 'PUT',
        url: '/admin/api/brands/default/sms-wallets/balance',
        payload: { provider: 'bkash', wallet: 'shop-sim', balance: 'lots' },
      });
      assert.equal(bad.statusCode, 400, show(bad));
    });

    test('sender IDs per brand; tolerance and accepted kinds per payment method', async () => {
      const senders = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/sms-senders' });
      assert.deepEqual(senders.json().senders.bkash, ['bKash'], show(senders));
      const patch = await admin.inject({ method: 'PATCH', url: '/admin/api/brands/default/sms-senders', payload: { bkash: ['bKash', 'bKash-Biz'] } });
      assert.deepEqual(patch.json().senders.bkash, ['bKash', 'bKash-Biz'], show(patch));
      const refused = await admin.inject({
        method: 'PATCH',
        url: '/admin/api/brands/default/sms-senders',
        payload: { bkash: ['bKash', ' '], nagad: ['x'.repeat(41)], rocket: Array.from({ length: 11 }, (_, i) => `R${i}`) },
      });
      assert.equal(refused.statusCode, 400, show(refused));
      assert.deepEqual(
        refused.json().errors,
        [
          { field: 'bkash.1', message: 'bKash sender ID 2 must not be empty' },
          { field: 'nagad.0', message: 'Nagad sender ID 1 must have at most 40 characters' },
          { field: 'rocket', message: 'Rocket may have at most 10 sender IDs' },
        ],
        'every field at once, in words, by the labels the dashboard shows',
      );
      assert.deepEqual(
        (await admin.inject({ method: 'GET', url: '/admin/api/brands/default/sms-senders' })).json().senders.bkash,
        ['bKash', 'bKash-Biz'],
        'nothing saved',
      );
      const audited = (await admin.inject({ method: 'GET', url: '/admin/api/brands/default/audit-log?action=sms_senders.updated' })).json().entries;
      assert.deepEqual(
        audited.map((e: { changes: unknown }) => e.changes),
        [{ bkash: { from: ['bKash'], to: ['bKash', 'bKash-Biz'] } }],
      );
      const pasted = await paste({ from: 'BKASH-BIZ', text: bkashSms({ amount: 100, balance: 100, trx: 'SND0000001' }), wallet: 'biz' });
      assert.equal(pasted.json().result.status, 'approved', show(pasted));

      const method = await admin.inject({
        method: 'PATCH',
        url: '/admin/api/brands/default/payment-methods/bkash',
        payload: { sms_tolerance: '2.50', sms_credit_kinds: ['payment', 'send_money'] },
      });
      assert.equal(method.statusCode, 200, show(method));
      assert.equal(method.json().payment_method.sms_tolerance, '2.50');
      assert.deepEqual(method.json().payment_method.sms_credit_kinds, ['send_money', 'payment']);
      const badKind = await admin.inject({
        method: 'PATCH',
        url: '/admin/api/brands/default/payment-methods/bkash',
        payload: { sms_credit_kinds: ['cashback', 'lottery'] },
      });
      assert.equal(badKind.statusCode, 400, show(badKind));
      // Cash In is not accepted now: such a credit cannot pay a checkout.
      const inv = await createInvoice(t, key);
      await paste({
        from: 'bKash',
        text: `Cash In Tk 100.00 from 01700000008 successful. Fee Tk 0.00. Balance Tk 100.00. TrxID KND0000001 at ${bkashSms({ amount: 1, balance: 1, trx: 'X' }).split(' at ')[1]}`,
        wallet: 'kinds',
      });
      await payWallet(t, inv, 'KND0000001', 'bkash', '01700000008');
      const row = await t.db.selectFrom('payments').select(['status', 'verification_note']).where('invoice_id', '=', inv).executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending');
      assert.match(row.verification_note ?? '', /cash in/);
    });
  });
}
