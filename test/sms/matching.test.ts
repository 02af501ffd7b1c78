import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey, show, type TestApp } from '../harness.js';
import { createInvoice, enableWallet, payWallet, verify } from '../payments/helpers.js';
import { startReceiver, testWorker } from '../webhooks/support.js';
import { sweepSettleable } from '../../src/modules/sms/settle.js';
import { updateMethodSettings } from '../../src/modules/gateways/settings.js';
import { FailureLimiter } from '../../src/http/plugins/failure-limiter.js';
import { bkashSms, forward, forwarderBody, seedDevice } from './support.js';

for (const dialect of dialects) {
  describe(`${dialect}: completing wallet payments from forwarded SMS`, () => {
    let t: TestApp;
    let key: string;
    let device: Awaited<ReturnType<typeof seedDevice>>;
    let balance = 0;
    let n = 0;
    const nextTrx = () => `MAT${String(++n).padStart(7, '0')}`;
    /** Sends a credit that continues sim1's chain, so it is approved. */
    async function sendCredit(trx: string, amount = 10000, extra: { from?: string; at?: number } = {}) {
      balance += amount;
      const res = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount, balance, trx, ...extra })));
      assert.equal(res.statusCode, 200, show(res));
      return res.json().results[0];
    }
    const smsOf = (trx: string) => t.db.selectFrom('sms_messages').selectAll().where('trx_id', '=', trx).executeTakeFirstOrThrow();

    before(async () => {
      t = await buildTestApp(dialect, { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' }, { limiter: new FailureLimiter(1000, 60_000) });
      key = (await seedKey(t)).key;
      await enableWallet(t, 'bkash');
      device = await seedDevice(t);
    });
    after(() => t.close());

    test('SMS first: the submission completes at once, the SMS is used, the audit says why', async () => {
      const trx = nextTrx();
      const inv = await createInvoice(t, key);
      assert.equal((await sendCredit(trx)).status, 'approved');
      const res = await payWallet(t, inv, trx);
      assert.equal(res.statusCode, 303, show(res));
      assert.equal(res.headers.location, `https://shop.example.com/paid?order=42&invoice_id=${inv}`);
      const v = await verify(t, key, inv);
      assert.equal(v.payment_status, 'completed');
      const sms = await smsOf(trx);
      assert.equal(sms.status, 'used');
      const payment = await t.db.selectFrom('payments').select(['id']).where('invoice_id', '=', inv).executeTakeFirstOrThrow();
      assert.equal(sms.payment_id, payment.id);
      const audit = await t.db.selectFrom('audit_log').selectAll().where('target_id', '=', payment.id).execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['payment.completed_by_sms'],
      );
    });

    test('submission first: Pending, then the arriving SMS completes it and the IPN reaches a real receiver', async () => {
      const receiver = await startReceiver();
      try {
        const trx = nextTrx();
        const inv = await createInvoice(t, key, { webhook_url: `${receiver.base}/ipn` });
        const res = await payWallet(t, inv, trx);
        assert.equal(res.statusCode, 303, show(res));
        assert.equal((await verify(t, key, inv)).payment_status, 'pending');
        const r = await sendCredit(trx);
        assert.equal(r.status, 'used', JSON.stringify(r));
        assert.equal(r.invoice_id, inv);
        const v = await verify(t, key, inv);
        assert.equal(v.status, 'COMPLETED');
        const { worker } = testWorker(t);
        await worker.runOnce();
        const bodies = receiver.requests.map((q) => JSON.parse(q.body));
        assert.ok(
          bodies.some((b) => b.invoice_id === inv && b.status === 'COMPLETED' && b.transaction_id === trx),
          JSON.stringify(bodies),
        );
        assert.equal(receiver.requests.at(-1)!.headers['rt-uddoktapay-api-key'], key);
      } finally {
        await receiver.close();
      }
    });

    test('an underpaid SMS completes nothing and the payment shows why', async () => {
      const trx = nextTrx();
      const inv = await createInvoice(t, key);
      await sendCredit(trx, 9000);
      await payWallet(t, inv, trx);
      const row = await t.db.selectFrom('payments').select(['status', 'verification_note']).where('invoice_id', '=', inv).executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending');
      assert.equal(row.verification_note, 'Underpaid: the bKash message shows ৳90.00, the payment is ৳100.00.', 'the one money format (issue 17.6)');
      assert.equal((await smsOf(trx)).status, 'approved', 'the SMS stays available');
    });

    test('overpaid beyond the tolerance waits; within the tolerance completes', async () => {
      const trx = nextTrx();
      const inv = await createInvoice(t, key);
      await sendCredit(trx, 10500);
      await payWallet(t, inv, trx);
      assert.equal((await verify(t, key, inv)).payment_status, 'pending');
      await updateMethodSettings(t.db, t.brand.id, 'bkash', { sms_tolerance: 500 }, { label: 'test', ip: null });
      try {
        const trx2 = nextTrx();
        const inv2 = await createInvoice(t, key);
        await sendCredit(trx2, 10500);
        await payWallet(t, inv2, trx2);
        assert.equal((await verify(t, key, inv2)).payment_status, 'completed');
      } finally {
        await updateMethodSettings(t.db, t.brand.id, 'bkash', { sms_tolerance: 0 }, { label: 'test', ip: null });
      }
    });

    test('the payer number must match the number the customer typed', async () => {
      const trx = nextTrx();
      const inv = await createInvoice(t, key);
      await sendCredit(trx, 10000, { from: '01999999999' });
      await payWallet(t, inv, trx, 'bkash', '01812345678');
      const row = await t.db.selectFrom('payments').select(['status', 'verification_note']).where('invoice_id', '=', inv).executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending');
      assert.match(row.verification_note ?? '', /Payer differs/);
    });

    test('an SMS dated long before the checkout was created does not pay it', async () => {
      const trx = nextTrx();
      await sendCredit(trx, 10000, { at: Date.now() - 60 * 60_000 });
      const inv = await createInvoice(t, key);
      await payWallet(t, inv, trx);
      const row = await t.db.selectFrom('payments').select(['status', 'verification_note']).where('invoice_id', '=', inv).executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending');
      assert.match(row.verification_note ?? '', /older than this checkout/);
    });

    test('the same TrxID cannot pay a second payment', async () => {
      const trx = nextTrx();
      await sendCredit(trx);
      const inv1 = await createInvoice(t, key);
      const inv2 = await createInvoice(t, key);
      await payWallet(t, inv1, trx);
      const second = await payWallet(t, inv2, trx);
      assert.equal(second.statusCode, 409, show(second));
      assert.equal((await verify(t, key, inv2)).payment_status, 'initiated');
    });

    test('a message from another sender or with a broken chain completes nothing', async () => {
      const trx = nextTrx();
      const inv = await createInvoice(t, key);
      await payWallet(t, inv, trx);
      const fake = await forward(t, device.key, forwarderBody('01700000000', bkashSms({ amount: 10000, balance: balance + 10000, trx })));
      assert.equal(fake.json().results[0].status, 'ignored', show(fake));
      const copied = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 10000, balance: 123456700, trx })));
      assert.equal(copied.json().results[0].status, 'awaiting_review', show(copied));
      assert.equal((await verify(t, key, inv)).payment_status, 'pending');
      const row = await t.db.selectFrom('payments').select('verification_note').where('invoice_id', '=', inv).executeTakeFirstOrThrow();
      assert.match(row.verification_note ?? '', /waiting for review/);
    });

    test('a TrxID with look-alike letters, inner spaces or non-ASCII is refused at checkout; lower case is upper-cased', async () => {
      const inv = await createInvoice(t, key);
      for (const bad of ['MAT 000001', 'ıAT0000001', 'MAT00000ſ1', 'ΜΑΤ0000001']) {
        const res = await payWallet(t, inv, bad);
        assert.equal(res.statusCode, 400, `${bad}: ${show(res)}`);
      }
      const trx = nextTrx();
      await sendCredit(trx);
      await payWallet(t, inv, `  ${trx.toLowerCase()} `);
      assert.equal((await verify(t, key, inv)).payment_status, 'completed');
    });

    test('an SMS approved later by the chain completes the Pending payment (at ingest and by the sweep)', async () => {
      const trxA = nextTrx();
      const trxB = nextTrx();
      const inv = await createInvoice(t, key);
      await payWallet(t, inv, trxB);
      // B arrives before A: held for review, so the payment stays Pending…
      const b = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 10000, balance: balance + 20000, trx: trxB })));
      assert.equal(b.json().results[0].status, 'awaiting_review', show(b));
      assert.equal((await verify(t, key, inv)).payment_status, 'pending');
      // …until A closes the chain.
      const a = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 10000, balance: balance + 10000, trx: trxA })));
      balance += 20000;
      assert.equal(a.json().results[0].status, 'approved', show(a));
      assert.equal((await verify(t, key, inv)).payment_status, 'completed');
      assert.equal(await sweepSettleable(t.db), 0, 'nothing left for the sweep');

      // An SMS approved behind the ingest's back (as an administrator would) is found by the sweep.
      const trxC = nextTrx();
      const inv2 = await createInvoice(t, key);
      await payWallet(t, inv2, trxC);
      const c = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 10000, balance: 1, trx: trxC })));
      assert.equal(c.json().results[0].status, 'awaiting_review');
      await t.db.updateTable('sms_messages').set({ status: 'approved' }).where('trx_id', '=', trxC).execute();
      assert.equal(await sweepSettleable(t.db), 1);
      assert.equal((await verify(t, key, inv2)).payment_status, 'completed');
      assert.equal(await sweepSettleable(t.db), 0);
    });

    test('Nagad, Rocket and Upay messages complete their own methods’ payments (and only theirs)', async () => {
      for (const m of ['nagad', 'rocket', 'upay'] as const) await enableWallet(t, m);
      const d = new Date(Date.now() + 6 * 3600_000);
      const p2 = (x: number) => String(x).padStart(2, '0');
      const dmy = `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
      const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
      const h12 = d.getUTCHours() % 12 || 12;
      const rocketDate = `${p2(d.getUTCDate())}-${months[d.getUTCMonth()]}-${String(d.getUTCFullYear()).slice(2)} ${p2(h12)}:${p2(d.getUTCMinutes())}:00 ${d.getUTCHours() < 12 ? 'am' : 'pm'}`;
      const cases = [
        {
          method: 'nagad',
          trx: '7NAGAD01',
          from: 'NAGAD',
          text: `Money Received.\nAmount: Tk 100.00\nSender: 01812345678\nRef: N/A\nTxnID: 7NAGAD01\nBalance: Tk 100.00\n${dmy}`,
        },
        {
          method: 'rocket',
          trx: '6606781284',
          from: '16216',
          text: `Tk100.00 received from A/C:***515 Fee:Tk0, Your A/C Balance: Tk100.00 TxnId:6606781284 Date:${rocketDate}. Download https://bit.ly/nexuspay`,
        },
        {
          method: 'upay',
          trx: '01K7C8Z24V',
          from: 'upay',
          text: `Tk. 100.00 has been received from 01812345678. Ref-. Balance Tk. 100.00. TrxID 01K7C8Z24V at ${dmy}`,
        },
      ];
      for (const c of cases) {
        const inv = await createInvoice(t, key);
        const wrong = c.method === 'nagad' ? 'upay' : 'nagad';
        const other = await createInvoice(t, key);
        await payWallet(t, other, c.trx, wrong);
        await payWallet(t, inv, c.trx, c.method);
        const res = await forward(t, device.key, forwarderBody(c.from, c.text, `sim-${c.method}`));
        assert.equal(res.json().results[0].status, 'used', `${c.method}: ${show(res)}`);
        assert.equal((await verify(t, key, inv)).payment_status, 'completed', c.method);
        assert.equal((await verify(t, key, other)).payment_status, 'pending', `${c.method}: a ${wrong} payment with the same TrxID is not paid by it`);
      }
    });

    test('SMS and submission at the same moment: exactly one completion, whichever wins', async () => {
      for (let i = 0; i < 8; i++) {
        const trx = nextTrx();
        const inv = await createInvoice(t, key);
        balance += 10000;
        const [pay, sms] = await Promise.all([
          payWallet(t, inv, trx),
          forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 10000, balance, trx }))),
        ]);
        assert.equal(pay.statusCode, 303, show(pay));
        assert.equal(sms.statusCode, 200, show(sms));
        assert.equal((await verify(t, key, inv)).payment_status, 'completed', `round ${i}: ${show(sms)}`);
        const row = await smsOf(trx);
        assert.equal(row.status, 'used');
        const payment = await t.db.selectFrom('payments').select('id').where('invoice_id', '=', inv).executeTakeFirstOrThrow();
        const audits = await t.db
          .selectFrom('audit_log')
          .select('action')
          .where('target_id', '=', payment.id)
          .where('action', '=', 'payment.completed_by_sms')
          .execute();
        assert.equal(audits.length, 1, `round ${i}: one completion`);
      }
    });
  });
}
