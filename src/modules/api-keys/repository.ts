import { postgresPool, type Executor } from '../../db/index.js';
import type { ApiKeysTable, BrandsTable } from '../../db/schema.js';
import { prepared } from '../../db/prepared.js';
import type { ReminderThresholdId } from './reminder-thresholds.js';

export type ApiKeyRow = ApiKeysTable;

export async function insertApiKey(db: Executor, row: ApiKeyRow): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

export function findApiKey(db: Executor, id: string, brandId?: string): Promise<ApiKeyRow | undefined> {
  let query = db.selectFrom('api_keys').selectAll().where('id', '=', id);
  if (brandId) query = query.where('brand_id', '=', brandId);
  return query.executeTakeFirst();
}

/** Built and compiled once (src/db/prepared.ts): it runs on every public API request. */
const keyWithBrand = prepared((db: Executor, id: string, host: string | null) =>
  db
    .selectFrom('api_keys')
    .innerJoin('brands', 'brands.id', 'api_keys.brand_id')
    .selectAll('api_keys')
    .select([
      'brands.slug as b_slug',
      'brands.name as b_name',
      'brands.domain as b_domain',
      'brands.timezone as b_timezone',
      'brands.currency as b_currency',
      'brands.created_at as b_created_at',
      'brands.updated_at as b_updated_at',
      (eb) => eb.selectFrom('brands as hb').select('hb.id').where('hb.domain', '=', host).limit(1).as('host_brand_id'),
    ])
    .where('api_keys.id', '=', id),
);

/**
 * The key and its brand in one round trip: the hot path of every public API request. With `host`, the same round trip
 * also answers which brand (if any) has that domain, for routing by Host.
 */
export async function findApiKeyWithBrand(db: Executor, id: string, host: string | null = null): Promise<KeyWithBrand | undefined> {
  const [row] = await keyWithBrand(db, id, host);
  return row && unpackKeyWithBrand(row);
}

export type KeyWithBrand = { key: ApiKeyRow; brand: BrandsTable; hostBrandId: string | null };
type KeyWithBrandRow = Awaited<ReturnType<typeof keyWithBrand>>[number];

/**
 * PostgreSQL only: findApiKeyWithBrand for several (id, host) pairs in one round trip, for requests that arrive together
 * (key-cache.ts, through src/db/shared-read.ts). The same columns as keyWithBrand, keyed by `pairKey(id, host)`; pairs whose key is unknown are absent.
 */
const KEYS_WITH_BRANDS = `SELECT q.id AS q_id, q.host AS q_host, k.*, b.slug AS b_slug, b.name AS b_name, b.domain AS b_domain,
  b.timezone AS b_timezone, b.currency AS b_currency, b.created_at AS b_created_at, b.updated_at AS b_updated_at,
  (SELECT hb.id FROM brands hb WHERE hb.domain = q.host LIMIT 1) AS host_brand_id
FROM unnest($1::text[], $2::text[]) AS q(id, host)
JOIN api_keys k ON k.id = q.id
JOIN brands b ON b.id = k.brand_id`;

export async function findApiKeysWithBrands(db: Executor, pairs: readonly { id: string; host: string | null }[]): Promise<Map<string, KeyWithBrand>> {
  const pool = postgresPool(db);
  if (!pool) throw new Error('findApiKeysWithBrands: PostgreSQL only, outside a transaction');
  const { rows } = await pool.query<KeyWithBrandRow & { q_id: string; q_host: string | null }>({
    name: 'duar_keys_with_brands',
    text: KEYS_WITH_BRANDS,
    values: [pairs.map((p) => p.id), pairs.map((p) => p.host)],
  });
  return new Map(rows.map(({ q_id, q_host, ...row }) => [pairKey(q_id, q_host), unpackKeyWithBrand(row)]));
}

export const pairKey = (id: string, host: string | null) => (host === null ? id : `${id} ${host}`);

