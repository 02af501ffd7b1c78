import { isIP } from 'node:net';
import { resolve } from 'node:path';

/**
 * The only reader of process.env: every setting is read once here, defaults resolved, then frozen. Each setting has one
 * reader below that returns its value or refuses it with a message naming it; an unset or empty variable takes the
 * default. Plain functions rather than a zod schema: every process start and every `duar` command reads the settings,
 * and zod cost a third of a `duar keys list` (ADR 043).
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A setting's value refused, with the message loadConfig lists under its name. */
class Refusal extends Error {}
const refuse = (message: string): never => {
  throw new Refusal(message);
};

/** A whole number from `min` to `max`, written as Number() reads it (`8080`, ` 8080 `, `1e3`). */
const int =
  (name: string, min: number, max = Number.MAX_SAFE_INTEGER, tooSmall = `${name} must be at least ${min}`) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) refuse(`${name} must be a whole number, such as ${Math.max(min, 1)}`);
    if (n < min) refuse(tooSmall);
    if (n > max) refuse(`${name} must be at most ${max}`);
    return n;
  };

/** One of `options`, as written. */
const oneOf =
  <T extends string>(name: string, options: readonly T[]) =>
  (value: string): T =>
    options.includes(value as T) ? (value as T) : refuse(`${name} must be one of ${options.join(', ')}`);

/** `true` or `false`. */
const flag = (name: string) => (value: string) => oneOf(name, ['true', 'false'])(value) === 'true';

/** Text matching `pattern`, as written. */
const matching = (pattern: RegExp, message: string) => (value: string) => (pattern.test(value) ? value : refuse(message));

/** An http(s) URL with its `//` (`http:example.com` is refused), trimmed, without the tabs and line breaks URL() skips. */
const httpUrl = (message: string) => (value: string) => {
  const url = value.trim();
  return /^https?:\/\//i.test(url) && URL.canParse(url) ? url.replace(/[\t\n\r]/g, '') : refuse(message);
};

const text = (value: string) => value;

export type Config = Readonly<{
  port: number;
  host: string;
  publicUrl: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  dataDir: string;
  appKey: string | undefined;
  /**
   * Which X-Forwarded-For entries name the client: none (false), the last `n` hops, or those added by the listed proxy
   * addresses/CIDRs. Never "every hop": a client writes the leftmost entries itself.
   */
  trustProxy: TrustProxy;
  logLevel: (typeof LOG_LEVELS)[number];
  /** A line per request (method, path, status, time) at info; off by default. Errors and slow requests are logged either way. */
  accessLog: boolean;
  /** A request taking longer than this is logged (warn) even without the access log. */
  slowRequestMs: number;
  checkoutTtlMinutes: number;
  /** Lets IPN deliveries reach loopback and private addresses (tests and single-host installs). Link-local is always refused. */
  webhookAllowPrivate: boolean;
  /** Shares per-key rate limits between instances; unset = each process counts alone. */
  redisUrl: string | undefined;
  /** Where expiry reminders are sent through; unset = no email (logged at start). */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** Lets GET /metrics answer `Authorization: Bearer <token>` from anywhere; without it only direct loopback requests. */
  metricsToken: string | undefined;
  /** The Bot API base URL Telegram alerts are sent through (a proxy, or a stand-in in tests); no trailing slash. */
  telegramApiUrl: string;
  /** Alerts of one event for one channel within this long of the first become one message; 0 = each alone, at once. */
  alertBurstMs: number;
  /** Scheduled copies of the SQLite database (jobs/backups.ts); null = none. */
  backups: { dir: string; everyMs: number; keep: number } | null;
}>;

export class ConfigError extends Error {}

/** As Fastify's `trustProxy` takes it: false, a hop count, or proxy addresses and CIDR ranges. */
export type TrustProxy = false | number | string[];

const TRUST_PROXY_HELP =
  'TRUST_PROXY must be false, the number of proxies in front of Duar (such as 1), or their addresses/CIDRs separated by commas (such as 10.0.0.0/8,127.0.0.1)';

