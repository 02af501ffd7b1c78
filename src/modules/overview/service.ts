import type { Executor } from '../../db/index.js';
import { addDays, isoTime as iso, startOfDay, today } from '../../lib/dates.js';
import { formatAmount } from '../../lib/money.js';
import type { Brand } from '../brands/service.js';
import type { MethodId } from '../gateways/types.js';
import { LIST_COUNT_CAP } from '../payments/list.js';
import * as repo from './repository.js';

/** The Overview's periods: today, the last 7 and the last 30 brand-local days, today included. */
export const OVERVIEW_PERIODS = ['today', '7d', '30d'] as const;
export type OverviewPeriod = (typeof OVERVIEW_PERIODS)[number];
const DAYS: Record<OverviewPeriod, number> = { today: 1, '7d': 7, '30d': 30 };

/** A credit still unused this long after it arrived is money without an order (as the sms.unmatched alert says). */
const UNMATCHED_AFTER_MS = 30 * 60_000;

/** The Overview page (PRODUCT.md §7). Money in BDT as two-decimal strings; `collected` = completed minus refunded. */
export type OverviewView = {
  period: OverviewPeriod;
  livemode: boolean;
  timezone: string;
  /** The period: from the brand's midnight of its first day to now. */
  from: string;
  to: string;
  currency: 'BDT';
  collected: string;
  completed_amount: string;
  refunded: string;
  payments: { created: number; completed: number /** completed ÷ created, 0–1; null when none were created. */; completed_share: number | null };
  by_method: { method: MethodId | null; count: number; amount: string }[];
  /** Every day of the period, oldest first, also the empty ones. */
  by_day: { date: string; count: number; collected: string }[];
  /** Waiting payments, counted up to 1000 like the Payments list: `pending_approvals_capped` says there are more. */
  pending_approvals: number;
  pending_approvals_capped: boolean;
  devices: { id: string; name: string; last_sms_at: string | null }[];
  unmatched: { count: number; amount: string };
};

const num = (v: number | string | null | undefined) => Number(v ?? 0);

/** Every figure of the Overview for one period, each from its own aggregate, read at once. */
export async function overview(db: Executor, brand: Brand, input: { period: OverviewPeriod; livemode: boolean }, now = Date.now()): Promise<OverviewView> {
  const last = today(brand.timezone, now);
  const dates = Array.from({ length: DAYS[input.period] }, (_, i) => addDays(last, i - DAYS[input.period] + 1));
  const days = dates.map((d) => startOfDay(d, brand.timezone));
  const to = now + 1;
  const [completed, refunds, created, pending, unmatched, devices] = await Promise.all([
    repo.completedByDayAndMethod(db, brand.id, input.livemode, days, to),
    repo.refundedByDay(db, brand.id, input.livemode, days, to),
    repo.createdAndCompleted(db, brand.id, input.livemode, days[0]!, to),
    repo.pendingApprovals(db, brand.id, input.livemode, LIST_COUNT_CAP),
    repo.unmatchedCredits(db, brand.id, days[0]!, now - UNMATCHED_AFTER_MS),
    repo.activeDevices(db, brand.id),
  ]);

  const byDay = dates.map((date) => ({ date, count: 0, amount: 0 }));
  const byMethod = new Map<MethodId | null, { count: number; amount: number }>();
  for (const row of completed) {
    const day = byDay[num(row.day)]!;
    day.count += num(row.n);
    day.amount += num(row.amount);
    const m = byMethod.get(row.payment_method) ?? { count: 0, amount: 0 };
    m.count += num(row.n);
    m.amount += num(row.amount);
    byMethod.set(row.payment_method, m);
  }
  let refunded = 0;
  for (const row of refunds) {
    // A refund of a converted payment is worth its share of BDT; rounded per day, as the daily summary does.
    const paisa = Math.round(num(row.amount));
    byDay[num(row.day)]!.amount -= paisa;
    refunded += paisa;
  }
  const completedAmount = byDay.reduce((sum, d) => sum + d.amount, 0) + refunded;
  const createdCount = num(created.created);
  const completedCount = num(created.completed);
  return {
    period: input.period,
    livemode: input.livemode,
    timezone: brand.timezone,
    from: iso(days[0]!),
    to: iso(now),
    currency: 'BDT',
    collected: formatAmount(completedAmount - refunded),
    completed_amount: formatAmount(completedAmount),
    refunded: formatAmount(refunded),
    payments: { created: createdCount, completed: completedCount, completed_share: createdCount === 0 ? null : completedCount / createdCount },
    by_method: [...byMethod]
      .map(([method, m]) => ({ method, count: m.count, amount: formatAmount(m.amount) }))
      .sort((a, b) => Number(b.amount) - Number(a.amount)),
    by_day: byDay.map((d) => ({ date: d.date, count: d.count, collected: formatAmount(d.amount) })),
    pending_approvals: Math.min(num(pending.n), LIST_COUNT_CAP),
    pending_approvals_capped: num(pending.n) > LIST_COUNT_CAP,
    devices: devices.map((d) => ({ id: d.id, name: d.name, last_sms_at: iso(d.last_seen_at === null ? null : Number(d.last_seen_at)) })),
    unmatched: { count: num(unmatched.n), amount: formatAmount(num(unmatched.amount)) },
  };
}
