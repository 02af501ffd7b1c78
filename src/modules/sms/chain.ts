import type { Executor } from '../../db/index.js';
import * as repo from './repository.js';
import type { SmsReason, SmsState } from './states.js';

/**
 * Balance continuity per receiving wallet (brand, provider, device + SIM): a copied or typed "money received" SMS
 * rarely carries the balance that follows from the real messages before it.
 */
export type CreditDecision = { status: SmsState; reason: SmsReason; start?: number; advance?: { from: number; to: number } };

/** Pure: what a new credit does, given the wallet's stored balance (null = the wallet's first message). */
export function decideCredit(walletBalance: number | null, credit: { amount: number; balance: number | null }): CreditDecision {
  if (credit.balance === null) return { status: 'approved', reason: 'no_balance' };
  if (walletBalance === null) return { status: 'approved', reason: 'first_credit', start: credit.balance };
  if (walletBalance + credit.amount === credit.balance) {
    return { status: 'approved', reason: 'balance_continues', advance: { from: walletBalance, to: credit.balance } };
  }
  return { status: 'awaiting_review', reason: 'balance_mismatch' };
}

/** Thrown inside a transaction when another message moved the wallet first; the caller retries with the new balance. */
export class WalletMoved extends Error {}

type WalletKey = Pick<repo.WalletRow, 'brand_id' | 'provider' | 'wallet'>;

/**
 * Approves, one at a time, the held messages whose balance continues from the wallet's balance, so messages that
 * arrived out of order approve themselves once the missing one arrives. Each step is a guarded pair of writes.
 * Returns the messages it approved.
 */
export async function closeChain(db: Executor, key: WalletKey, now = Date.now()): Promise<repo.SmsRow[]> {
  const approved: repo.SmsRow[] = [];
  for (let i = 0; i < 500; i++) {
    const wallet = await repo.findWallet(db, key.brand_id, key.provider, key.wallet);
    if (!wallet) break;
    const next = await repo.findChainSuccessor(db, key, Number(wallet.balance));
    if (!next || next.balance === null) break;
    if (!(await repo.advanceWallet(db, key, Number(wallet.balance), Number(next.balance), now))) continue;
    const row = await repo.transitionSms(db, next.id, 'approve', { status: 'approved', reason: 'chain_closed', updated_at: now });
    if (row) approved.push(row);
  }
  return approved;
}
