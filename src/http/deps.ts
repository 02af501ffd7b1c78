/**
 * What every route and plugin under `src/http/` is built with. It lives here, not in `src/app.ts` (which builds it),
 * so the routes do not import the file that imports them.
 */
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { LastUseRecorder } from '../modules/api-keys/authenticate.js';
import type { KeyRateLimiter } from '../modules/api-keys/rate-limit.js';
import type { UsageCounter } from '../modules/api-keys/usage.js';
import type { Mailer } from '../modules/mail/mailer.js';
import type { FailureLimiter } from './plugins/failure-limiter.js';
import type { Metrics } from './plugins/metrics.js';

export type AppDeps = {
  config: Config;
  db: Db;
  appKey: Buffer;
  /** Failed public-API authentications per client address. */
  limiter: FailureLimiter;
  /** Failed sign-ins and setup attempts per address (and email). */
  signInLimiter: FailureLimiter;
  /** Password reset requests per address and per email, counted whether or not the email exists. */
  resetLimiter: FailureLimiter;
  /** Invitations and password reset links go out through SMTP_URL; null without it. */
  mailer: Mailer | null;
  lastUse: LastUseRecorder;
  /** Per-key requests per minute: Redis with REDIS_URL, else in process. */
  rateLimiter: KeyRateLimiter;
  /** Per-key daily request counts, flushed in batches. */
  usage: UsageCounter;
  /** Counted for GET /metrics (http/plugins/metrics.ts). */
  metrics: Metrics;
  /** The clock key checks run on (grace periods, expiry, rate windows); tests move it. */
  now: () => number;
};
