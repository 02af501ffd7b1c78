import type { ExpressionBuilder } from '../../db/kysely.js';
import type { Executor } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookSecretsTable } from '../../db/tables/webhooks.js';
import { DELIVERY_TRANSITIONS, type DeliveryTransition } from './states.js';

export type DeliveryRow = WebhookDeliveriesTable;
export type AttemptRow = WebhookAttemptsTable;

export async function insertDelivery(db: Executor, row: DeliveryRow): Promise<void> {
  await db.insertInto('webhook_deliveries').values(row).execute();
}

/**
 * Another delivery of the same payment holds a live lease: it is in flight, and the receiver must see its request
 * answered before the next state of that payment is sent (ADR 021). A superseded delivery keeps its lease until the
 * worker that is sending it records the attempt.
 */
const siblingInFlight = (now: number) => (eb: ExpressionBuilder<Database, 'webhook_deliveries'>) =>
  eb.exists(
    eb
      .selectFrom('webhook_deliveries as sibling')
      .select('sibling.id')
      .whereRef('sibling.payment_id', '=', 'webhook_deliveries.payment_id')
      .whereRef('sibling.id', '<>', 'webhook_deliveries.id')
      .where('sibling.locked_until', '>', now),
  );

/** Candidates for a poll: pending, due, not leased by a live claim, and no other IPN of the payment in flight. */
export async function dueDeliveryIds(db: Executor, now: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', 'in', DELIVERY_TRANSITIONS.claim.from)
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .where((eb) => eb.not(siblingInFlight(now)(eb)))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Guarded claim: the WHERE re-checks that the delivery is still pending (not superseded), due and unleased, and that
 * no other IPN of the payment is in flight, so of two workers (in one or several processes) exactly one changes the
 * row; zero rows means someone else has it. On PostgreSQL the second UPDATE waits on the row lock and then re-evaluates
 * the WHERE against the committed row; SQLite serialises writers. Two pending deliveries of one payment never exist
 * together (queueing one supersedes the others under the payment's row lock), so two workers cannot each claim one.
 */
export async function claimDelivery(db: Executor, id: string, token: string, now: number, leaseUntil: number): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ locked_by: token, locked_until: leaseUntil, attempt_count: eb('attempt_count', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('status', 'in', DELIVERY_TRANSITIONS.claim.from)
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .where((eb) => eb.not(siblingInFlight(now)(eb)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Marks every undelivered (pending) IPN of a payment superseded: a newer state of the payment is being queued, and a
 * merchant must never be told an older state after a newer one. Runs in the transaction that queues the newer IPN.
 */
export async function supersedePending(db: Executor, paymentId: string, now: number): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'superseded', completed_at: now, updated_at: now })
    .where('payment_id', '=', paymentId)
    .where('status', 'in', DELIVERY_TRANSITIONS.supersede.from)
    .execute();
}

export function findClaimedDelivery(db: Executor, id: string, token: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).where('locked_by', '=', token).executeTakeFirst();
}

export async function insertAttempt(db: Executor, row: AttemptRow): Promise<void> {
  await db.insertInto('webhook_attempts').values(row).execute();
}

/** Which transition an attempt's outcome makes, by the status it ends in (webhooks/schedule.ts decides it). */
const RELEASE: Record<'pending' | 'failed' | 'delivered', DeliveryTransition> = { pending: 'retry', failed: 'fail', delivered: 'deliver' };

/**
 * Applies the outcome and releases the lease, only while this claim still holds it. A delivery superseded while in
 * flight stays superseded (never retried) unless this attempt was acknowledged; the attempt's answer is kept either way.
 * 'lost' = the lease had ended and another claim owns the delivery.
 */
export async function releaseDelivery(
  db: Executor,
  id: string,
  token: string,
  changes: Pick<DeliveryRow, 'next_attempt_at' | 'last_error' | 'last_http_status' | 'completed_at' | 'updated_at'> & { status: keyof typeof RELEASE },
): Promise<'released' | 'superseded' | 'lost'> {
  const applied = await db
    .updateTable('webhook_deliveries')
    .set({ ...changes, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', token)
    .where('status', 'in', DELIVERY_TRANSITIONS[RELEASE[changes.status]].from)
    .executeTakeFirst();
  if (Number(applied.numUpdatedRows) === 1) return 'released';
  const kept = await db
    .updateTable('webhook_deliveries')
    .set({ last_error: changes.last_error, last_http_status: changes.last_http_status, updated_at: changes.updated_at, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', token)
    .where('status', 'in', DELIVERY_TRANSITIONS.keep.from)
    .executeTakeFirst();
  return Number(kept.numUpdatedRows) === 1 ? 'superseded' : 'lost';
}

export function listDeliveriesOfPayment(db: Executor, paymentId: string): Promise<DeliveryRow[]> {
  return db.selectFrom('webhook_deliveries').selectAll().where('payment_id', '=', paymentId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export function listAttempts(db: Executor, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('delivery_id').orderBy('attempt_no').execute();
}

/** A brand's deliveries, newest first, with the payment's invoice id (Brand Settings → Webhooks). */
export async function listDeliveriesOfBrand(db: Executor, brandId: string, opts: { status?: DeliveryRow['status']; limit: number; offset: number }) {
  let query = db.selectFrom('webhook_deliveries as d').innerJoin('payments as p', 'p.id', 'd.payment_id').where('d.brand_id', '=', brandId);
  if (opts.status) query = query.where('d.status', '=', opts.status);
  const [rows, count] = await Promise.all([
    query.selectAll('d').select('p.invoice_id').orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(opts.limit).offset(opts.offset).execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findDeliveryOfBrand(db: Executor, brandId: string, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('brand_id', '=', brandId).where('id', '=', id).executeTakeFirst();
}

type SecretRow = WebhookSecretsTable;

export function findSecret(db: Executor, brandId: string): Promise<SecretRow | undefined> {
  return db.selectFrom('webhook_secrets').selectAll().where('brand_id', '=', brandId).executeTakeFirst();
}

/** Insert-or-ignore: of two processes creating a brand's first secret, the first insert wins. */
export async function insertSecretIfAbsent(db: Executor, row: SecretRow): Promise<void> {
  await db
    .insertInto('webhook_secrets')
    .values(row)
    .onConflict((oc) => oc.column('brand_id').doNothing())
    .execute();
}

export async function upsertSecret(db: Executor, row: SecretRow): Promise<void> {
  const { secret_ciphertext, created_at } = row;
  await db
    .insertInto('webhook_secrets')
    .values(row)
    .onConflict((oc) => oc.column('brand_id').doUpdateSet({ secret_ciphertext, created_at }))
    .execute();
}
