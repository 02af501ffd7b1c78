import type { Executor } from '../../db/index.js';
import type { PaymentState } from '../payments/states.js';

/**
 * The counts behind GET /metrics. Each query reads an index range, never a whole large table: the payments of one brand
 * in the given states ((brand_id, status, …) index), one brand's payments since a time ((brand_id, created_at)), the
 * pending IPN and alert deliveries ((status, next_attempt_at)), and the devices.
 */

export async function brands(db: Executor) {
  return db.selectFrom('brands').select(['id', 'slug']).execute();
}

export async function paymentsInStates(db: Executor, brandId: string, states: readonly PaymentState[]) {
  return db
    .selectFrom('payments')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('brand_id', '=', brandId)
    .where('status', 'in', states)
    .groupBy('status')
    .execute();
}

export async function paymentsCreatedSince(db: Executor, brandId: string, since: number) {
  return db
    .selectFrom('payments')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('brand_id', '=', brandId)
    .where('created_at', '>=', since)
    .groupBy('status')
    .execute();
}

export async function pendingDeliveries(db: Executor) {
  return db
    .selectFrom('webhook_deliveries')
    .select([(eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.min('created_at').as('oldest')])
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
}

export async function pendingAlerts(db: Executor) {
  return db
    .selectFrom('alert_deliveries')
    .select([(eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.min('created_at').as('oldest')])
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
}

export async function activeDevices(db: Executor) {
  return db.selectFrom('devices').select(['id', 'brand_id', 'last_seen_at']).where('revoked_at', 'is', null).execute();
}

/** A read that needs the database to answer. */
export async function ping(db: Executor): Promise<void> {
  await db.selectFrom('brands').select('id').limit(1).execute();
}
