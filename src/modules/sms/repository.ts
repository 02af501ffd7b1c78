import { sql } from '../../db/kysely.js';
import type { Executor } from '../../db/index.js';
import type { SmsMessagesTable, SmsWalletsTable } from '../../db/tables/sms.js';
import type { SmsProvider } from './providers.js';
import { SMS_TRANSITIONS, type SmsState, type SmsTarget, type SmsTransition } from './states.js';

export type SmsRow = SmsMessagesTable;
export type WalletRow = SmsWalletsTable;

/** Inserts unless the same message or TrxID is already stored (unique indexes); false when it was. */
export async function insertSms(db: Executor, row: SmsRow): Promise<boolean> {
  const result = await db
    .insertInto('sms_messages')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function findSms(db: Executor, id: string, brandId: string): Promise<SmsRow | undefined> {
  return db.selectFrom('sms_messages').selectAll().where('id', '=', id).where('brand_id', '=', brandId).executeTakeFirst();
}

/** Live and test messages never meet (migration 022): each lookup names the mode it reads. */
export function findSmsByDigest(db: Executor, brandId: string, digest: string, livemode: number): Promise<SmsRow | undefined> {
  return db
    .selectFrom('sms_messages')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('livemode', '=', livemode)
    .where('body_digest', '=', digest)
    .executeTakeFirst();
}

export function findSmsByTrx(db: Executor, brandId: string, provider: SmsProvider, trxId: string, livemode: number): Promise<SmsRow | undefined> {
  return db
    .selectFrom('sms_messages')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('livemode', '=', livemode)
    .where('provider', '=', provider)
    .where('trx_id', '=', trxId)
    .executeTakeFirst();
}

export function findSmsOfPayment(db: Executor, paymentId: string): Promise<SmsRow | undefined> {
  return db.selectFrom('sms_messages').selectAll().where('payment_id', '=', paymentId).executeTakeFirst();
}

/**
 * Guarded: changes the message only while it is in a state `transition` may start from (SMS_TRANSITIONS); undefined
 * when something else moved it first.
 */
export function transitionSms<T extends SmsTransition>(
  db: Executor,
  id: string,
  transition: T,
  changes: Partial<Pick<SmsRow, 'reason' | 'payment_id'>> & { status: SmsTarget<T>; updated_at: number },
  guard: { unused?: boolean } = {},
): Promise<SmsRow | undefined> {
  let query = db.updateTable('sms_messages').set(changes).where('id', '=', id).where('status', 'in', SMS_TRANSITIONS[transition].from);
  if (guard.unused) query = query.where('payment_id', 'is', null);
  return query.returningAll().executeTakeFirst();
}

export function findWallet(db: Executor, brandId: string, provider: SmsProvider, wallet: string): Promise<WalletRow | undefined> {
  return db
    .selectFrom('sms_wallets')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('provider', '=', provider)
    .where('wallet', '=', wallet)
    .executeTakeFirst();
}

export function listWallets(db: Executor, brandId: string): Promise<WalletRow[]> {
  return db.selectFrom('sms_wallets').selectAll().where('brand_id', '=', brandId).orderBy('provider').orderBy('wallet').execute();
}

/** A wallet's first balance; false when another message started it first. */
export async function startWallet(db: Executor, row: WalletRow): Promise<boolean> {
  const result = await db
    .insertInto('sms_wallets')
    .values(row)
    .onConflict((oc) => oc.columns(['brand_id', 'provider', 'wallet']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Moves a wallet's balance only if it is still `from`: two messages racing on one wallet cannot both advance it. */
export async function advanceWallet(
  db: Executor,
  key: Pick<WalletRow, 'brand_id' | 'provider' | 'wallet'>,
  from: number,
  to: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('sms_wallets')
    .set({ balance: to, updated_at: now })
    .where('brand_id', '=', key.brand_id)
    .where('provider', '=', key.provider)
    .where('wallet', '=', key.wallet)
    .where('balance', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setWalletBalance(db: Executor, row: WalletRow): Promise<void> {
  await db
    .insertInto('sms_wallets')
    .values(row)
    .onConflict((oc) => oc.columns(['brand_id', 'provider', 'wallet']).doUpdateSet({ balance: row.balance, updated_at: row.updated_at }))
    .execute();
}

/** The held message of a wallet whose balance continues from `balance` (earliest first). */
export function findChainSuccessor(db: Executor, key: Pick<WalletRow, 'brand_id' | 'provider' | 'wallet'>, balance: number): Promise<SmsRow | undefined> {
  return db
    .selectFrom('sms_messages')
    .selectAll()
    .where('brand_id', '=', key.brand_id)
    .where('provider', '=', key.provider)
    .where('wallet', '=', key.wallet)
    .where('status', '=', 'awaiting_review')
    .where('reason', '=', 'balance_mismatch')
    .where(sql<boolean>`balance - amount = ${balance}`)
    .orderBy('sms_at')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

/** Approved, unused messages with a TrxID that a Pending payment of the same brand, method and mode is waiting for. */
export function findSettleable(db: Executor, limit: number): Promise<SmsRow[]> {
  return db
    .selectFrom('sms_messages as s')
    .selectAll('s')
    .where('s.status', '=', 'approved')
    .where('s.trx_id', 'is not', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('payments as p')
          .select('p.id')
          .whereRef('p.brand_id', '=', 's.brand_id')
          .whereRef('p.payment_method', '=', 's.provider')
          .whereRef('p.transaction_id', '=', 's.trx_id')
          .whereRef('p.livemode', '=', 's.livemode')
          .where('p.status', '=', 'pending'),
      ),
    )
    .limit(limit)
    .execute();
}

/** `livemode` false lists the test messages instead of the real ones (never both, as the payments list). */
export type SmsFilter = { status?: SmsState; provider?: SmsProvider; wallet?: string; search?: string; livemode?: boolean };

export async function listSms(db: Executor, brandId: string, filter: SmsFilter, page: { limit: number; offset: number }) {
  let query = db
    .selectFrom('sms_messages')
    .where('brand_id', '=', brandId)
    .where('livemode', '=', filter.livemode === false ? 0 : 1);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.provider) query = query.where('provider', '=', filter.provider);
  if (filter.wallet) query = query.where('wallet', '=', filter.wallet);
  if (filter.search) {
    const pattern = `%${filter.search.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`upper(coalesce(trx_id, '')) like ${pattern} ESCAPE '\\'`);
  }
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
