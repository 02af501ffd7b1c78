import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { createInvoice, enableWallet, payWallet, verify } from './helpers.js';
import { bkashSms } from '../sms/support.js';

/** Issue 17.2: a payment its forwarded SMS disagrees with is never approved by one tap (docs/decisions/061-approving-a-mismatch.md). */
for (const dialect of dialects) {
  describe(`${dialect}: approving a payment its SMS disagrees with`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    let key: string;
    let wallets = 0;
    const base = '/admin/api/brands/default';
    before(async () => {
      t = await buildTestApp(dialect);
      admin = await signedInAdmin(t);
      key = (await seedKey(t)).key;
      await enableWallet(t, 'bkash');
    });
    after(() => t.close());

    /** An approved bKash SMS (each on its own wallet, so it is that wallet's first credit). */
    async function sms(trx: string, amount: number, from = '01812345678') {
      const text = bkashSms({ amount, balance: amount, trx, from });
      const res = await admin.inject({ method: 'POST', url: `${base}/sms`, payload: { from: 'bKash', text, wallet: `w${++wallets}` } });
      assert.equal(res.statusCode, 201, show(res));
      assert.equal(res.json().sms.status, 'approved', show(res));
    }
    const approve = (inv: string, payload: Record<string, unknown>) => admin.inject({ method: 'POST', url: `${base}/payments/${inv}/approve`, payload });
    async function listItem(inv: string) {
      const res = await admin.inject({ method: 'GET', url: `${base}/payments?status=pending&order=oldest` });
      assert.equal(res.statusCode, 200, show(res));
      return res.json().payments.find((p: { invoice_id: string }) => p.invoice_id === inv);
    }

    test('underpaid: the list item says why and what to confirm; a plain approve is refused, a confirmed one completes', async () => {
      await sms('MIS0000001', 70000);
      const inv = await createInvoice(t, key, { amount: '800' });
      assert.equal((await payWallet(t, inv, 'MIS0000001')).statusCode, 303);
      const item = await listItem(inv);
      assert.equal(item.verification_issue, 'underpaid', JSON.stringify(item));
      assert.equal(item.verification_sms_amount, '700.00');
      assert.equal(item.verification_note, 'Underpaid: the bKash message shows ৳700.00, the payment is ৳800.00.');
      assert.equal(item.approval_warning, 'Approve anyway: ৳700.00 received of ৳800.00');

      for (const payload of [{}, { confirm_mismatch: false }, { note: 'looks fine' }]) {
        const plain = await approve(inv, payload);
        assert.equal(plain.statusCode, 409, show(plain));
        assert.equal(plain.json().code, 'approval_needs_confirmation', show(plain));
        assert.equal(plain.json().verification_issue, 'underpaid');
        assert.match(plain.json().message, /Underpaid: the bKash message shows ৳700\.00[\s\S]*"confirm_mismatch": true/);
      }
      assert.equal((await verify(t, key, inv)).payment_status, 'pending', 'nothing changed');
      const bad = await approve(inv, { confirm_mismatch: 'yes' });
      assert.equal(bad.statusCode, 400, show(bad));

      const confirmed = await approve(inv, { confirm_mismatch: true, note: 'customer paid the rest in cash' });
      assert.equal(confirmed.statusCode, 200, show(confirmed));
      assert.equal(confirmed.json().payment.status, 'completed');
      assert.equal(confirmed.json().payment.approval_warning, null);
      const audit = await t.db.selectFrom('audit_log').select(['action', 'changes']).where('action', '=', 'payment.approved').execute();
      assert.ok(
        audit.some((a) => String(a.changes).includes('Underpaid: the bKash message shows ৳700.00')),
        'the audit entry records the mismatch that was approved',
      );
    });

    test('another payer and overpaid: each needs the confirmation; its warning names what differs', async () => {
      await sms('MIS0000002', 80000, '01999999999');
      const payer = await createInvoice(t, key, { amount: '800' });
      await payWallet(t, payer, 'MIS0000002');
      const payerItem = await listItem(payer);
      assert.equal(payerItem.verification_issue, 'payer_differs');
      assert.match(payerItem.approval_warning, /^Approve anyway: Payer differs: the bKash message says the money came from 01999999999/);
      assert.equal((await approve(payer, {})).json().code, 'approval_needs_confirmation');

      await sms('MIS0000003', 90000);
      const over = await createInvoice(t, key, { amount: '800' });
      await payWallet(t, over, 'MIS0000003');
      assert.equal((await listItem(over)).approval_warning, 'Approve anyway: ৳900.00 received for ৳800.00 due');
      assert.equal((await approve(over, {})).statusCode, 409);
      assert.equal((await approve(over, { confirm_mismatch: true })).statusCode, 200);
    });

    test('an SMS that disagrees after submission (submission first) also needs the confirmation', async () => {
      const inv = await createInvoice(t, key, { amount: '800' });
      await payWallet(t, inv, 'MIS0000004');
      assert.equal((await listItem(inv)).approval_warning, null, 'no SMS yet: a plain approve would do');
      await sms('MIS0000004', 50000);
      const item = await listItem(inv);
      assert.equal(item.verification_issue, 'underpaid', JSON.stringify(item));
      assert.equal(item.approval_warning, 'Approve anyway: ৳500.00 received of ৳800.00');
      assert.equal((await approve(inv, {})).json().code, 'approval_needs_confirmation');
    });

    test('a payment with no SMS yet is approved as before, with or without confirm_mismatch', async () => {
      const inv = await createInvoice(t, key);
      await payWallet(t, inv, 'MIS0000005');
      const ok = await approve(inv, {});
      assert.equal(ok.statusCode, 200, show(ok));
      const again = await approve(inv, { confirm_mismatch: true });
      assert.equal(again.json().code, 'payment_not_pending', show(again));
    });
  });
}
