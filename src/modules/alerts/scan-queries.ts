import { sql } from '../../db/kysely.js';
import type { Executor } from '../../db/index.js';
import type { MethodId } from '../gateways/types.js';
import type { AlertEvent } from './states.js';

/** The SQL of the alert scan (alerts/scan.ts): what has happened that an alert should say, and was not said yet. */

const WALLETS: MethodId[] = ['bkash', 'nagad', 'rocket', 'upay'];

/** Refunds settled or refused since `since`, with their payment, not yet alerted. */
export function refundsToAlert(db: Executor, brandId: string, status: 'succeeded' | 'failed', event: AlertEvent, since: number) {
  return db
    .selectFrom('refunds as r')
    .innerJoin('payments as p', 'p.id', 'r.payment_id')
    .where('r.brand_id', '=', brandId)
    .where('r.status', '=', status)
    .where('r.updated_at', '>=', since)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom('alerts as a').select('a.id').where('a.brand_id', '=', brandId).where('a.event', '=', event).whereRef('a.dedupe_key', '=', 'r.id')),
      ),
    )
    .select(['r.id as refund_id', 'r.amount as refund_amount', 'r.updated_at as refund_at', 'r.failure as refund_failure'])
    .selectAll('p')
    .orderBy('r.updated_at')
    .limit(200)
    .execute();
}

/** Credits of the brand in `status` that arrived between `from` and `to`, not yet alerted for `event`. */
export function smsToAlert(db: Executor, brandId: string, status: 'approved' | 'awaiting_review', event: AlertEvent, from: number, to: number) {
  return db
    .selectFrom('sms_messages as s')
    .where('s.brand_id', '=', brandId)
    .where('s.livemode', '=', 1)
    .where('s.status', '=', status)
    .where('s.created_at', '>=', from)
    .where('s.created_at', '<=', to)
    .where('s.amount', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom('alerts as a').select('a.id').where('a.brand_id', '=', brandId).where('a.event', '=', event).whereRef('a.dedupe_key', '=', 's.id')),
      ),
    )
    .select(['s.id', 's.amount', 's.provider', 's.trx_id', 's.created_at', 's.reason'])
    .orderBy('s.created_at')
    .limit(200)
    .execute();
}

/**
 * The brand's phones and its waiting wallet payments: active devices, the last SMS any device forwarded, and the wallet
 * payments submitted before `waitedSince` that still wait (oldest first).
 */
export async function deviceSilence(db: Executor, brandId: string, waitedSince: number) {
  const [devices, lastSms, waiting] = await Promise.all([
    db
      .selectFrom('devices')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('brand_id', '=', brandId)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('sms_messages')
      .select((eb) => eb.fn.max('created_at').as('at'))
      .where('brand_id', '=', brandId)
      .where('source', '=', 'device')
      .executeTakeFirst(),
    db
      .selectFrom('payments')
      .select(['id', 'paid_at'])
      .where('brand_id', '=', brandId)
      .where('status', '=', 'pending')
      // A test payment waits for a test SMS from the dashboard, never for a phone.
      .where('livemode', '=', 1)
      .where('payment_method', 'in', WALLETS)
      .where('paid_at', '<=', waitedSince)
      .orderBy('paid_at')
      .limit(1000)
      .execute(),
  ]);
  return {
    activeDevices: Number(devices.n),
    lastSmsAt: lastSms?.at == null ? null : Number(lastSms.at),
    waiting: waiting.map((w) => ({ id: w.id, paid_at: Number(w.paid_at) })),
  };
}

/** One brand-local day's figures for the daily summary: completed in the day, by method, what waits, what was refunded. */
export async function daySummary(db: Executor, brandId: string, from: number, to: number) {
  const completedStates = ['completed', 'partially_refunded', 'refunded'] as const;
  const [byMethod, pending, refunded] = await Promise.all([
    db
      .selectFrom('payments')
      .select(['payment_method', (eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.sum<number | string>('charged_amount').as('amount')])
      .where('brand_id', '=', brandId)
      .where('status', 'in', completedStates)
      .where('completed_at', '>=', from)
      .where('completed_at', '<', to)
      .groupBy('payment_method')
      .execute(),
    db
      .selectFrom('payments')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('brand_id', '=', brandId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('refunds as r')
      .innerJoin('payments as p', 'p.id', 'r.payment_id')
      .select(sql<number | string | null>`sum(r.amount * p.exchange_rate / 10000)`.as('amount'))
      .where('r.brand_id', '=', brandId)
      .where('r.status', '=', 'succeeded')
      .where('r.created_at', '>=', from)
      .where('r.created_at', '<', to)
      .executeTakeFirst(),
  ]);
  return {
    byMethod: byMethod.map((m) => ({ method: m.payment_method, count: Number(m.n), amount: Number(m.amount ?? 0) })),
    pending: Number(pending.n),
    refunded: Math.round(Number(refunded?.amount ?? 0)),
  };
}

/** Brands with at least one alert channel, and the events their channels want (JSON arrays). */
export function channelEvents(db: Executor) {
  return db
    .selectFrom('alert_channels as c')
    .innerJoin('brands as b', 'b.id', 'c.brand_id')
    .select(['c.brand_id', 'c.events', 'b.timezone', 'b.slug', 'b.name'])
    .execute();
}
