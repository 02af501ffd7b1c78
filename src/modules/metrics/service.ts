import type { Db } from '../../db/index.js';
import { pendingMigrations } from '../../db/migrate.js';
import type { PaymentState } from '../payments/states.js';
import * as repo from './repository.js';

/** Payment states a payment may still leave: these are counted whole; the others only over the last day. */
const OPEN_STATES: readonly PaymentState[] = ['initiated', 'pending'];
const DAY_MS = 24 * 3_600_000;

type Queue = { depth: number; oldestAgeSeconds: number };

const queue = (row: { count: number; oldest: number | null }, now: number): Queue => ({
  depth: Number(row.count),
  oldestAgeSeconds: row.oldest === null ? 0 : Math.max(0, (now - Number(row.oldest)) / 1000),
});

export type OperationsSnapshot = {
  /** Payments now in an open state, by brand slug and state. */
  openPayments: { brand: string; status: string; count: number }[];
  /** Payments created in the last 24 h, by brand slug and their state now. */
  paymentsLastDay: { brand: string; status: string; count: number }[];
  /** IPN deliveries waiting to be sent (or retried), and the age of the oldest in seconds (0 when none). */
  ipnQueue: Queue;
  /** Alert deliveries (to channels) waiting to be sent or retried. */
  alertQueue: Queue;
  /** Devices not revoked: seconds since each last forwarded SMS (null: never). */
  devices: { brand: string; device: string; lastSmsAgeSeconds: number | null }[];
};

/**
 * What the database says about the installation right now, for GET /metrics (docs/decisions/072-metrics-and-readiness.md).
 * Every payments count is over an index range: the whole table (10⁶ rows and more) is never counted.
 */
export async function operationsSnapshot(db: Db, now: number): Promise<OperationsSnapshot> {
  const brands = await repo.brands(db);
  const slug = new Map(brands.map((b) => [b.id, b.slug]));
  const openPayments: OperationsSnapshot['openPayments'] = [];
  const paymentsLastDay: OperationsSnapshot['paymentsLastDay'] = [];
  for (const brand of brands) {
    for (const row of await repo.paymentsInStates(db, brand.id, OPEN_STATES))
      openPayments.push({ brand: brand.slug, status: row.status, count: Number(row.count) });
    for (const row of await repo.paymentsCreatedSince(db, brand.id, now - DAY_MS)) {
      paymentsLastDay.push({ brand: brand.slug, status: row.status, count: Number(row.count) });
    }
  }
  return {
    openPayments,
    paymentsLastDay,
    ipnQueue: queue(await repo.pendingDeliveries(db), now),
    alertQueue: queue(await repo.pendingAlerts(db), now),
    devices: (await repo.activeDevices(db)).map((d) => ({
      brand: slug.get(d.brand_id) ?? d.brand_id,
      device: d.id,
      lastSmsAgeSeconds: d.last_seen_at === null ? null : Math.max(0, (now - Number(d.last_seen_at)) / 1000),
    })),
  };
}

/** Databases whose migrations were all seen applied: a schema is never un-migrated, so that is not read again. */
const migrated = new WeakSet<Db>();

/**
 * For GET /ready: the database answers, and every migration of this version is applied. `checks` says which failed
 * without the driver's words (GET /ready is public); `error` is for the log.
 */
export async function readiness(db: Db): Promise<{ ready: boolean; checks: { database: string; migrations: string }; error?: Error }> {
  try {
    await repo.ping(db);
    if (!migrated.has(db)) {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) return { ready: false, checks: { database: 'ok', migrations: `not applied: ${pending.join(', ')}` } };
      migrated.add(db);
    }
    return { ready: true, checks: { database: 'ok', migrations: 'ok' } };
  } catch (err) {
    return { ready: false, checks: { database: 'unreachable', migrations: 'unknown' }, error: err as Error };
  }
}
