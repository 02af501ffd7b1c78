import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, type TestDialect } from '../dialects.js';
import { buildTestApp, seedKey, show, signedInAdmin, type TestApp } from '../harness.js';
import { api, createInvoice, enableWallet, paidPayment, payWallet } from '../payments/helpers.js';
import { bkashSms, forward, forwarderBody, seedDevice } from '../sms/support.js';
import { createAlertScan } from '../../src/jobs/alert-scan.js';
import { addDays, startOfDay, today } from '../../src/lib/dates.js';
import { alertWorker, BOT_TOKEN, CHAT_ID, MINUTE, startTelegram } from './support.js';
import { providers } from '../../src/modules/gateways/index.js';

type Telegram = Awaited<ReturnType<typeof startTelegram>>;

/** An app whose one Telegram channel wants `events` in `language`; the scan and the worker share one test clock. */
async function withAlerts(
  dialect: TestDialect,
  events: string[],
  fn: (ctx: { t: TestApp; tg: Telegram; key: string; clock: { now: number }; tick: () => Promise<number> }) => Promise<void>,
  language = 'en',
) {
  const tg = await startTelegram();
  const t = await buildTestApp(dialect, { TELEGRAM_API_URL: tg.base });
  try {
    const { key } = await seedKey(t, { mode: 'test' });
    const admin = await signedInAdmin(t);
    const res = await admin.inject({
      method: 'POST',
      url: '/admin/api/brands/default/alert-channels',
      payload: { kind: 'telegram', bot_token: BOT_TOKEN, chat_id: CHAT_ID, events, language },
    });
    assert.equal(res.statusCode, 201, show(res));
    const { worker, clock } = alertWorker(t);
    const scan = createAlertScan({ db: t.db, log: t.app.log, now: () => clock.now });
    /** One scan and one worker run at the clock's time; resolves with the messages sent. */
    const tick = async () => {
      await scan.runOnce();
      return worker.runOnce();
    };
    await fn({ t, tg, key, clock, tick });
  } finally {
    await t.close();
    await tg.close();
  }
}

const HOUR = 60 * MINUTE;

