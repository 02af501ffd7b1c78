import { sql } from '../../db/kysely.js';
import type { Executor } from '../../db/index.js';
import type { DevicesTable } from '../../db/tables/sms.js';

export type DeviceRow = DevicesTable;

export async function insertDevice(db: Executor, row: DeviceRow): Promise<void> {
  await db.insertInto('devices').values(row).execute();
}

export function findDevice(db: Executor, id: string, brandId?: string): Promise<DeviceRow | undefined> {
  let query = db.selectFrom('devices').selectAll().where('id', '=', id);
  if (brandId) query = query.where('brand_id', '=', brandId);
  return query.executeTakeFirst();
}

export function listDevices(db: Executor, brandId: string): Promise<DeviceRow[]> {
  return db.selectFrom('devices').selectAll().where('brand_id', '=', brandId).orderBy('created_at', 'desc').orderBy('id').execute();
}

/** Guarded: only a device not yet revoked is revoked (and only once). */
export async function revokeDevice(db: Executor, id: string, now: number): Promise<boolean> {
  const result = await db.updateTable('devices').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Last seen and the number of messages it has forwarded: one small write per request the device makes. */
export async function recordDeviceUse(db: Executor, id: string, now: number, ip: string | null, messages: number): Promise<void> {
  await db
    .updateTable('devices')
    .set({ last_seen_at: now, last_seen_ip: ip, sms_count: sql<number>`sms_count + ${messages}` })
    .where('id', '=', id)
    .execute();
}

/** Whether the brand has a connected (not revoked) device, i.e. wallet payments may confirm themselves. */
export async function hasActiveDevice(db: Executor, brandId: string): Promise<boolean> {
  const row = await db.selectFrom('devices').select('id').where('brand_id', '=', brandId).where('revoked_at', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}
