import { Redis } from 'ioredis';

/** The answer for one request: whether it may go on, and what the `RateLimit-*` headers say. */
export type RateDecision = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

/** Per-key requests per minute, in fixed windows aligned to the clock minute (the same windows on every instance). */
export interface KeyRateLimiter {
  hit(keyId: string, limit: number, now: number): Promise<RateDecision>;
  close(): Promise<void>;
}

const WINDOW_MS = 60_000;

function decide(count: number, limit: number, now: number): RateDecision {
  const resetSeconds = Math.max(1, Math.ceil((Math.floor(now / WINDOW_MS) * WINDOW_MS + WINDOW_MS - now) / 1000));
  return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds };
}

/** Without REDIS_URL: each process counts its own requests. */
export class InProcessRateLimiter implements KeyRateLimiter {
  private readonly windows = new Map<string, { window: number; count: number }>();

  async hit(keyId: string, limit: number, now: number): Promise<RateDecision> {
    const window = Math.floor(now / WINDOW_MS);
    let entry = this.windows.get(keyId);
    if (!entry || entry.window !== window) {
      if (this.windows.size > 100_000) this.windows.clear();
      entry = { window, count: 0 };
      this.windows.set(keyId, entry);
    }
    entry.count++;
    return decide(entry.count, limit, now);
  }

  async close(): Promise<void> {}
}

// INCR and the expiry in one atomic step: a window's counter never outlives it, whatever instance created it.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/**
 * With REDIS_URL: one counter per key and minute shared by every instance. Redis being unreachable must never fail the
 * payment API, so a failed count lets the request through (fail open) and is logged, at most once a minute.
 */
export class RedisRateLimiter implements KeyRateLimiter {
  private readonly redis: Redis;
  private lastWarning = 0;

  constructor(
    url: string,
    private readonly log: { warn(obj: object, msg: string): void },
  ) {
    this.redis = new Redis(url, {
      // A command waits for the connection only briefly: while Redis is away, requests fail open instead of queueing.
      maxRetriesPerRequest: 0,
      commandTimeout: 1_000,
      connectTimeout: 2_000,
      lazyConnect: false,
    });
    this.redis.defineCommand('duarRateHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis.on('error', (err: Error) => this.warn(err));
  }

  async hit(keyId: string, limit: number, now: number): Promise<RateDecision> {
    const window = Math.floor(now / WINDOW_MS);
    try {
      const count = Number(await (this.redis as unknown as RateScript).duarRateHit(`duar:rate:${keyId}:${window}`, String(WINDOW_MS + 5_000)));
      return decide(count, limit, now);
    } catch (err) {
      this.warn(err as Error);
      return { allowed: true, limit, remaining: limit, resetSeconds: decide(0, limit, now).resetSeconds };
    }
  }

  private warn(err: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < 60_000) return;
    this.lastWarning = now;
    this.log.warn({ err: { name: err.name, message: err.message } }, 'Redis is unreachable: per-key rate limits are not enforced (requests are let through)');
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

type RateScript = { duarRateHit(key: string, ttlMs: string): Promise<number> };

export function createRateLimiter(redisUrl: string | undefined, log: { warn(obj: object, msg: string): void }): KeyRateLimiter {
  return redisUrl ? new RedisRateLimiter(redisUrl, log) : new InProcessRateLimiter();
}
