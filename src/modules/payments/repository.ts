import { PostgresAdapter, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Executor } from '../../db/index.js';
import { prepared, preparedInsert } from '../../db/prepared.js';
import type { PaymentsTable } from '../../db/tables/payments.js';
import type { MethodId } from '../gateways/types.js';
import { PAYMENT_TRANSITIONS, type PaymentState, type PaymentTarget, type PaymentTransition } from './states.js';

export type PaymentRow = PaymentsTable;

/** Built and compiled once (src/db/prepared.ts): checkout-v2 runs it on every request. */
const insertPaymentRow = preparedInsert('payments', {
  id: true,
  brand_id: true,
  invoice_id: true,
  api_key_id: true,
  variant: true,
  full_name: true,
  email: true,
  amount: true,
  fee: true,
  currency: true,
  exchange_rate: true,
  charged_amount: true,
  fee_bearer: true,
  metadata: true,
  redirect_url: true,
  cancel_url: true,
  return_type: true,
  webhook_url: true,
  status: true,
  payment_method: true,
  sender_number: true,
  transaction_id: true,
  refunded_amount: true,
  created_at: true,
  updated_at: true,
  expires_at: true,
  paid_at: true,
  completed_at: true,
  decided_by: true,
  decision_note: true,
  verification_note: true,
  verification_issue: true,
  verification_sms_amount: true,
  livemode: true,
});

export function insertPayment(db: Executor, row: PaymentRow): Promise<void> {
  return insertPaymentRow(db, row);
}

/** Built and compiled once (src/db/prepared.ts): verify-payment runs it on every request. */
const paymentOfBrandByInvoice = prepared((db: Executor, invoiceId: string, brandId: string) =>
  db.selectFrom('payments').selectAll().where('invoice_id', '=', invoiceId).where('brand_id', '=', brandId),
);

export async function findPaymentByInvoice(db: Executor, invoiceId: string, brandId?: string): Promise<PaymentRow | undefined> {
  if (brandId) return (await paymentOfBrandByInvoice(db, invoiceId, brandId))[0];
  return db.selectFrom('payments').selectAll().where('invoice_id', '=', invoiceId).executeTakeFirst();
}

export function findPaymentById(db: Executor, id: string, brandId: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', id).where('brand_id', '=', brandId).executeTakeFirst();
}

export function findPaymentsByTransaction(db: Executor, brandId: string, transactionId: string, method?: MethodId, livemode?: boolean): Promise<PaymentRow[]> {
  let query = db.selectFrom('payments').selectAll().where('brand_id', '=', brandId).where('transaction_id', '=', transactionId);
  if (livemode !== undefined) query = query.where('livemode', '=', livemode ? 1 : 0);
  if (method) query = query.where('payment_method', '=', method);
  return query.limit(5).execute();
}

/**
 * Guarded transition: changes the payment only if it is still in a state `transition` may start from
 * (PAYMENT_TRANSITIONS), for `unexpiredAt` not past its expiry, and for `agreeing` with no verification note. Returns the updated row, or undefined when another
 * request moved it first.
 */
export function transitionPayment<T extends PaymentTransition>(
  db: Executor,
  id: string,
  transition: T,
  changes: Partial<Omit<PaymentRow, 'id' | 'brand_id' | 'invoice_id' | 'status'>> & { status: PaymentTarget<T>; updated_at: number },
  guard: { unexpiredAt?: number; expiredAt?: number; agreeing?: boolean } = {},
): Promise<PaymentRow | undefined> {
  let query = db.updateTable('payments').set(changes).where('id', '=', id).where('status', 'in', PAYMENT_TRANSITIONS[transition].from);
  if (guard.unexpiredAt !== undefined) query = query.where('expires_at', '>', guard.unexpiredAt);
  if (guard.expiredAt !== undefined) query = query.where('expires_at', '<=', guard.expiredAt);
  // No forwarded SMS disagrees with it (an unconfirmed approval, docs/decisions/061-approving-a-mismatch.md).
  if (guard.agreeing) query = query.where('verification_note', 'is', null);
  return query.returningAll().executeTakeFirst();
}

