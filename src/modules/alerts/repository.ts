import type { Executor } from '../../db/index.js';
import type { AlertChannelsTable, AlertDeliveriesTable, AlertsTable } from '../../db/tables/alerts.js';
import { ALERT_DELIVERY_TRANSITIONS, type AlertEvent } from './states.js';

export type ChannelRow = AlertChannelsTable;
export type AlertRow = AlertsTable;
export type AlertDeliveryRow = AlertDeliveriesTable;

export function listChannels(db: Executor, brandId: string): Promise<ChannelRow[]> {
  return db.selectFrom('alert_channels').selectAll().where('brand_id', '=', brandId).orderBy('created_at').orderBy('id').execute();
}

export function findChannel(db: Executor, brandId: string, id: string): Promise<ChannelRow | undefined> {
  return db.selectFrom('alert_channels').selectAll().where('brand_id', '=', brandId).where('id', '=', id).executeTakeFirst();
}

export async function insertChannel(db: Executor, row: ChannelRow): Promise<void> {
  await db.insertInto('alert_channels').values(row).execute();
}

export async function updateChannel(db: Executor, row: ChannelRow): Promise<void> {
  await db.updateTable('alert_channels').set(row).where('id', '=', row.id).where('brand_id', '=', row.brand_id).execute();
}

/** Its pending deliveries go with it (foreign key cascade): nothing is sent to a channel that no longer exists. */
export async function deleteChannel(db: Executor, brandId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('alert_channels').where('brand_id', '=', brandId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Insert-or-ignore on (brand, event, dedupe key): true when this call raised the alert, false when it existed. */
export async function insertAlertOnce(db: Executor, row: AlertRow): Promise<boolean> {
  const result = await db
    .insertInto('alerts')
    .values(row)
    .onConflict((oc) => oc.columns(['brand_id', 'event', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function findAlerts(db: Executor, ids: string[]): Promise<AlertRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('alerts').selectAll().where('id', 'in', ids).orderBy('created_at').orderBy('id').execute();
}

export async function insertDelivery(db: Executor, row: AlertDeliveryRow): Promise<void> {
  await db.insertInto('alert_deliveries').values(row).execute();
}

/**
 * Candidates for a poll, by channel and event: pending, due, not leased by a live claim; `first` is when the oldest of
 * them was raised (the worker holds a bursty event's group until that is a window old).
 */
export async function dueGroups(db: Executor, now: number, limit: number): Promise<{ channel_id: string; event: AlertEvent; first: number }[]> {
  const rows = await db
    .selectFrom('alert_deliveries')
    .select(['channel_id', 'event', (eb) => eb.fn.min('created_at').as('first')])
    .where('status', 'in', ALERT_DELIVERY_TRANSITIONS.claim.from)
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .groupBy(['channel_id', 'event'])
    .orderBy((eb) => eb.fn.min('next_attempt_at'))
    .limit(limit)
    .execute();
  return rows.map((r) => ({ channel_id: r.channel_id, event: r.event, first: Number(r.first) }));
}

/**
 * Guarded claim of every due, unleased delivery of one channel and event (one message carries them all): the WHERE
 * re-checks status, due time and lease, so of two workers each row goes to exactly one. Returns the rows now held.
 */
export async function claimGroup(
  db: Executor,
  group: { channel_id: string; event: AlertEvent },
  token: string,
  now: number,
  leaseUntil: number,
): Promise<AlertDeliveryRow[]> {
  await db
    .updateTable('alert_deliveries')
    .set((eb) => ({ locked_by: token, locked_until: leaseUntil, attempt_count: eb('attempt_count', '+', 1), updated_at: now }))
    .where('channel_id', '=', group.channel_id)
    .where('event', '=', group.event)
    .where('status', 'in', ALERT_DELIVERY_TRANSITIONS.claim.from)
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .execute();
  return db.selectFrom('alert_deliveries').selectAll().where('locked_by', '=', token).orderBy('created_at').orderBy('id').execute();
}

const RELEASE = { pending: 'retry', failed: 'fail', delivered: 'deliver' } as const;

/** Applies one delivery's outcome and releases its lease, only while this claim holds it; false = the lease was lost. */
export async function releaseDelivery(
  db: Executor,
  id: string,
  token: string,
  changes: Pick<AlertDeliveryRow, 'next_attempt_at' | 'last_error' | 'last_http_status' | 'completed_at' | 'updated_at' | 'batch_size'> & {
    status: keyof typeof RELEASE;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('alert_deliveries')
    .set({ ...changes, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', token)
    .where('status', 'in', ALERT_DELIVERY_TRANSITIONS[RELEASE[changes.status]].from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A brand's recent alert deliveries, newest first, with the alert's facts and the channel's kind (Brand Settings → Alerts). */
export function recentDeliveries(db: Executor, brandId: string, limit: number) {
  return db
    .selectFrom('alert_deliveries as d')
    .innerJoin('alerts as a', 'a.id', 'd.alert_id')
    .innerJoin('alert_channels as c', 'c.id', 'd.channel_id')
    .where('d.brand_id', '=', brandId)
    .select([
      'd.id',
      'd.event',
      'd.status',
      'd.attempt_count',
      'd.next_attempt_at',
      'd.last_error',
      'd.last_http_status',
      'd.batch_size',
      'd.created_at',
      'd.completed_at',
      'd.channel_id',
      'c.kind',
      'c.masked',
      'c.language',
      'a.facts',
    ])
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
}
