import type { Db } from '../../db/index.js';
import { addDays, startOfDay, today } from '../../lib/dates.js';
import { dueThreshold, reminderCandidates } from '../api-keys/reminders.js';
import { SMS_REASONS } from '../sms/states.js';
import type { PaymentRow } from '../payments/access.js';
import { paymentFacts } from './events.js';
import type { SummaryFacts } from './messages.js';
import * as q from './scan-queries.js';
import { raiseAlert } from './service.js';
import type { AlertEvent } from './states.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** An approved credit that has paid nothing this long after it arrived is money without an order (PRODUCT.md §7). */
export const UNMATCHED_AFTER_MS = 30 * MINUTE;
/** A wallet payment waiting this long with no SMS from the brand's phones since means the phone may be offline. */
export const SILENT_AFTER_MS = 15 * MINUTE;
/** The daily summary's local hour. */
export const SUMMARY_HOUR = 21;
/** How far back a scan looks for what it has not said yet (also after a day-long outage of Duar). */
const LOOKBACK_MS = DAY;

/**
 * Raises the alerts that come from the state of the data rather than from one transaction: refunds settled or refused,
 * credits held for review or left unmatched, a silent phone, keys about to expire, the 21:00 summary. Each is raised once
 * (alerts' unique dedupe key), so a scan may run any number of times, in any number of processes. Only brands with a
 * channel that wants the event are looked at. Returns how many alerts it raised.
 */
export async function scanAlerts(db: Db, now: number): Promise<number> {
  const brands = new Map<string, { events: Set<AlertEvent>; timezone: string }>();
  for (const c of await q.channelEvents(db)) {
    const entry = brands.get(c.brand_id) ?? { events: new Set(), timezone: c.timezone };
    for (const e of JSON.parse(c.events) as AlertEvent[]) entry.events.add(e);
    brands.set(c.brand_id, entry);
  }
  let raised = 0;
  const raise = async (brandId: string, event: AlertEvent, dedupeKey: string, facts: Parameters<typeof raiseAlert>[1]['facts']) => {
    if (await raiseAlert(db, { brandId, event, dedupeKey, facts, now })) raised++;
  };
  const keys = brands.size > 0 ? await reminderCandidates(db) : [];
  for (const [brandId, { events, timezone }] of brands) {
    if (events.has('payment.refunded'))
      for (const r of await q.refundsToAlert(db, brandId, 'succeeded', 'payment.refunded', now - LOOKBACK_MS))
        await raise(brandId, 'payment.refunded', r.refund_id, { ...paymentFacts(r as PaymentRow, r.refund_amount), at: Number(r.refund_at) });
    if (events.has('refund.failed'))
      for (const r of await q.refundsToAlert(db, brandId, 'failed', 'refund.failed', now - LOOKBACK_MS))
        await raise(brandId, 'refund.failed', r.refund_id, { ...paymentFacts(r as PaymentRow, r.refund_amount, r.refund_failure), at: Number(r.refund_at) });
    if (events.has('sms.review'))
      for (const s of await q.smsToAlert(db, brandId, 'awaiting_review', 'sms.review', now - LOOKBACK_MS, now))
        await raise(brandId, 'sms.review', s.id, {
          sms_id: s.id,
          amount: Number(s.amount),
          provider: s.provider,
          trx_id: s.trx_id,
          at: Number(s.created_at),
          reason: s.reason ? SMS_REASONS[s.reason] : null,
        });
    if (events.has('sms.unmatched'))
      for (const s of await q.smsToAlert(db, brandId, 'approved', 'sms.unmatched', now - LOOKBACK_MS, now - UNMATCHED_AFTER_MS))
        await raise(brandId, 'sms.unmatched', s.id, {
          sms_id: s.id,
          amount: Number(s.amount),
          provider: s.provider,
          trx_id: s.trx_id,
          at: Number(s.created_at),
        });
    if (events.has('device.silent')) {
      const { activeDevices, lastSmsAt, waiting } = await q.deviceSilence(db, brandId, now - SILENT_AFTER_MS);
      // Payments submitted after the last SMS arrived: the phone has not forwarded anything since they were paid.
      const unheard = waiting.filter((w) => lastSmsAt === null || w.paid_at > lastSmsAt);
      // A brand without a phone checks payments by hand: silence is not news there.
      if (activeDevices > 0 && unheard.length > 0)
        await raise(brandId, 'device.silent', unheard[0]!.id, { waiting: unheard.length, since: unheard[0]!.paid_at, last_sms_at: lastSmsAt });
    }
    if (events.has('key.expiring'))
      for (const key of keys.filter((k) => k.brand_id === brandId)) {
        const threshold = dueThreshold(key.expires_on!, today(key.timezone, now));
        if (threshold)
          await raise(brandId, 'key.expiring', `${key.id}:${threshold.id}:${key.expires_on}`, {
            key_name: key.name,
            hint: key.hint,
            expires_on: key.expires_on!,
            days: threshold.days,
          });
      }
    if (events.has('summary.daily')) {
      const date = today(timezone, now);
      const start = startOfDay(date, timezone);
      if (now >= start + SUMMARY_HOUR * 60 * MINUTE) {
        const figures = await q.daySummary(db, brandId, start, startOfDay(addDays(date, 1), timezone));
        const facts: SummaryFacts = {
          date,
          collected: figures.byMethod.reduce((sum, m) => sum + m.amount, 0) - figures.refunded,
          count: figures.byMethod.reduce((sum, m) => sum + m.count, 0),
          by_method: figures.byMethod.filter((m) => m.method !== null).map((m) => ({ method: m.method!, amount: m.amount, count: m.count })),
          pending: figures.pending,
          refunded: figures.refunded,
        };
        await raise(brandId, 'summary.daily', date, facts);
      }
    }
  }
  return raised;
}
