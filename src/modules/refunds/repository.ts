import type { Executor } from '../../db/index.js';
import type { RefundsTable } from '../../db/tables/payments.js';
import { PAYOUT_TRANSITIONS, REFUND_TRANSITIONS, type PayoutTransition, type RefundTransition } from './states.js';

export type RefundRow = RefundsTable;

export async function insertRefund(db: Executor, row: RefundRow): Promise<void> {
  await db.insertInto('refunds').values(row).execute();
}

export function listRefunds(db: Executor, paymentId: string): Promise<RefundRow[]> {
  return db.selectFrom('refunds').selectAll().where('payment_id', '=', paymentId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export function findRefund(db: Executor, paymentId: string, id: string): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('payment_id', '=', paymentId).where('id', '=', id).executeTakeFirst();
}

export function findRefundByRequestKey(db: Executor, requestKey: string): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('request_key', '=', requestKey).executeTakeFirst();
}

/** Gateway refunds still `processing` since before `before`: left so by a crash (jobs/recovery.ts). */
export function strandedRefunds(db: Executor, before: number, limit: number): Promise<RefundRow[]> {
  return db.selectFrom('refunds').selectAll().where('status', '=', 'processing').where('updated_at', '<=', before).orderBy('updated_at').limit(limit).execute();
}

type RefundChanges = Partial<Omit<RefundRow, 'id' | 'status' | 'payout'>>;

/**
 * Guarded: changes the refund only while its status (or its payout) is one the named transition may start from
 * (refunds/states.ts); undefined when something else moved it first.
 */
export function updateRefund<T extends RefundTransition>(
  db: Executor,
  id: string,
  changes: RefundChanges & { status: (typeof REFUND_TRANSITIONS)[T]['to'][number] },
  guard: { status: T },
): Promise<RefundRow | undefined>;
export function updateRefund<T extends PayoutTransition>(
  db: Executor,
  id: string,
  changes: RefundChanges & { payout: (typeof PAYOUT_TRANSITIONS)[T]['to'][number] },
  guard: { payout: T },
): Promise<RefundRow | undefined>;
export function updateRefund(
  db: Executor,
  id: string,
  changes: Partial<Omit<RefundRow, 'id'>>,
  guard: { status: RefundTransition } | { payout: PayoutTransition },
) {
  const query = db.updateTable('refunds').set(changes).where('id', '=', id);
  const guarded =
    'status' in guard ? query.where('status', 'in', REFUND_TRANSITIONS[guard.status].from) : query.where('payout', 'in', PAYOUT_TRANSITIONS[guard.payout].from);
  return guarded.returningAll().executeTakeFirst();
}

/** Which of these payments still have a manual refund to pay out by hand. */
export async function paymentsWithPayoutDue(db: Executor, paymentIds: string[]): Promise<Set<string>> {
  if (paymentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('refunds')
    .select('payment_id')
    .distinct()
    .where('payment_id', 'in', paymentIds)
    .where('payout', '=', 'due')
    .where('status', '=', 'succeeded')
    .execute();
  return new Set(rows.map((r) => r.payment_id));
}
