import { createHash } from 'node:crypto';
import type { Db } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import * as repo from './idempotency-repository.js';

/** How long a stored response answers repeats of the same Idempotency-Key. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/**
 * How long an `in_progress` claim holds its key. A request that died (process killed, connection lost mid-work) never
 * finishes its claim; after the lease a repeat takes the claim over instead of being refused for the whole window.
 * Far above any request's normal run time (checkout and refund answer in milliseconds; a gateway call has its own
 * timeout below this), so a live request is not overtaken. See docs/decisions/014-leases-and-reconciliation.md.
 */
export const IDEMPOTENCY_LEASE_MS = 30_000;
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
  return createHash('sha256')
    .update(`${operation}\n${canonical(body)}`)
    .digest('hex');
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

export type IdempotencyOptions = {
  /** The claim clock (lease and window); tests move it forward instead of waiting. */
  now?: () => number;
  /** How long a repeat waits for a live claim before 409; tests shorten it. */
  waitLimitMs?: number;
};

/**
 * Runs `execute` at most once per (API key, Idempotency-Key) within 24 h. The claim is a row inserted before the work
 * (primary key = the race guard on both dialects); a repeat with the same body gets the stored response, a repeat
 * with another body is refused, and a repeat that arrives while the first is still running waits for its answer.
 * A failed first attempt releases the claim, so the client can retry it; a claim whose request died is taken over
 * once its lease has run out (guarded UPDATE on the claim time, so one repeat wins). Work that must not run twice even
 * then (a refund) carries its own guard: see refunds/service.ts `requestKey`.
 */
export async function withIdempotency(
  db: Db,
  scope: { apiKeyId: string; key: string; digest: string },
  execute: () => Promise<StoredResponse>,
  options: IdempotencyOptions = {},
): Promise<StoredResponse & { replayed: boolean }> {
  const clock = options.now ?? Date.now;
  const waitLimitMs = options.waitLimitMs ?? WAIT_LIMIT_MS;
  const started = Date.now();
  for (;;) {
    const now = clock();
    await repo.deleteIdempotencyKeyMadeBy(db, scope, now - IDEMPOTENCY_WINDOW_MS);
    if (await repo.insertIdempotencyClaim(db, scope, now)) return { ...(await runClaimed(db, scope, now, execute)), replayed: false };

    const existing = await repo.findIdempotencyKey(db, scope);
    if (!existing) continue; // the first attempt failed and released the key: try to claim it
    if (existing.request_digest !== scope.digest) {
      throw new DuarError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request body; use a new key for a new request', {
        field: 'Idempotency-Key',
      });
    }
    if (existing.state === 'done') {
      return { status: existing.response_status ?? 200, body: JSON.parse(existing.response_body ?? 'null'), replayed: true };
    }
    if (Number(existing.created_at) <= now - IDEMPOTENCY_LEASE_MS) {
      // The claim's request died: take it over (the claim time is the guard, so of several repeats one wins).
      if (await repo.takeOverIdempotencyClaim(db, scope, existing.created_at, now)) return { ...(await runClaimed(db, scope, now, execute)), replayed: false };
      continue;
    }
    if (Date.now() - started > waitLimitMs) {
      throw new DuarError('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry in a moment', {
        field: 'Idempotency-Key',
      });
    }
    await sleep(WAIT_STEP_MS);
  }
}

/** Runs the work under a claim made at `claimedAt`; the claim time guards the writes, so a request that outlived its lease cannot overwrite its successor's claim. */
async function runClaimed(db: Db, scope: repo.IdempotencyScope, claimedAt: number, execute: () => Promise<StoredResponse>): Promise<StoredResponse> {
  let response: StoredResponse;
  try {
    response = await execute();
  } catch (err) {
    await repo.deleteIdempotencyClaim(db, scope, claimedAt);
    throw err;
  }
  await repo.finishIdempotencyClaim(db, scope, claimedAt, { status: response.status, body: JSON.stringify(response.body) });
  return response;
}

/** Ends claims whose lease ran out (their requests died), so nothing stays `in_progress`; run by jobs/recovery.ts. */
export async function releaseExpiredClaims(db: Db, now: number): Promise<number> {
  return repo.deleteIdempotencyClaimsMadeBy(db, now - IDEMPOTENCY_LEASE_MS);
}

/** Deletes records past their 24 h window, claims and answers alike; run hourly by jobs/housekeeping.ts. */
export async function purgeIdempotencyKeys(db: Db, now: number): Promise<number> {
  return repo.deleteIdempotencyKeysMadeBy(db, now - IDEMPOTENCY_WINDOW_MS);
}
