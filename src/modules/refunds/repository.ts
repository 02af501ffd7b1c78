import type { Executor } from '../../db/index.js';
import type { RefundsTable } from '../../db/tables/payments.js';

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

export async function updateRefund(db: Executor, id: string, changes: Partial<Omit<RefundRow, 'id'>>, guard: { payout?: string; status?: string } = {}) {
  let query = db.updateTable('refunds').set(changes).where('id', '=', id);
  if (guard.payout) query = query.where('payout', '=', guard.payout);
  if (guard.status) query = query.where('status', '=', guard.status);
  return query.returningAll().executeTakeFirst();
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
