import { sql } from '../../db/kysely.js';
import type { Executor } from '../../db/index.js';

/**
 * The Overview's SQL (PRODUCT.md §7): one aggregate per figure, each over an index that holds every column it reads
 * (migration 021), so a 30-day figure reads a range of one index however many payments the brand has (bench/list.ts).
 * Times are epoch ms; money paisa (BDT); `days` are the instants where each brand-local day of the period begins.
 */

const COMPLETED = ['completed', 'partially_refunded', 'refunded'] as const;

/** Which day of the period an instant falls in (0 = the first): the brand's midnights as literals, so GROUP BY sees one expression on both databases. */
function dayOf(column: string, days: readonly number[]) {
  // One day (today) has nothing to tell apart, and `case else … end` is not SQL.
  if (days.length === 1) return sql<number>`${sql.lit(0)}`;
  const whens = days.slice(1).map((start, i) => sql`when ${sql.ref(column)} < ${sql.lit(start)} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} else ${sql.lit(days.length - 1)} end`;
}

/** Payments completed in [from, to), by brand-local day and method: count and paisa charged. */
export function completedByDayAndMethod(db: Executor, brandId: string, livemode: boolean, days: readonly number[], to: number) {
  return db
    .selectFrom('payments')
    .select([
      dayOf('completed_at', days).as('day'),
      'payment_method',
      (eb) => eb.fn.countAll<number | string>().as('n'),
      (eb) => eb.fn.sum<number | string>('charged_amount').as('amount'),
    ])
    .where('brand_id', '=', brandId)
    .where('livemode', '=', livemode ? 1 : 0)
    .where('completed_at', '>=', days[0]!)
    .where('completed_at', '<', to)
    .where('status', 'in', COMPLETED)
    .groupBy([sql`1`, 'payment_method'])
    .execute();
}

/** Refunds that succeeded in [from, to), by brand-local day, in paisa (a refund is in its payment's currency). */
export function refundedByDay(db: Executor, brandId: string, livemode: boolean, days: readonly number[], to: number) {
  return db
    .selectFrom('refunds as r')
    .innerJoin('payments as p', 'p.id', 'r.payment_id')
    .select([dayOf('r.created_at', days).as('day'), sql<number | string | null>`sum(r.amount * p.exchange_rate / 10000)`.as('amount')])
    .where('r.brand_id', '=', brandId)
    .where('r.status', '=', 'succeeded')
    .where('r.created_at', '>=', days[0]!)
    .where('r.created_at', '<', to)
    .where('p.livemode', '=', livemode ? 1 : 0)
    .groupBy(sql`1`)
    .execute();
}

/** Payments created in [from, to): how many, and how many of them were completed (refunded later still counts). */
export function createdAndCompleted(db: Executor, brandId: string, livemode: boolean, from: number, to: number) {
  return db
    .selectFrom('payments')
    .select([
      (eb) => eb.fn.countAll<number | string>().as('created'),
      sql<number | string | null>`sum(case when status in ('completed', 'partially_refunded', 'refunded') then 1 else 0 end)`.as('completed'),
    ])
    .where('brand_id', '=', brandId)
    .where('livemode', '=', livemode ? 1 : 0)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .executeTakeFirstOrThrow();
}

/**
 * Payments waiting for a person's decision (Payments → Needs approval), whenever they came, counted up to `cap` + 1
 * like the list and the menu's badge: a count past the cap reads as "1000+", and never costs a read of every waiting row.
 */
export function pendingApprovals(db: Executor, brandId: string, livemode: boolean, cap: number) {
  return db
    .selectFrom(
      db
        .selectFrom('payments')
        .select(sql<number>`1`.as('one'))
        .where('brand_id', '=', brandId)
        .where('livemode', '=', livemode ? 1 : 0)
        .where('status', '=', 'pending')
        .limit(cap + 1)
        .as('waiting'),
    )
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
}

/** Approved credits that arrived in [from, before) and paid nothing: money without an order. */
export function unmatchedCredits(db: Executor, brandId: string, from: number, before: number) {
  return db
    .selectFrom('sms_messages')
    .select([(eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.sum<number | string>('amount').as('amount')])
    .where('brand_id', '=', brandId)
    .where('livemode', '=', 1)
    .where('status', '=', 'approved')
    .where('amount', 'is not', null)
    .where('created_at', '>=', from)
    .where('created_at', '<', before)
    .executeTakeFirstOrThrow();
}

/** The brand's active phones and when each last forwarded an SMS (devices.last_seen_at, as /metrics reads it). */
export function activeDevices(db: Executor, brandId: string) {
  return db
    .selectFrom('devices')
    .select(['id', 'name', 'last_seen_at'])
    .where('brand_id', '=', brandId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
}
