import type { Executor } from '../../db/index.js';
import type { WebhookAttemptsTable, WebhookDeliveriesTable } from '../../db/tables/webhooks.js';

export type DeliveryRow = WebhookDeliveriesTable;
export type AttemptRow = WebhookAttemptsTable;

export async function insertDelivery(db: Executor, row: DeliveryRow): Promise<void> {
  await db.insertInto('webhook_deliveries').values(row).execute();
}

/** Candidates for a poll: pending, due, and not leased by a live claim. Claiming is what decides who sends. */
export async function dueDeliveryIds(db: Executor, now: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Guarded claim: the WHERE re-checks that the delivery is still pending, due and unleased, so of two workers (in one
 * or several processes) exactly one changes the row; zero rows means someone else has it. On PostgreSQL the second
 * UPDATE waits on the row lock and then re-evaluates the WHERE against the committed row; SQLite serialises writers.
 */
export async function claimDelivery(db: Executor, id: string, token: string, now: number, leaseUntil: number): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ locked_by: token, locked_until: leaseUntil, attempt_count: eb('attempt_count', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function findClaimedDelivery(db: Executor, id: string, token: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).where('locked_by', '=', token).executeTakeFirst();
}

export async function insertAttempt(db: Executor, row: AttemptRow): Promise<void> {
  await db.insertInto('webhook_attempts').values(row).execute();
}

/** Applies the outcome and releases the lease, only while this claim still holds it (0 = the lease was lost). */
export async function releaseDelivery(
  db: Executor,
  id: string,
  token: string,
  changes: Pick<DeliveryRow, 'status' | 'next_attempt_at' | 'last_error' | 'last_http_status' | 'completed_at' | 'updated_at'>,
): Promise<number> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ ...changes, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function listDeliveriesOfPayment(db: Executor, paymentId: string): Promise<DeliveryRow[]> {
  return db.selectFrom('webhook_deliveries').selectAll().where('payment_id', '=', paymentId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export function listAttempts(db: Executor, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('delivery_id').orderBy('attempt_no').execute();
}

/**
 * The key whose value the IPN header carries for a payment created with `apiKeyId`: that key, or, once it was rolled
 * and its successor has made its first authenticated request, the successor (following later rolls the same way), so
 * a merchant who switched the shop to the new key gets IPNs with the key the shop now expects.
 */
export async function findApiKeyCiphertext(db: Executor, apiKeyId: string): Promise<{ id: string; key_ciphertext: string } | undefined> {
  let current = await db.selectFrom('api_keys').select(['id', 'key_ciphertext', 'rolled_to_id']).where('id', '=', apiKeyId).executeTakeFirst();
  for (let hops = 0; current?.rolled_to_id && hops < 50; hops++) {
    const next = await db
      .selectFrom('api_keys')
      .select(['id', 'key_ciphertext', 'rolled_to_id', 'first_used_at'])
      .where('id', '=', current.rolled_to_id)
      .executeTakeFirst();
    if (!next || next.first_used_at === null) break;
    current = next;
  }
  return current && { id: current.id, key_ciphertext: current.key_ciphertext };
}
