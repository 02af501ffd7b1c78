import type { Executor } from '../../db/index.js';
import type { CurrencyRatesTable } from '../../db/tables/payments.js';

export type RateRow = CurrencyRatesTable;

export function listRates(db: Executor, brandId: string): Promise<RateRow[]> {
  return db.selectFrom('currency_rates').selectAll().where('brand_id', '=', brandId).orderBy('currency').execute();
}

export function findRate(db: Executor, brandId: string, currency: string): Promise<RateRow | undefined> {
  return db.selectFrom('currency_rates').selectAll().where('brand_id', '=', brandId).where('currency', '=', currency).executeTakeFirst();
}

export async function upsertRate(db: Executor, row: RateRow): Promise<void> {
  await db
    .insertInto('currency_rates')
    .values(row)
    .onConflict((oc) => oc.columns(['brand_id', 'currency']).doUpdateSet({ rate: row.rate, updated_at: row.updated_at }))
    .execute();
}

/** True when a row was deleted. */
export async function deleteRate(db: Executor, brandId: string, currency: string): Promise<boolean> {
  const result = await db.deleteFrom('currency_rates').where('brand_id', '=', brandId).where('currency', '=', currency).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
