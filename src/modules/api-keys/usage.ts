import { sql } from '../../db/kysely.js';
import type { Db, Executor } from '../../db/index.js';
import { addDays, today } from '../../lib/dates.js';
import { USAGE_OUTCOMES, type UsageOutcome } from './usage-outcomes.js';

export { isUsageOutcome } from './usage-outcomes.js';
export const USAGE_RETENTION_DAYS = 90;

type UsageRow = { key_id: string; date: string; outcome: UsageOutcome; count: number };

/**
 * Counts requests in memory and adds them to the database in one batch (at least every 10 s and at shutdown), so no
 * request writes. The upsert adds to the stored count, so several instances flushing the same key and day sum up.
 */
export class UsageCounter {
  /** By `key|date|outcome`: the row to add, its count so far. */
  private pending = new Map<string, UsageRow>();
  private flushing: Promise<void> = Promise.resolve();

  count(keyId: string, timeZone: string, outcome: UsageOutcome, now: number): void {
    this.add({ key_id: keyId, date: today(timeZone, now), outcome, count: 1 });
  }

  private add(row: UsageRow): void {
    const id = `${row.key_id}|${row.date}|${row.outcome}`;
    this.pending.set(id, { ...row, count: (this.pending.get(id)?.count ?? 0) + row.count });
  }

  /**
   * Writes what was counted so far. Serialised, so two flushes never write the same counts twice; a failed flush puts
   * its counts back for the next one (and does not stop the next one from running).
   */
  flush(db: Db): Promise<void> {
    const next = this.flushing.catch(() => {}).then(() => this.write(db));
    this.flushing = next;
    return next;
  }

  private async write(db: Db): Promise<void> {
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending = new Map();
    try {
      await db.transaction().execute(async (trx) => {
        // Keys deleted since the request are skipped (their usage goes with them).
        const live = new Set(
          (
            await trx
              .selectFrom('api_keys')
              .select('id')
              .where('id', 'in', [...new Set(rows.map((r) => r.key_id))])
              .execute()
          ).map((r) => r.id),
        );
        const kept = rows.filter((r) => live.has(r.key_id));
        for (let i = 0; i < kept.length; i += 200) {
          await trx
            .insertInto('api_key_usage')
            .values(kept.slice(i, i + 200))
            .onConflict((oc) => oc.columns(['key_id', 'date', 'outcome']).doUpdateSet({ count: sql<number>`api_key_usage.count + excluded.count` }))
            .execute();
        }
      });
    } catch (err) {
      // Put the counts back for the next flush rather than losing them.
      for (const row of rows) this.add(row);
      throw err;
    }
  }
}

export type UsageDay = { date: string } & Record<UsageOutcome, number>;

/** The last `days` calendar days (brand time zone), oldest first, every outcome present (0 when none). */
export async function keyUsage(db: Executor, keyId: string, timeZone: string, days: number, now: number): Promise<UsageDay[]> {
  const last = today(timeZone, now);
  const first = addDays(last, -(days - 1));
  const rows = await db
    .selectFrom('api_key_usage')
    .select(['date', 'outcome', 'count'])
    .where('key_id', '=', keyId)
    .where('date', '>=', first)
    .where('date', '<=', last)
    .execute();
  const out: UsageDay[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(first, i);
    const day = { date, ...Object.fromEntries(USAGE_OUTCOMES.map((o) => [o, 0])) } as UsageDay;
    for (const r of rows) if (r.date === date) day[r.outcome] += Number(r.count);
    out.push(day);
  }
  return out;
}

/** Usage older than the retention period (housekeeping). */
export async function purgeOldUsage(db: Executor, now: number): Promise<number> {
  const cutoff = addDays(today('UTC', now), -(USAGE_RETENTION_DAYS + 1));
  const result = await db.deleteFrom('api_key_usage').where('date', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