for (const dialect of dialects) {
  test(`${dialect}: device.silent — wallet payments waiting 15 minutes with no SMS from the brand's phone since`, () =>
    withAlerts(dialect, ['device.silent'], async ({ t, tg, clock, tick }) => {
      const { key } = await seedKey(t);
      await enableWallet(t);
      await seedDevice(t);
      for (const trx of ['9XK2L7Q4MA', '9XK2L7Q4MB']) {
        const invoice = await createInvoice(t, key);
        const res = await payWallet(t, invoice, trx);
        assert.ok(res.statusCode < 400, show(res));
      }
      clock.now += 14 * MINUTE;
      assert.equal(await tick(), 0, 'not yet 15 minutes');
      clock.now += 2 * MINUTE;
      assert.equal(await tick(), 1);
      assert.match(tg.messages[0]!.text, /^Your phone may be offline: 2 customers are waiting/);
      assert.match(tg.messages[0]!.text, /No SMS has ever arrived from your devices/);
      clock.now += 10 * MINUTE;
      assert.equal(await tick(), 0, 'said once for the same waiting payments');
    }));

  test(`${dialect}: a brand whose phone forwarded an SMS after the payments were submitted is not silent`, () =>
    withAlerts(dialect, ['device.silent'], async ({ t, clock, tick }) => {
      const { key } = await seedKey(t);
      await enableWallet(t);
      const device = await seedDevice(t);
      const invoice = await createInvoice(t, key);
      await payWallet(t, invoice, '9XK2L7Q4MC');
      const res = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 5000, balance: 5000, trx: '7ABCDEFGHJ' })));
      assert.ok(res.statusCode < 300, show(res));
      clock.now += 20 * MINUTE;
      assert.equal(await tick(), 0);
    }));

  test(`${dialect}: sms.review names the reason; sms.unmatched comes 30 minutes after a credit that paid nothing — in Bangla`, () =>
    withAlerts(
      dialect,
      ['sms.review', 'sms.unmatched'],
      async ({ t, tg, clock, tick }) => {
        const device = await seedDevice(t);
        const first = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 125000, balance: 200000, trx: '7ABCDEFGH1' })));
        assert.ok(first.statusCode < 300, show(first));
        // The balance does not follow from the first message's: held for review.
        const held = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 5000, balance: 999999, trx: '7ABCDEFGH2' })));
        assert.ok(held.statusCode < 300, show(held));
        clock.now = Date.now();
        assert.equal(await tick(), 0, 'raised now, sent once its minute is over');
        clock.now += MINUTE + 1;
        assert.equal(await tick(), 1, 'the held SMS');
        const review = tg.messages[0]!.text;
        assert.match(review, /^একটি SMS আপনার যাচাইয়ের অপেক্ষায়/);
        assert.ok(review.includes('৳৫০.০০'), review);
        assert.ok(review.includes('TrxID 7ABCDEFGH2'), review);
        assert.ok(review.includes('কারণ: The balance in the message does not follow'), review);
        clock.now += 29 * MINUTE;
        assert.equal(await tick(), 0, 'not yet 30 minutes');
        clock.now += 2 * MINUTE;
        await tick();
        clock.now += MINUTE + 1;
        await tick();
        assert.equal(tg.messages.length, 2, tg.messages.map((m) => m.text).join('\n---\n'));
        const unmatched = tg.messages[1]!.text;
        assert.match(unmatched, /^অর্ডার ছাড়াই টাকা এসেছে/);
        assert.ok(unmatched.includes('৳১,২৫০.০০'), unmatched);
        assert.ok(unmatched.includes('TrxID 7ABCDEFGH1'), unmatched);
      },
      'bn',
    ));

  test(`${dialect}: key.expiring is an alert too, once per key and threshold`, () =>
    withAlerts(dialect, ['key.expiring'], async ({ t, tg, clock, tick }) => {
      await seedKey(t, { name: 'Shop key', expires_at: addDays(today(t.brand.timezone, clock.now), 1) });
      assert.equal(await tick(), 1);
      assert.match(tg.messages[0]!.text, /^API key "Shop key" expires tomorrow/);
      clock.now += HOUR;
      assert.equal(await tick(), 0);
    }));

  test(`${dialect}: the daily summary goes at 21:00 in the brand's time zone, once, with the day's figures`, () =>
    withAlerts(dialect, ['summary.daily'], async ({ t, tg, key, clock, tick }) => {
      const trx = await paidPayment(t, key, '1000');
      await paidPayment(t, key, '250.50');
      const refund = await api(t, key)('/api/refund-payment', { transaction_id: trx, amount: '100' });
      assert.equal(refund.statusCode, 200, show(refund));
      const date = today(t.brand.timezone, Date.now());
      const nine = startOfDay(date, t.brand.timezone) + 21 * HOUR;
      if (clock.now < nine) {
        clock.now = nine - 1;
        assert.equal(await tick(), 0, 'not before 21:00');
        clock.now = nine;
      }
      assert.equal(await tick(), 1);
      const text = tg.messages[0]!.text;
      assert.match(text, /^Today at /);
      assert.ok(text.includes('Collected: ৳1,150.50 from 2 payments'), text);
      assert.ok(text.includes('• Sandbox: ৳1,250.50 (2)'), text);
      assert.ok(text.includes('Refunded: ৳100.00'), text);
      clock.now += HOUR;
      assert.equal(await tick(), 0, 'once a day');
    }));

  test(`${dialect}: refunds are alerted as payment.refunded, naming the payment`, () =>
    withAlerts(dialect, ['payment.refunded'], async ({ t, tg, key, clock, tick }) => {
      const trx = await paidPayment(t, key, '500');
      const refund = await api(t, key)('/api/refund-payment', { transaction_id: trx, amount: '200' });
      assert.equal(refund.statusCode, 200, show(refund));
      assert.equal(await tick(), 0, 'its minute is still open');
      clock.now += MINUTE + 1;
      assert.equal(await tick(), 1);
      assert.match(tg.messages[0]!.text, /^Refund made — /);
      assert.ok(tg.messages[0]!.text.includes('৳200.00 from Jane Doe by Sandbox'), tg.messages[0]!.text);
    }));

  test(`${dialect}: a refund the gateway refuses is alerted as refund.failed, with the gateway's reason`, () =>
    withAlerts(dialect, ['refund.failed', 'payment.refunded'], async ({ t, tg, key, clock, tick }) => {
      const trx = await paidPayment(t, key, '500');
      // The gateway (Sandbox here, standing in for a real one) refuses: the refund fails and nothing is refunded.
      const refund = providers.sandbox.refund;
      providers.sandbox.refund = async () => ({ outcome: 'failed', reference: null, message: 'merchant balance too low' });
      try {
        const refused = await api(t, key)('/api/refund-payment', { transaction_id: trx, amount: '200' });
        assert.equal(refused.json().code, 'gateway_refund_failed', show(refused));
      } finally {
        providers.sandbox.refund = refund;
      }
      assert.equal(await tick(), 0, 'its minute is still open');
      clock.now += MINUTE + 1;
      assert.equal(await tick(), 1, 'one alert: the failure, no payment.refunded');
      assert.match(tg.messages[0]!.text, /^A refund failed — /);
      assert.ok(tg.messages[0]!.text.includes('৳200.00'), tg.messages[0]!.text);
      assert.ok(tg.messages[0]!.text.includes('merchant balance too low'), tg.messages[0]!.text);
    }));
}
