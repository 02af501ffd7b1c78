import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { createInvoice, enableWallet, payWallet, verify } from '../payments/helpers.js';
import { composeTestSms } from '../../src/modules/sms/test-sms.js';
import { ingestSms } from '../../src/modules/sms/ingest.js';
import { parseSms } from '../../src/modules/sms/parse.js';
import { DEFAULT_SENDER_IDS } from '../../src/modules/sms/providers.js';
import { bkashSms, forward, forwarderBody, seedDevice } from './support.js';

/** Rehearsing the wallet flow with a test key (issue 17 point 9, docs/decisions/035-test-mode-rehearsal.md). */
for (const dialect of dialects) {
  describe(`${dialect}: test mode rehearses the TrxID + SMS flow`, () => {
    let t: TestApp;
    let liveKey: string;
    let testKey: string;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    let device: Awaited<ReturnType<typeof seedDevice>>;
    let n = 0;
    const nextTrx = () => `TST${String(++n).padStart(7, '0')}`;
    const paymentOf = (inv: string) => t.db.selectFrom('payments').selectAll().where('invoice_id', '=', inv).executeTakeFirstOrThrow();
    const sendTestSms = (paymentId: string) => admin.inject({ method: 'POST', url: `/admin/api/brands/${t.brand.slug}/payments/${paymentId}/test-sms` });
    const wallets = () => t.db.selectFrom('sms_wallets').selectAll().where('brand_id', '=', t.brand.id).orderBy('wallet').execute();
    /** A real bKash credit forwarded by the device, continuing its SIM's chain; what became of it. */
    let chain = 0;
    async function liveCredit(trx: string, amount: number) {
      chain += amount;
      const res = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount, balance: chain, trx })));
      assert.equal(res.statusCode, 200, show(res));
      return res.json().results[0] as { status: string; reason: string };
    }

    before(async () => {
      t = await buildTestApp(dialect);
      liveKey = (await seedKey(t)).key;
      testKey = (await seedKey(t, { mode: 'test' })).key;
      admin = await signedInAdmin(t);
      await enableWallet(t, 'bkash');
      await enableWallet(t, 'nagad');
      device = await seedDevice(t);
    });
    after(() => t.close());

    test('a test checkout offers the enabled wallets besides Sandbox; a live one never offers Sandbox', async () => {
      const page = await t.app.inject({ method: 'GET', url: `/payment/${await createInvoice(t, testKey)}` });
      assert.equal(page.statusCode, 200, show(page));
      for (const form of ['/sandbox', '/wallet/bkash', '/wallet/nagad']) assert.ok(page.body.includes(form), `the test checkout offers ${form}`);
      assert.ok(!page.body.includes('/wallet/rocket'), 'a wallet that is not enabled is not offered');
      assert.ok(page.body.includes('Send a test SMS'), 'the page says it is a test checkout and how it completes');
      const live = await t.app.inject({ method: 'GET', url: `/payment/${await createInvoice(t, liveKey)}` });
      assert.ok(live.body.includes('/wallet/bkash') && !live.body.includes('/sandbox'), 'live: wallets, no Sandbox');
      assert.ok(!live.body.includes('Send a test SMS'));
    });

    test('a test SMS completes a test payment through the normal matching, is marked test, and is audited', async () => {
      const trx = 'TBK0000001';
      const inv = await createInvoice(t, testKey, { amount: '1250' });
      const paid = await payWallet(t, inv, trx);
      assert.equal(paid.statusCode, 303, show(paid));
      assert.equal(paid.headers.location, `/payment/${inv}`, 'the customer waits on our page for the test SMS');
      const waiting = await t.app.inject({ method: 'GET', url: `/payment/${inv}` });
      assert.ok(waiting.body.includes('id="wait"'), 'the waiting page');
      const payment = await paymentOf(inv);
      assert.equal(payment.status, 'pending');

      const res = await sendTestSms(payment.id);
      assert.equal(res.statusCode, 201, show(res));
      const body = res.json();
      assert.equal(body.result.status, 'used', show(res));
      assert.equal(body.result.invoice_id, inv);
      assert.equal(body.payment.status, 'completed');
      assert.equal(body.sms.livemode, false);
      assert.equal(body.sms.source, 'test');
      assert.equal(body.sms.reason, 'test_message');
      assert.match(body.sms.text, /^You have received Tk 1,250\.00 from 01812345678\. Fee Tk 0\.00\. Balance Tk 1,250\.00\. TrxID TBK0000001 at /);
      assert.equal((await verify(t, testKey, inv)).payment_status, 'completed');

      const audit = await t.db.selectFrom('audit_log').select(['action', 'target_id']).where('brand_id', '=', t.brand.id).execute();
      assert.ok(
        audit.some((a) => a.action === 'sms.test_sent' && a.target_id === body.sms.id),
        JSON.stringify(audit),
      );
      assert.ok(
        audit.some((a) => a.action === 'payment.completed_by_sms' && a.target_id === payment.id),
        JSON.stringify(audit),
      );

      // SMS data shows it with Test data on, and hides it otherwise.
      const list = (livemode?: string) =>
        admin.inject({ method: 'GET', url: `/admin/api/brands/${t.brand.slug}/sms${livemode ? `?livemode=${livemode}` : ''}` }).then((r) => r.json().sms);
      assert.ok((await list('false')).some((s: { trx_id: string }) => s.trx_id === trx));
      assert.ok(!(await list()).some((s: { trx_id: string }) => s.trx_id === trx), 'hidden from the live SMS data');
      const csv = await admin.inject({ method: 'GET', url: `/admin/api/brands/${t.brand.slug}/sms/export.csv` });
      assert.ok(!csv.body.includes(trx), 'nor in the live CSV');
    });

    test('every wallet writes a message its own templates read back with the payment’s TrxID and amount', () => {
      const now = Date.UTC(2026, 11, 7, 18, 5);
      const cases = [
        ['bkash', 'DED220MHU4'],
        ['nagad', '74HNFMWH'],
        ['rocket', '6606781284'],
        ['upay', '01K7C8Z24V'],
      ] as const;
      for (const [wallet, trxId] of cases) {
        const text = composeTestSms(wallet, { amount: 123456, trxId, payer: '01812345678', now });
        const parsed = parseSms(DEFAULT_SENDER_IDS[wallet][0]!, text, DEFAULT_SENDER_IDS);
        assert.equal(parsed.outcome, 'credit', `${wallet}: ${text}`);
        if (parsed.outcome !== 'credit') continue;
        assert.equal(parsed.credit.trxId, trxId);
        assert.equal(parsed.credit.amount, 123456);
        assert.equal(parsed.credit.kind, 'send_money');
        assert.equal(parsed.credit.smsAt, now, `${wallet}: the time written is now, in Dhaka`);
      }
    });

    test('a test SMS never reads or moves a live balance chain', async () => {
      // A live chain on the device's SIM: 500.00, then a test SMS on a test payment.
      assert.equal((await liveCredit('LIVE000001', 50000)).status, 'approved');
      const before = await wallets();
      const inv = await createInvoice(t, testKey);
      await payWallet(t, inv, 'TBK0000002');
      const res = await sendTestSms((await paymentOf(inv)).id);
      assert.equal(res.json().result.status, 'used', show(res));
      assert.deepEqual(await wallets(), before, 'no wallet was started or moved');
      // The next real message continues the real chain as if the test message never happened.
      const next = await liveCredit('LIVE000002', 10000);
      assert.equal(next.status, 'approved');
      assert.equal(next.reason, 'balance_continues');
    });

    test('a test SMS cannot complete a live payment, neither from the dashboard nor through ingest', async () => {
      const trx = 'TBK0000003';
      const inv = await createInvoice(t, liveKey);
      await payWallet(t, inv, trx);
      const payment = await paymentOf(inv);
      assert.equal(payment.status, 'pending');
      const res = await sendTestSms(payment.id);
      assert.equal(res.statusCode, 409, show(res));
      assert.equal(res.json().code, 'test_sms_unavailable');
      // Even a test message carrying the live payment's TrxID and amount leaves it Pending.
      const text = bkashSms({ amount: payment.charged_amount, balance: payment.charged_amount, trx });
      const result = await ingestSms(t.db, t.brand, { from: 'bKash', text, sentAt: null, deviceId: null, sim: null, source: 'test', test: true });
      assert.equal(result.status, 'approved');
      assert.equal(result.invoice_id, null);
      assert.equal((await paymentOf(inv)).status, 'pending');
      // …and the real message with that TrxID is not a duplicate of the test one: it completes the live payment.
      assert.equal((await liveCredit(trx, payment.charged_amount)).status, 'used');
      assert.equal((await paymentOf(inv)).status, 'completed');
    });

    test('a live SMS cannot complete a test payment, whether it arrives before or after the submission', async () => {
      // After: the test payment waits, the real message stays approved and unused.
      const after = await createInvoice(t, testKey);
      await payWallet(t, after, 'TBK0000004');
      const a = await paymentOf(after);
      assert.equal((await liveCredit('TBK0000004', a.charged_amount)).status, 'approved');
      assert.equal((await paymentOf(after)).status, 'pending');
      // Before: a real message stored first is not found by the test submission.
      assert.equal((await liveCredit('TBK0000005', a.charged_amount)).status, 'approved');
      const first = await createInvoice(t, testKey);
      const paid = await payWallet(t, first, 'TBK0000005');
      assert.equal(paid.statusCode, 303, show(paid));
      assert.equal((await paymentOf(first)).status, 'pending');
      const sms = await t.db.selectFrom('sms_messages').select(['status', 'payment_id']).where('trx_id', '=', 'TBK0000005').execute();
      assert.deepEqual(sms, [{ status: 'approved', payment_id: null }]);
    });

    test('a test payment’s TrxID never makes a live payment’s "already used", nor the other way round', async () => {
      const trx = nextTrx();
      const testInv = await createInvoice(t, testKey);
      assert.equal((await payWallet(t, testInv, trx)).statusCode, 303);
      const liveInv = await createInvoice(t, liveKey);
      const live = await payWallet(t, liveInv, trx);
      assert.equal(live.statusCode, 303, show(live));
      // Within one mode a TrxID still pays one payment.
      const again = await payWallet(t, await createInvoice(t, testKey), trx);
      assert.equal(again.statusCode, 409, show(again));
    });

    test('a TrxID no wallet writes is refused with the shape it must have; a Sandbox payment is refused', async () => {
      const inv = await createInvoice(t, testKey);
      await payWallet(t, inv, 'ABC123');
      const res = await sendTestSms((await paymentOf(inv)).id);
      assert.equal(res.statusCode, 409, show(res));
      assert.match(res.json().message, /A bKash TrxID is 10 capital letters and digits/);
      assert.equal((await paymentOf(inv)).status, 'pending');
      const nagad = await createInvoice(t, testKey);
      await payWallet(t, nagad, '74HNFMWH', 'nagad');
      const ok = await sendTestSms((await paymentOf(nagad)).id);
      assert.equal(ok.json().result.status, 'used', show(ok));
      const initiated = await sendTestSms((await paymentOf(await createInvoice(t, testKey))).id);
      assert.equal(initiated.statusCode, 409, show(initiated));
    });

    test('a viewer may not send a test SMS', async () => {
      const viewer = await signedInAdmin(t, undefined, { role: 'viewer' });
      const inv = await createInvoice(t, testKey);
      await payWallet(t, inv, nextTrx());
      const res = await viewer.inject({ method: 'POST', url: `/admin/api/brands/${t.brand.slug}/payments/${(await paymentOf(inv)).id}/test-sms` });
      assert.equal(res.statusCode, 403, show(res));
      assert.equal((await paymentOf(inv)).status, 'pending');
    });

    test('the approvals queue lists the mode it is asked for', async () => {
      const q = (livemode: string) =>
        admin
          .inject({ method: 'GET', url: `/admin/api/brands/${t.brand.slug}/payments?status=pending&order=oldest&per_page=100&livemode=${livemode}` })
          .then((r) => r.json().payments as { livemode: boolean }[]);
      const [live, test] = [await q('true'), await q('false')];
      assert.ok(live.length > 0 && live.every((p) => p.livemode), 'live only');
      assert.ok(test.length > 0 && test.every((p) => !p.livemode), 'test only');
    });
  });
}
