import type { Executor } from '../../db/index.js';

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
