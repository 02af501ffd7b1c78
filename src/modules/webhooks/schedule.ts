import type { AttemptOutcome } from './states.js';

/** Retry policy of IPN deliveries (ADR 020). */
export const RETRY = {
  /** First retry after ~30 s, doubling… */
  baseDelayMs: 30_000,
  /** …up to one hour between attempts. */
  maxDelayMs: 60 * 60_000,
  /** ±20 % so receivers that came back are not hit by every queued delivery at the same second. */
  jitter: 0.2,
  /** Retried until acknowledged for at least this long after the delivery was stored, then marked failed. */
  retryWindowMs: 24 * 60 * 60_000,
} as const;

export type RetryPolicy = { baseDelayMs: number; maxDelayMs: number; jitter: number; retryWindowMs: number };

/** Delay before attempt `attemptNo + 1`, after attempt `attemptNo` (1-based) failed: capped exponential, with jitter. */
export function retryDelayMs(attemptNo: number, random: number = Math.random(), policy: RetryPolicy = RETRY): number {
  const exponential = policy.baseDelayMs * 2 ** Math.min(Math.max(attemptNo - 1, 0), 30);
  const capped = Math.min(exponential, policy.maxDelayMs);
  const jittered = capped * (1 - policy.jitter + 2 * policy.jitter * random);
  return Math.round(Math.min(jittered, policy.maxDelayMs));
}

export type NextStep = { status: 'delivered' } | { status: 'failed'; reason: string } | { status: 'pending'; nextAttemptAt: number };

/** Pure decision after an attempt; the worker applies it with a guarded UPDATE. */
export function nextStep(
  input: { outcome: AttemptOutcome; attemptNo: number; createdAt: number; now: number; random?: number },
  policy: RetryPolicy = RETRY,
): NextStep {
  switch (input.outcome) {
    case 'acknowledged':
      return { status: 'delivered' };
    case 'refused':
      // The address rule will not change by retrying; retrying would only hammer the guard.
      return { status: 'failed', reason: 'the webhook URL is refused' };
    case 'http_error':
    case 'timeout':
    case 'network_error':
      if (input.now - input.createdAt >= policy.retryWindowMs) return { status: 'failed', reason: 'no 2xx answer within the retry window' };
      return { status: 'pending', nextAttemptAt: input.now + retryDelayMs(input.attemptNo, input.random, policy) };
  }
}

/**
 * A delivery as it enters an outbox (IPN deliveries here, alert deliveries in modules/alerts/service.ts): pending, due
 * now, never tried, unclaimed. Both workers claim, retry with the policy above and finish rows of this shape.
 */
export function newDeliveryState(now: number) {
  return {
    status: 'pending',
    attempt_count: 0,
    next_attempt_at: now,
    locked_until: null,
    locked_by: null,
    last_error: null,
    last_http_status: null,
    created_at: now,
    updated_at: now,
    completed_at: null,
  } as const;
}
