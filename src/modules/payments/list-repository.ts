import { PostgresAdapter, type RawBuilder, type SelectQueryBuilder, sql } from '../../db/kysely.js';
import type { Database } from '../../db/schema.js';
import type { Executor } from '../../db/index.js';
import type { MethodId } from '../gateways/types.js';
import { phoneSearchPrefix } from './phone-search.js';
import type { PaymentRow } from './repository.js';
import type { PaymentState } from './states.js';

/** The payments list and its search: one page in keyset order, counted up to a cap (payments/list.ts holds the rules). */

export type PaymentFilter = {
  status?: PaymentState;
  method?: MethodId;
  createdFrom?: number;
  createdBefore?: number;
  search?: string;
  livemode?: boolean;
  /** Only the payments made through this payment link (`plk_…`, the link's Payments in the dashboard). */
  paymentLink?: string;
};

/** Where a page of the payments list starts: just after this payment in (created_at, id) descending order. */
export type ListPosition = { createdAt: number; id: string };

/** Counting stops here: "1000+" tells an administrator as much as an exact count, which would read the whole table. */
export const LIST_COUNT_CAP = 1000;

/**
 * Up to this many matches a search reads its matches through the search indexes and sorts them; beyond it, matches are
 * dense enough that walking the list in order finds a page of them quickly.
 */
const SEARCH_PLAN_CAP = 5000;

/** The fields a search matches, each by case-insensitive prefix through its index (migrations 010 and 023). */
const SEARCH_COLUMNS = ['invoice_id', 'transaction_id', 'email', 'full_name', 'sender_number', 'order_number'] as const;

/** Sorts after every character, so `lower(x) >= p AND lower(x) < p || TOP` is "starts with p" as an index range. */
const TOP = '\u{10FFFF}';

/**
 * `lower(column)` as migration 010 indexes it: PostgreSQL in the "C" collation (code point order, like SQLite's default),
 * so the prefix range is both correct and served by the index whatever the database's locale.
 */
function lowered(db: Executor, column: (typeof SEARCH_COLUMNS)[number]) {
  return db.getExecutor().adapter instanceof PostgresAdapter ? sql`lower(${sql.ref(column)}) COLLATE "C"` : sql`lower(${sql.ref(column)})`;
}

/**
 * One page of a brand's payments, newest first, in keyset order: `after` continues after the last row of the previous
 * page (no OFFSET, so a page costs the same at any depth and rows created meanwhile neither repeat nor shift it);
 * `offset` is kept for the old `page` parameter. `more` says whether another page follows. `total` counts the matches up
 * to LIST_COUNT_CAP + 1, never the whole table.
 *
 * A search is a UNION of one index range per field (migration 010): as one OR, SQLite's planner prefers walking the
 * list index in order and testing every row, a scan of the whole table for a rare prefix. Up to SEARCH_PLAN_CAP matches
 * are read that way and sorted; more matches are dense enough that walking the list in order finds a page quickly.
 */
export async function listPayments(
  db: Executor,
  brandId: string,
  filter: PaymentFilter,
  page: { limit: number; after?: ListPosition; offset?: number; oldestFirst?: boolean },
): Promise<{ rows: PaymentRow[]; more: boolean; total: number }> {
  // Oldest first (the approvals queue) walks the same indexes the other way; `after` then means "later than".
  const direction = page.oldestFirst ? 'asc' : 'desc';
  const beyond = page.oldestFirst ? sql`>` : sql`<`;
  const livemode = filter.livemode === false ? 0 : 1;
  const ref = (column: string) => sql.ref(`payments.${column}`);
  const conditions: RawBuilder<boolean>[] = [sql`${ref('brand_id')} = ${brandId}`, sql`${ref('livemode')} = ${livemode}`];
  if (filter.status) conditions.push(sql`${ref('status')} = ${filter.status}`);
  if (filter.method) conditions.push(sql`${ref('payment_method')} = ${filter.method}`);
  if (filter.createdFrom !== undefined) conditions.push(sql`${ref('created_at')} >= ${filter.createdFrom}`);
  if (filter.createdBefore !== undefined) conditions.push(sql`${ref('created_at')} < ${filter.createdBefore}`);
  if (filter.paymentLink !== undefined)
    conditions.push(sql`${ref('id')} in (select payment_id from payment_link_payments where link_id = ${filter.paymentLink})`);
  const where = sql<boolean>`${sql.join(conditions, sql` and `)}`;
  const after = page.after ? sql<boolean>`(${ref('created_at')}, ${ref('id')}) ${beyond} (${page.after.createdAt}, ${page.after.id})` : sql<boolean>`1 = 1`;

  const inRange = (column: (typeof SEARCH_COLUMNS)[number], search: string) => {
    const prefix = sql`lower(cast(${column === 'sender_number' ? phoneSearchPrefix(search) : search} as text))`;
    return sql<boolean>`${lowered(db, column)} >= ${prefix} and ${lowered(db, column)} < ${prefix} || ${TOP}`;
  };

  const countOf = async (from: SelectQueryBuilder<Database, 'payments', object>, cap: number) =>
    Number(
      (
        await db
          .selectFrom(
            from
              .select(sql<number>`1`.as('one'))
              .limit(cap + 1)
              .as('capped'),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  // The rows a page is read from: the brand's list, or (a rare search) its matches joined back to their payments.
  let rows = db.selectFrom('payments').where(where);
  // Whether the count walks the list in order, as the page does: for dense matches. Unordered, SQLite may walk any index
  // starting (brand_id, livemode), such as one whose first half is rows without an order number, testing each (3 s at 10⁶).
  let countInOrder = false;
  if (filter.search) {
    const search = filter.search;
    const branches = SEARCH_COLUMNS.map((column) =>
      db
        .selectFrom('payments')
        .select('payments.id as match_id')
        .where(sql<boolean>`${ref('brand_id')} = ${brandId} and ${ref('livemode')} = ${livemode} and ${inRange(column, search)}`),
    );
    // How dense the matches are, before any filter: UNION ALL streams (a UNION would collect every match first), and a
    // row matching two fields counts twice, which only errs towards the ordered walk.
    const raw = Number(
      (
        await db
          .selectFrom(
            branches
              .reduce((all, one) => all.unionAll(one))
              .limit(SEARCH_PLAN_CAP + 1)
              .as('raw'),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (raw <= SEARCH_PLAN_CAP) {
      // CROSS JOIN fixes SQLite's join order: the matches first (through the search indexes), then their rows.
      const matches = branches.reduce((all, one) => all.union(one));
      const joined = db.selectFrom(matches.as('m')).crossJoin('payments').whereRef('payments.id', '=', 'm.match_id').where(where);
      // Read like the list itself: every column below is qualified with `payments.`, which the join also has.
      rows = joined as unknown as typeof rows;
    } else {
      countInOrder = true;
      rows = rows.where(
        sql<boolean>`(${sql.join(
          SEARCH_COLUMNS.map((column) => sql`(${inRange(column, search)})`),
          sql` or `,
        )})`,
      );
    }
  }
  const total = await countOf(countInOrder ? rows.orderBy('payments.created_at', direction).orderBy('payments.id', direction) : rows, LIST_COUNT_CAP);
  let query = rows
    .selectAll('payments')
    .where(after)
    .orderBy('payments.created_at', direction)
    .orderBy('payments.id', direction)
    .limit(page.limit + 1);
  if (!page.after && page.offset) query = query.offset(page.offset);
  const found = await query.execute();
  return { rows: found.slice(0, page.limit), more: found.length > page.limit, total: Math.min(total, LIST_COUNT_CAP + 1) };
}