/** The setting, or a message saying why it is refused. `true` is refused: it would let any client name its own address. */
export function parseTrustProxy(value: string): TrustProxy | string {
  const v = value.toLowerCase();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true') {
    return `TRUST_PROXY=true would trust every X-Forwarded-For entry, and clients write those themselves; ${TRUST_PROXY_HELP.replace('TRUST_PROXY must be', 'set it to')}`;
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return hops <= 20 ? hops : `${TRUST_PROXY_HELP} (a hop count above 20 is not a real proxy chain)`;
  }
  const entries = v.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined) return `${TRUST_PROXY_HELP}; "${bad}" is not an IP address or CIDR range`;
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30m`, `6h`, `1d` → milliseconds (the format is checked before). */
function durationMs(value: string): number {
  const unit = value.slice(-1).toLowerCase() as keyof typeof UNIT_MS;
  return Number.parseInt(value, 10) * UNIT_MS[unit];
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const refused: string[] = [];
  /** The setting as `reader` reads it, or `fallback` when it is unset or empty; a refused one is listed, then thrown. */
  const read = <T>(name: string, reader: (value: string) => T, fallback: T): T => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    try {
      return reader(value);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      refused.push(`  ${name}: ${err.message}`);
      return fallback;
    }
  };
  const e = {
    PORT: read('PORT', int('PORT', 0, 65535), 3000),
    HOST: read('HOST', text, '127.0.0.1'),
    PUBLIC_URL: read('PUBLIC_URL', httpUrl('PUBLIC_URL must be an http(s) URL such as https://pay.example.com'), undefined),
    DATABASE_URL: read(
      'DATABASE_URL',
      matching(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)'),
      undefined,
    ),
    DUAR_DATA_DIR: read('DUAR_DATA_DIR', text, './data'),
    DUAR_APP_KEY: read(
      'DUAR_APP_KEY',
      matching(/^[A-Za-z0-9+/]{43}=$|^[0-9a-fA-F]{64}$/, 'DUAR_APP_KEY must be 32 bytes as base64 (44 characters) or hex (64 characters)'),
      undefined,
    ),
    TRUST_PROXY: read(
      'TRUST_PROXY',
      (value): TrustProxy => {
        const parsed = parseTrustProxy(value.trim());
        return typeof parsed === 'string' ? refuse(parsed) : parsed;
      },
      false,
    ),
    LOG_LEVEL: read('LOG_LEVEL', oneOf('LOG_LEVEL', LOG_LEVELS), 'info'),
    ACCESS_LOG: read('ACCESS_LOG', flag('ACCESS_LOG'), false),
    SLOW_REQUEST_MS: read('SLOW_REQUEST_MS', int('SLOW_REQUEST_MS', 1), 1000),
    DUAR_CHECKOUT_TTL_MINUTES: read('DUAR_CHECKOUT_TTL_MINUTES', int('DUAR_CHECKOUT_TTL_MINUTES', 5, 60 * 24 * 30), 60 * 24),
    DUAR_WEBHOOK_ALLOW_PRIVATE: read('DUAR_WEBHOOK_ALLOW_PRIVATE', flag('DUAR_WEBHOOK_ALLOW_PRIVATE'), false),
    REDIS_URL: read('REDIS_URL', matching(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://, such as redis://127.0.0.1:6379'), undefined),
    SMTP_URL: read(
      'SMTP_URL',
      matching(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://, such as smtp://user:password@mail.example.com:587'),
      undefined,
    ),
    SMTP_FROM: read(
      'SMTP_FROM',
      (value) => (value.length >= 3 ? value : refuse('SMTP_FROM must be at least 3 characters, such as Duar <duar@example.com>')),
      'Duar <duar@localhost>',
    ),
    METRICS_TOKEN: read(
      'METRICS_TOKEN',
      (value) => {
        const token = value.trim();
        return token.length >= 32 ? token : refuse('METRICS_TOKEN must be at least 32 characters (such as the output of openssl rand -hex 32)');
      },
      undefined,
    ),
    TELEGRAM_API_URL: read('TELEGRAM_API_URL', httpUrl('TELEGRAM_API_URL must be an http(s) URL such as https://api.telegram.org'), 'https://api.telegram.org'),
    ALERT_BURST_SECONDS: read('ALERT_BURST_SECONDS', int('ALERT_BURST_SECONDS', 0, 600, 'ALERT_BURST_SECONDS must be 0 or more'), 60),
    BACKUP_DIR: read('BACKUP_DIR', text, undefined),
    BACKUP_EVERY: read(
      'BACKUP_EVERY',
      (value) => {
        const every = value.trim();
        if (!/^\d+\s*[mhd]$/i.test(every)) refuse('BACKUP_EVERY must be a number of minutes, hours or days, such as 30m, 6h or 1d');
        const ms = durationMs(every);
        return ms >= 60_000 ? ms : refuse('BACKUP_EVERY must be at least 1m');
      },
      24 * 3_600_000,
    ),
    BACKUP_KEEP: read('BACKUP_KEEP', int('BACKUP_KEEP', 1, 10_000), 7),
  };
  if (refused.length > 0) throw new ConfigError(`Invalid settings:\n${refused.join('\n')}`);
  if (e.BACKUP_DIR && e.DATABASE_URL) {
    throw new ConfigError(
      'Invalid settings:\n  BACKUP_DIR: scheduled backups copy the embedded SQLite database; with DATABASE_URL back up PostgreSQL with pg_dump (docs/operations.md)',
    );
  }
  const dataDir = resolve(e.DUAR_DATA_DIR);
  const publicHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://${publicHost}:${e.PORT}`).replace(/\/+$/, ''),
    database: e.DATABASE_URL ? ({ kind: 'postgres', url: e.DATABASE_URL } as const) : ({ kind: 'sqlite', file: resolve(dataDir, 'duar.sqlite') } as const),
    dataDir,
    appKey: e.DUAR_APP_KEY,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    accessLog: e.ACCESS_LOG,
    slowRequestMs: e.SLOW_REQUEST_MS,
    checkoutTtlMinutes: e.DUAR_CHECKOUT_TTL_MINUTES,
    webhookAllowPrivate: e.DUAR_WEBHOOK_ALLOW_PRIVATE,
    redisUrl: e.REDIS_URL,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    metricsToken: e.METRICS_TOKEN,
    telegramApiUrl: e.TELEGRAM_API_URL.replace(/\/+$/, ''),
    alertBurstMs: e.ALERT_BURST_SECONDS * 1000,
    backups: e.BACKUP_DIR ? { dir: resolve(e.BACKUP_DIR), everyMs: e.BACKUP_EVERY, keep: e.BACKUP_KEEP } : null,
  });
}