function unpackKeyWithBrand(row: KeyWithBrandRow): KeyWithBrand {
  const { b_slug, b_name, b_domain, b_timezone, b_currency, b_created_at, b_updated_at, host_brand_id, ...key } = row;
  return {
    key,
    hostBrandId: host_brand_id ?? null,
    brand: {
      id: key.brand_id,
      slug: b_slug,
      name: b_name,
      domain: b_domain,
      timezone: b_timezone,
      currency: b_currency,
      created_at: b_created_at,
      updated_at: b_updated_at,
    },
  };
}

export function listApiKeys(db: Executor, brandId: string): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().where('brand_id', '=', brandId).orderBy('created_at', 'desc').orderBy('id').execute();
}

export async function updateApiKey(
  db: Executor,
  id: string,
  changes: Partial<Pick<ApiKeyRow, 'name' | 'abilities' | 'expires_on' | 'is_active' | 'note' | 'allowed_ips' | 'rate_limit_per_minute'>> & {
    updated_at: number;
  },
): Promise<void> {
  await db.updateTable('api_keys').set(changes).where('id', '=', id).execute();
}

export async function deleteApiKey(db: Executor, id: string): Promise<number> {
  const result = await db.deleteFrom('api_keys').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Also keeps the first use: the moment a rolled key's successor takes over the IPN header. */
export async function recordKeyUse(db: Executor, id: string, at: number, ip: string | null): Promise<void> {
  await db
    .updateTable('api_keys')
    .set((eb) => ({ last_used_at: at, last_used_ip: ip, first_used_at: eb.fn.coalesce('first_used_at', eb.val(at)) }))
    .where('id', '=', id)
    .execute();
}

/** Marks a key rolled, only if it was not rolled already; returns the rows changed (0 or 1). */
export async function markRolled(db: Executor, id: string, rolledToId: string, endsAt: number, now: number): Promise<number> {
  const result = await db
    .updateTable('api_keys')
    .set({ rolled_to_id: rolledToId, ends_at: endsAt, updated_at: now })
    .where('id', '=', id)
    .where('rolled_to_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A key's value (encrypted) and where its roll leads: what the IPN key lookup walks. */
export function findKeyRollLink(db: Executor, id: string) {
  return db.selectFrom('api_keys').select(['id', 'key_ciphertext', 'rolled_to_id', 'first_used_at']).where('id', '=', id).executeTakeFirst();
}

/** Working, unrolled keys with an expiry date, with their brand: the candidates for expiry reminders. */
export function listExpiringKeys(db: Executor) {
  return db
    .selectFrom('api_keys')
    .innerJoin('brands', 'brands.id', 'api_keys.brand_id')
    .select([
      'api_keys.id',
      'api_keys.brand_id',
      'api_keys.name',
      'api_keys.hint',
      'api_keys.expires_on',
      'brands.name as brand_name',
      'brands.slug',
      'brands.timezone',
    ])
    .where('api_keys.expires_on', 'is not', null)
    .where('api_keys.is_active', '=', 1)
    .where('api_keys.rolled_to_id', 'is', null)
    .execute();
}

/** Insert-or-ignore of reminder rows; returns the thresholds this call inserted (the primary key makes each once). */
export async function insertReminders(
  db: Executor,
  rows: { key_id: string; threshold: ReminderThresholdId; expires_on: string; sent_at: number }[],
): Promise<string[]> {
  const inserted = await db
    .insertInto('api_key_reminders')
    .values(rows)
    .onConflict((oc) => oc.columns(['key_id', 'threshold', 'expires_on']).doNothing())
    .returning('threshold')
    .execute();
  return inserted.map((r) => r.threshold);
}

export async function deleteReminders(db: Executor, keyId: string, expiresOn: string, sentAt: number): Promise<void> {
  await db.deleteFrom('api_key_reminders').where('key_id', '=', keyId).where('expires_on', '=', expiresOn).where('sent_at', '=', sentAt).execute();
}