/**
 * Takes the payment's row lock for the rest of the transaction (a no-op UPDATE, the same on SQLite and PostgreSQL) and
 * returns the row as committed now. Used where an IPN is queued without a status change, so it carries the current state
 * and is ordered after any concurrent status change's IPN (ADR 021).
 */
export function lockPayment(db: Executor, id: string): Promise<PaymentRow | undefined> {
  return db
    .updateTable('payments')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Marks every unpaid checkout of a brand that is past its expiry as expired (one statement, cheap with the status index). */
export async function expireDue(db: Executor, brandId: string, now: number): Promise<void> {
  await db
    .updateTable('payments')
    .set({ status: 'expired', updated_at: now })
    .where('brand_id', '=', brandId)
    .where('status', 'in', PAYMENT_TRANSITIONS.expire.from)
    .where('expires_at', '<=', now)
    .execute();
}

/**
 * Adds `amount` to the refunded total only while the invariant holds: the payment is refundable and the new total
 * stays within what the customer paid (`charged_amount`, BDT). The status follows in the same statement. Zero rows = a concurrent refund won.
 */
export function addRefunded(db: Executor, id: string, amount: number, now: number): Promise<PaymentRow | undefined> {
  return db
    .updateTable('payments')
    .set({
      refunded_amount: sql<number>`refunded_amount + ${amount}`,
      status: sql<PaymentTarget<'refund'>>`CASE WHEN refunded_amount + ${amount} >= charged_amount THEN 'refunded' ELSE 'partially_refunded' END`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', 'in', PAYMENT_TRANSITIONS.refund.from)
    .where(sql<boolean>`refunded_amount + ${amount} <= charged_amount`)
    .returningAll()
    .executeTakeFirst();
}

/** Gives back a reservation made by addRefunded when the gateway refused the refund. */
export async function releaseRefunded(db: Executor, id: string, amount: number, now: number): Promise<void> {
  await db
    .updateTable('payments')
    .set({
      refunded_amount: sql<number>`refunded_amount - ${amount}`,
      status: sql<PaymentTarget<'release'>>`CASE WHEN refunded_amount - ${amount} <= 0 THEN 'completed' ELSE 'partially_refunded' END`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', 'in', PAYMENT_TRANSITIONS.release.from)
    .where('refunded_amount', '>=', amount)
    .execute();
}

/** Claims a (method, TrxID) pair for a payment; false when another payment already holds it (primary key). */
export async function claimTransaction(db: Executor, method: MethodId, transactionId: string, paymentId: string, now: number): Promise<boolean> {
  const result = await db
    .insertInto('transaction_claims')
    .values({ payment_method: method, transaction_id: transactionId, payment_id: paymentId, created_at: now })
    .onConflict((oc) => oc.columns(['payment_method', 'transaction_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function releaseTransactionClaims(db: Executor, paymentId: string): Promise<void> {
  await db.deleteFrom('transaction_claims').where('payment_id', '=', paymentId).execute();
}

export type PaymentFilter = {
  status?: PaymentState;
  method?: MethodId;
  createdFrom?: number;
  createdBefore?: number;
  search?: string;
  livemode?: boolean;
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

/** The fields a search matches, each by case-insensitive prefix through its index (migration 010). */
const SEARCH_COLUMNS = ['invoice_id', 'transaction_id', 'email', 'full_name', 'sender_number'] as const;

/** Sorts after every character, so `lower(x) >= p AND lower(x) < p || TOP` is "starts with p" as an index range. */
const TOP = '\u{10FFFF}';

/**
 * `lower(column)` as migration 010 indexes it: PostgreSQL in the "C" collation (code point order, like SQLite's default),
 * so the prefix range is both correct and served by the index whatever the database's locale.
 */
function lowered(db: Executor, column: (typeof SEARCH_COLUMNS)[number]) {
  return db.getExecutor().adapter instanceof PostgresAdapter ? sql`lower(${sql.ref(column)}) COLLATE "C"` : sql`lower(${sql.ref(column)})`;
}

/** A sender number typed the way wallets show it (+8801…, 8801…) is stored as 01…. */
function senderPrefix(search: string): string {
  return /^\+?8801\d*$/.test(search) ? search.slice(search.indexOf('01')) : search;
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
  const where = sql<boolean>`${sql.join(conditions, sql` and `)}`;
  const after = page.after ? sql<boolean>`(${ref('created_at')}, ${ref('id')}) ${beyond} (${page.after.createdAt}, ${page.after.id})` : sql<boolean>`1 = 1`;

  const inRange = (column: (typeof SEARCH_COLUMNS)[number], search: string) => {
    const prefix = sql`lower(cast(${column === 'sender_number' ? senderPrefix(search) : search} as text))`;
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
      rows = rows.where(
        sql<boolean>`(${sql.join(
          SEARCH_COLUMNS.map((column) => sql`(${inRange(column, search)})`),
          sql` or `,
        )})`,
      );
    }
  }
  const total = await countOf(rows, LIST_COUNT_CAP);
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

/** An Idempotency-Key of an API key (payments/idempotency.ts holds the rules). */
export type IdempotencyScope = { apiKeyId: string; key: string };

/** Deletes the key's record if it was made at or before `cutoff` (its window is over). */
export async function deleteIdempotencyKeyMadeBy(db: Executor, scope: IdempotencyScope, cutoff: number): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('api_key_id', '=', scope.apiKeyId)
    .where('idempotency_key', '=', scope.key)
    .where('created_at', '<=', cutoff)
    .execute();
}

/** Inserts an `in_progress` claim; false when the key already has a record (primary key). */
export async function insertIdempotencyClaim(db: Executor, scope: IdempotencyScope & { digest: string }, now: number): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      api_key_id: scope.apiKeyId,
      idempotency_key: scope.key,
      request_digest: scope.digest,
      state: 'in_progress',
      response_status: null,
      response_body: null,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['api_key_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function findIdempotencyKey(db: Executor, scope: IdempotencyScope) {
  return db.selectFrom('idempotency_keys').selectAll().where('api_key_id', '=', scope.apiKeyId).where('idempotency_key', '=', scope.key).executeTakeFirst();
}

/** Moves an `in_progress` claim made at `claimedAt` to `now`; false when it is no longer that claim. */
export async function takeOverIdempotencyClaim(db: Executor, scope: IdempotencyScope, claimedAt: number, now: number): Promise<boolean> {
  const taken = await db
    .updateTable('idempotency_keys')
    .set({ created_at: now })
    .where('api_key_id', '=', scope.apiKeyId)
    .where('idempotency_key', '=', scope.key)
    .where('state', '=', 'in_progress')
    .where('created_at', '=', claimedAt)
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) > 0;
}

/** Deletes the `in_progress` claim made at `claimedAt` (its work failed). */
export async function deleteIdempotencyClaim(db: Executor, scope: IdempotencyScope, claimedAt: number): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('api_key_id', '=', scope.apiKeyId)
    .where('idempotency_key', '=', scope.key)
    .where('state', '=', 'in_progress')
    .where('created_at', '=', claimedAt)
    .execute();
}

/** Stores the answer of the `in_progress` claim made at `claimedAt` and marks it done. */
export async function finishIdempotencyClaim(
  db: Executor,
  scope: IdempotencyScope,
  claimedAt: number,
  response: { status: number; body: string },
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ state: 'done', response_status: response.status, response_body: response.body })
    .where('api_key_id', '=', scope.apiKeyId)
    .where('idempotency_key', '=', scope.key)
    .where('state', '=', 'in_progress')
    .where('created_at', '=', claimedAt)
    .execute();
}

/** Deletes `in_progress` claims made at or before `cutoff`; the number deleted. */
export async function deleteIdempotencyClaimsMadeBy(db: Executor, cutoff: number): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('state', '=', 'in_progress').where('created_at', '<=', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes every record made at or before `cutoff`, claims and answers alike; the number deleted. */
export async function deleteIdempotencyKeysMadeBy(db: Executor, cutoff: number): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<=', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
