import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, show, signedInAdmin } from '../harness.js';
import { addDays, startOfDay, today } from '../../src/lib/dates.js';
import { HOUR, paymentRow, seedCredit, seedPayment, seedRefund } from './overview-support.js';

/** The test's clock: 18:00 in Dhaka (12:00 UTC); the Overview counts brand-local days up to it. */
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

for (const dialect of dialects) {
  test(`${dialect}: the Overview adds up today, 7 and 30 brand-local days: collected net of refunds, by method and day, share completed, approvals, unmatched money, devices`, async () => {
    const t = await buildTestApp(dialect, {}, { now: () => NOW });
    try {
      const tz = t.brand.timezone;
      const date = today(tz, NOW);
      const midnight = startOfDay(date, tz);
      // Today: two completed (bKash ৳1,000, Nagad ৳250.50), one partly refunded (bKash ৳300, ৳100 back today), one waiting
      // for approval, one expired. A refund that failed changes nothing.
      await seedPayment(t, { status: 'completed', created_at: midnight + HOUR, charged_amount: 100_000 });
      await seedPayment(t, { status: 'completed', created_at: midnight + 2 * HOUR, charged_amount: 25_050, payment_method: 'nagad' });
      const partly = await seedPayment(t, { status: 'partially_refunded', created_at: midnight + 3 * HOUR, charged_amount: 30_000, refunded_amount: 10_000 });
      await seedRefund(t, partly, 10_000, midnight + 4 * HOUR);
      await seedRefund(t, partly, 5_000, midnight + 4 * HOUR, 'failed');
      await seedPayment(t, { status: 'pending', created_at: midnight + 5 * HOUR, completed_at: null });
      await seedPayment(t, { status: 'expired', created_at: midnight + 5 * HOUR, payment_method: null, paid_at: null });
      // Yesterday and ten days ago, one each; a test payment today; a payment after the clock (not yet happened).
      await seedPayment(t, { status: 'completed', created_at: midnight - HOUR, charged_amount: 50_000, payment_method: 'rocket' });
      await seedPayment(t, { status: 'completed', created_at: startOfDay(addDays(date, -10), tz) + HOUR, charged_amount: 70_000 });
      await seedPayment(t, { status: 'completed', created_at: midnight + HOUR, charged_amount: 999_900, livemode: 0 });
      await seedPayment(t, { status: 'completed', created_at: NOW + HOUR, charged_amount: 999_900 });
      // A credit that paid nothing (2 h ago), one that arrived a minute ago (may still match), one used.
      await seedCredit(t, 45_000, NOW - 2 * HOUR, 'approved');
      await seedCredit(t, 12_300, NOW - 60_000, 'approved');
      await seedCredit(t, 100_000, NOW - 3 * HOUR, 'used');
      await t.db
        .insertInto('devices')
        .values({
          id: 'dev_phone1',
          brand_id: t.brand.id,
          name: 'Shop phone',
          key_digest: 'x',
          key_ciphertext: 'x',
          hint: 'abcd',
          created_at: midnight,
          revoked_at: null,
          last_seen_at: NOW - 20 * 60_000,
          last_seen_ip: null,
          sms_count: 3,
        })
        .execute();

      const admin = await signedInAdmin(t);
      const get = async (query: string) => {
        const res = await admin.inject({ method: 'GET', url: `/admin/api/brands/default/overview${query}` });
        assert.equal(res.statusCode, 200, show(res));
        return res.json();
      };

      const day = await get('');
      assert.equal(day.period, 'today');
      assert.equal(day.collected, '1450.50', JSON.stringify(day));
      assert.equal(day.completed_amount, '1550.50');
      assert.equal(day.refunded, '100.00');
      assert.deepEqual(day.payments, { created: 5, completed: 3, completed_share: 0.6 });
      assert.deepEqual(day.by_method, [
        { method: 'bkash', count: 2, amount: '1300.00' },
        { method: 'nagad', count: 1, amount: '250.50' },
      ]);
      assert.deepEqual(day.by_day, [{ date, count: 3, collected: '1450.50' }]);
      assert.equal(day.pending_approvals, 1);
      assert.deepEqual(day.unmatched, { count: 1, amount: '450.00' });
      assert.deepEqual(day.devices, [{ id: 'dev_phone1', name: 'Shop phone', last_sms_at: new Date(NOW - 20 * 60_000).toISOString() }]);

      const week = await get('?period=7d');
      assert.equal(week.by_day.length, 7);
      assert.deepEqual(week.by_day.at(-1), { date, count: 3, collected: '1450.50' });
      assert.deepEqual(week.by_day.at(-2), { date: addDays(date, -1), count: 1, collected: '500.00' });
      assert.equal(week.collected, '1950.50');
      assert.equal(week.payments.created, 6);

      const month = await get('?period=30d');
      assert.equal(month.by_day.length, 30);
      assert.equal(month.by_day[0].date, addDays(date, -29));
      assert.equal(month.collected, '2650.50');
      assert.equal(month.by_day.find((d: { date: string }) => d.date === addDays(date, -10)).collected, '700.00');

      const test = await get('?livemode=false');
      assert.equal(test.collected, '9999.00', 'test payments apart');
      assert.equal(test.pending_approvals, 0);

      const bad = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/overview?period=year' });
      assert.equal(bad.statusCode, 400, show(bad));
      assert.equal(bad.json().code, 'invalid_request');
      assert.match(bad.body, /period must be today, 7d or 30d/);
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: "Needs approval" on the Overview counts up to 1000 like the Payments list, then says there are more`, async () => {
    const t = await buildTestApp(dialect, {}, { now: () => NOW });
    try {
      const admin = await signedInAdmin(t);
      const pending = async () => (await admin.inject({ method: 'GET', url: '/admin/api/brands/default/overview' })).json();
      const waiting = (n: number) => Array.from({ length: n }, (_, i) => paymentRow(t.brand.id, { status: 'pending', created_at: NOW - (i + 1) * 60_000 }));
      for (let i = 0; i < 4; i++) await t.db.insertInto('payments').values(waiting(250)).execute();
      const thousand = await pending();
      assert.equal(thousand.pending_approvals, 1000);
      assert.equal(thousand.pending_approvals_capped, false, 'exactly 1000 is an exact count');
      await t.db.insertInto('payments').values(waiting(1)).execute();
      const more = await pending();
      assert.equal(more.pending_approvals, 1000);
      assert.equal(more.pending_approvals_capped, true, '1001 reads as "1000+"');
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: an empty brand's Overview is zeros with every day present, and nobody signed out sees it`, async () => {
    const t = await buildTestApp(dialect, {}, { now: () => NOW });
    try {
      const anonymous = await t.app.inject({ method: 'GET', url: '/admin/api/brands/default/overview' });
      assert.equal(anonymous.statusCode, 401, show(anonymous));
      const admin = await signedInAdmin(t);
      const res = await admin.inject({ method: 'GET', url: '/admin/api/brands/default/overview?period=7d' });
      assert.equal(res.statusCode, 200, show(res));
      const o = res.json();
      assert.equal(o.collected, '0.00');
      assert.deepEqual(o.payments, { created: 0, completed: 0, completed_share: null });
      assert.deepEqual(o.by_method, []);
      assert.equal(o.by_day.length, 7);
      assert.ok(o.by_day.every((d: { count: number; collected: string }) => d.count === 0 && d.collected === '0.00'));
      assert.deepEqual(o.unmatched, { count: 0, amount: '0.00' });
      assert.deepEqual(o.devices, []);
    } finally {
      await t.close();
    }
  });
}
