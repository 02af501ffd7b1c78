import { DuarError } from '../../lib/errors.js';

/**
 * Counts failures (bad keys, wrong passwords) per client in a fixed window and blocks a client that has too many.
 * In memory per process: with several instances an attacker gets `limit` tries per instance per window.
 */
export class FailureLimiter {
  private readonly entries = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Seconds until the client may try again, or 0 when it is not blocked. */
  retryAfter(client: string, now = Date.now()): number {
    const entry = this.entries.get(client);
    if (!entry || entry.resetAt <= now) return 0;
    return entry.count >= this.limit ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  fail(client: string, now = Date.now()): void {
    const entry = this.entries.get(client);
    if (!entry || entry.resetAt <= now) {
      if (this.entries.size > 50_000) this.sweep(now);
      this.entries.set(client, { count: 1, resetAt: now + this.windowMs });
    } else {
      entry.count++;
    }
  }

  reset(client: string): void {
    this.entries.delete(client);
  }

  private sweep(now: number): void {
    for (const [client, entry] of this.entries) if (entry.resetAt <= now) this.entries.delete(client);
  }
}

/** What an address over its failure budget is answered on the public API and the device endpoint: 429 with Retry-After. */
export function tooManyFailures(retryAfterSeconds: number): DuarError {
  return new DuarError('too_many_requests', 'Too many failed requests from this address; try again later', { retryAfterSeconds });
}
