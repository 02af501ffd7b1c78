import { createHash } from 'node:crypto';
import type { Db } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';

/** How long a stored response answers repeats of the same Idempotency-Key. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
const WAIT_STEP_MS = 25;
const WAIT_LIMIT_MS = 10_000;

export type StoredResponse = { status: number; body: unknown };

/** Canonical JSON (sorted keys), so the same body sent with another key order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestDigest(operation: string, body: unknown): string {
  return createHash('sha256').update(`${operation}\n${canonical(body)}`).digest('hex');
}

/** Printable ASCII, 1–255 characters (Stripe's and the IETF draft's practice). */
export function parseIdempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^[\x21-\x7e]{1,255}$/.test(value.trim())) {
    throw new DuarError('invalid_request', 'Idempotency-Key must be 1–255 printable ASCII characters', { field: 'Idempotency-Key' });
  }
  return value.trim();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `execute` at most once per (API key, Idempotency-Key) within 24 h. The claim is a row inserted before the work
 * (primary key = the race guard on both dialects); a repeat with the same body gets the stored response, a repeat
 * with another body is refused, and a repeat that arrives while the first is still running waits for its answer.
 * A failed first attempt releases the claim, so the client can retry it.
 */
export async function withIdempotency(
  db: Db,
  scope: { apiKeyId: string; key: string; digest: string },
  execute: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  const started = Date.now();
  for (;;) {
    const now = Date.now();
    await db
      .deleteFrom('idempotency_keys')
      .where('api_key_id', '=', scope.apiKeyId)
      .where('idempotency_key', '=', scope.key)
      .where('created_at', '<=', now - IDEMPOTENCY_WINDOW_MS)
      .execute();
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ api_key_id: scope.apiKeyId, idempotency_key: scope.key, request_digest: scope.digest, state: 'in_progress', response_status: null, response_body: null, created_at: now })
      .onConflict((oc) => oc.columns(['api_key_id', 'idempotency_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
      let response: StoredResponse;
      try {
        response = await execute();
      } catch (err) {
        await release(db, scope);
        throw err;
      }
      await db
        .updateTable('idempotency_keys')
        .set({ state: 'done', response_status: response.status, response_body: JSON.stringify(response.body) })
        .where('api_key_id', '=', scope.apiKeyId)
        .where('idempotency_key', '=', scope.key)
        .execute();
      return { ...response, replayed: false };
    }

    const existing = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('api_key_id', '=', scope.apiKeyId)
      .where('idempotency_key', '=', scope.key)
      .executeTakeFirst();
    if (!existing) continue; // the first attempt failed and released the key: try to claim it
    if (existing.request_digest !== scope.digest) {
      throw new DuarError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request body; use a new key for a new request', {
        field: 'Idempotency-Key',
      });
    }
    if (existing.state === 'done') {
      return { status: existing.response_status ?? 200, body: JSON.parse(existing.response_body ?? 'null'), replayed: true };
    }
    if (Date.now() - started > WAIT_LIMIT_MS) {
      throw new DuarError('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry in a moment', { field: 'Idempotency-Key' });
    }
    await sleep(WAIT_STEP_MS);
  }
}

async function release(db: Db, scope: { apiKeyId: string; key: string }): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('api_key_id', '=', scope.apiKeyId)
    .where('idempotency_key', '=', scope.key)
    .where('state', '=', 'in_progress')
    .execute();
}
