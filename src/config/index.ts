import { z } from 'zod';
import { isIP } from 'node:net';
import { resolve } from 'node:path';

/** The only reader of process.env: every setting is parsed once here, defaults resolved, then frozen. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'PUBLIC_URL must be an http(s) URL such as https://pay.example.com' }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)')
    .optional(),
  DUAR_DATA_DIR: z.string().min(1).default('./data'),
  DUAR_APP_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$|^[0-9a-fA-F]{64}$/, 'DUAR_APP_KEY must be 32 bytes as base64 (44 characters) or hex (64 characters)')
    .optional(),
  TRUST_PROXY: z
    .string()
    .trim()
    .transform((value, ctx): TrustProxy => {
      const parsed = parseTrustProxy(value);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    })
    .default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCESS_LOG: z.enum(['true', 'false']).default('false'),
  SLOW_REQUEST_MS: z.coerce.number().int().min(1).default(1000),
  DUAR_CHECKOUT_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(60 * 24 * 30)
    .default(60 * 24),
  DUAR_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://, such as redis://127.0.0.1:6379')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://, such as smtp://user:password@mail.example.com:587')
    .optional(),
  SMTP_FROM: z.string().min(3).default('Duar <duar@localhost>'),
  METRICS_TOKEN: z.string().trim().min(32, 'METRICS_TOKEN must be at least 32 characters (such as the output of openssl rand -hex 32)').optional(),
  TELEGRAM_API_URL: z
    .url({ protocol: /^https?$/, message: 'TELEGRAM_API_URL must be an http(s) URL such as https://api.telegram.org' })
    .default('https://api.telegram.org'),
  ALERT_BURST_SECONDS: z.coerce.number().int().min(0, 'ALERT_BURST_SECONDS must be 0 or more').max(600, 'ALERT_BURST_SECONDS must be at most 600').default(60),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_EVERY: z
    .string()
    .trim()
    .regex(/^\d+\s*[mhd]$/i, 'BACKUP_EVERY must be a number of minutes, hours or days, such as 30m, 6h or 1d')
    .transform(durationMs)
    .refine((ms) => ms >= 60_000, 'BACKUP_EVERY must be at least 1m')
    .default(24 * 3_600_000),
  BACKUP_KEEP: z.coerce.number().int().min(1, 'BACKUP_KEEP must be at least 1').max(10_000).default(7),
});

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
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
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
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
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
    accessLog: e.ACCESS_LOG === 'true',
    slowRequestMs: e.SLOW_REQUEST_MS,
    checkoutTtlMinutes: e.DUAR_CHECKOUT_TTL_MINUTES,
    webhookAllowPrivate: e.DUAR_WEBHOOK_ALLOW_PRIVATE === 'true',
    redisUrl: e.REDIS_URL,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    metricsToken: e.METRICS_TOKEN,
    telegramApiUrl: e.TELEGRAM_API_URL.replace(/\/+$/, ''),
    alertBurstMs: e.ALERT_BURST_SECONDS * 1000,
    backups: e.BACKUP_DIR ? { dir: resolve(e.BACKUP_DIR), everyMs: e.BACKUP_EVERY, keep: e.BACKUP_KEEP } : null,
  });
}
