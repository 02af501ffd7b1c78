import { randomBytes } from 'node:crypto';
import type { Db } from '../src/db/index.js';
import { newId, randomBase62 } from '../src/lib/ids.js';

/**
 * Grows a brand's payments and API keys to the given counts by copying one existing row of each with new ids, in
 * batches inside transactions: the shape of real data, without going through the API (which would take hours at 10⁶).
 */
export async function seed(db: Db, brandId: string, target: { payments: number; keys: number }): Promise<void> {
  const payment = await db.selectFrom('payments').selectAll().where('brand_id', '=', brandId).where('status', '=', 'completed').executeTakeFirstOrThrow();
  const key = await db.selectFrom('api_keys').selectAll().where('brand_id', '=', brandId).executeTakeFirstOrThrow();
  const count = async (table: 'payments' | 'api_keys') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const batch = 500;
  for (let have = await count('payments'); have < target.payments; have += batch) {
    const rows = Array.from({ length: Math.min(batch, target.payments - have) }, (_, i) => ({
      ...payment,
      id: newId('pay'),
      invoice_id: randomBase62(20),
      created_at: payment.created_at - (have + i) * 1000,
      email: `customer${have + i}@example.com`,
    }));
    await db.insertInto('payments').values(rows).execute();
  }
  for (let have = await count('api_keys'); have < target.keys; have += batch) {
    const rows = Array.from({ length: Math.min(batch, target.keys - have) }, () => ({
      ...key,
      id: newId('key'),
      key_digest: randomBytes(32).toString('hex'),
      is_active: 0,
    }));
    await db.insertInto('api_keys').values(rows).execute();
  }
}

/** Removes the (initiated) payments a checkout-v2 round created, so every round of a phase runs on the same table size. */
export async function dropPending(db: Db, brandId: string): Promise<void> {
  await db.deleteFrom('payments').where('brand_id', '=', brandId).where('status', '=', 'initiated').execute();
}
