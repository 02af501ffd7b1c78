import { sql } from '../../db/kysely.js';
import type { Executor } from '../../db/index.js';
import type { PaymentLinksTable } from '../../db/tables/links.js';
import type { PaymentState } from '../payments/states.js';

export type LinkRow = PaymentLinksTable;

/**
 * The states in which a link's payment holds one unit of its stock: a checkout not yet expired (`initiated`, counted
 * only before `expires_at`), a payment waiting for confirmation, and a paid one. Canceled, failed and expired
 * payments hold nothing (docs/decisions/120-payment-link-stock.md).
 */
const HOLDING: readonly PaymentState[] = ['pending', 'completed', 'partially_refunded', 'refunded'];
/** Paid: counted in a link's payments and collected amount. */
const PAID: readonly PaymentState[] = ['completed', 'partially_refunded', 'refunded'];

/** Inserts the link unless its slug is taken in the brand; false when it is. */
export async function insertLink(db: Executor, row: LinkRow): Promise<boolean> {
  const result = await db
    .insertInto('payment_links')
    .values(row)
    .onConflict((oc) => oc.columns(['brand_id', 'slug']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function findLink(db: Executor, brandId: string, id: string): Promise<LinkRow | undefined> {
  return db.selectFrom('payment_links').selectAll().where('brand_id', '=', brandId).where('id', '=', id).executeTakeFirst();
}

export function findLinkBySlug(db: Executor, brandId: string, slug: string): Promise<LinkRow | undefined> {
  return db.selectFrom('payment_links').selectAll().where('brand_id', '=', brandId).where('slug', '=', slug).executeTakeFirst();
}

export function listLinks(db: Executor, brandId: string, limit: number, offset: number): Promise<LinkRow[]> {
  return db
    .selectFrom('payment_links')
    .selectAll()
    .where('brand_id', '=', brandId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countLinks(db: Executor, brandId: string): Promise<number> {
  const row = await db
    .selectFrom('payment_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('brand_id', '=', brandId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Saves an edit; false when the new slug is taken in the brand (the unique constraint decides, also under a race). */
export async function updateLink(db: Executor, row: LinkRow): Promise<boolean> {
  const { id, brand_id, created_at, ...changes } = row;
  const taken = await db
    .selectFrom('payment_links')
    .select('id')
    .where('brand_id', '=', brand_id)
    .where('slug', '=', row.slug)
    .where('id', '!=', id)
    .executeTakeFirst();
  if (taken) return false;
  await db.updateTable('payment_links').set(changes).where('id', '=', id).where('brand_id', '=', brand_id).execute();
  return true;
}

export async function deleteLink(db: Executor, brandId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('payment_links').where('brand_id', '=', brandId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Takes the link's row lock for the rest of the transaction (a no-op UPDATE: the same on SQLite, where it takes the
 * database's write lock, and PostgreSQL, where it serialises the link's buyers) and returns the row as committed now.
 */
export function lockLink(db: Executor, brandId: string, id: string): Promise<LinkRow | undefined> {
  return db
    .updateTable('payment_links')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Units a link's payments hold at `now`. */
export async function heldUnits(db: Executor, linkId: string, now: number): Promise<number> {
  const row = await db
    .selectFrom('payment_link_payments as lp')
    .innerJoin('payments as p', 'p.id', 'lp.payment_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('lp.link_id', '=', linkId)
    .where((eb) => eb.or([eb('p.status', 'in', HOLDING), eb.and([eb('p.status', '=', 'initiated'), eb('p.expires_at', '>', now)])]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertLinkPayment(db: Executor, linkId: string, paymentId: string, now: number): Promise<void> {
  await db.insertInto('payment_link_payments').values({ link_id: linkId, payment_id: paymentId, created_at: now }).execute();
}

export type LinkStats = { payments: number; collected: number; held: number };

/** Each link's paid payments, what they brought (charged minus refunded, BDT paisa) and the units held at `now`. */
export async function linkStats(db: Executor, linkIds: string[], now: number): Promise<Map<string, LinkStats>> {
  const stats = new Map<string, LinkStats>(linkIds.map((id) => [id, { payments: 0, collected: 0, held: 0 }]));
  if (linkIds.length === 0) return stats;
  const rows = await db
    .selectFrom('payment_link_payments as lp')
    .innerJoin('payments as p', 'p.id', 'lp.payment_id')
    .select((eb) => [
      'lp.link_id',
      eb.fn.sum<number>(sql<number>`CASE WHEN p.status IN (${sql.join(PAID)}) THEN 1 ELSE 0 END`).as('payments'),
      eb.fn.sum<number>(sql<number>`CASE WHEN p.status IN (${sql.join(PAID)}) THEN p.charged_amount - p.refunded_amount ELSE 0 END`).as('collected'),
      eb.fn
        .sum<number>(sql<number>`CASE WHEN p.status IN (${sql.join(HOLDING)}) OR (p.status = 'initiated' AND p.expires_at > ${now}) THEN 1 ELSE 0 END`)
        .as('held'),
    ])
    .where('lp.link_id', 'in', linkIds)
    .groupBy('lp.link_id')
    .execute();
  for (const r of rows) stats.set(r.link_id, { payments: Number(r.payments), collected: Number(r.collected), held: Number(r.held) });
  return stats;
}
