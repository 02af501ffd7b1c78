import { z } from 'zod';
import type { Db, Executor } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { isoTime as iso } from '../../lib/dates.js';
import { formatAmount, TYPED_AMOUNT } from '../../lib/money.js';
import { numberField, pageParams } from '../../lib/validation.js';
import type { Brand } from '../brands/service.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { closeChain } from './chain.js';
import { ingestSms } from './ingest.js';
import { settleSms } from './settle.js';
import { PROVIDER_LABELS, SMS_PROVIDERS } from './providers.js';
import * as repo from './repository.js';
import { SMS_REASONS, SMS_STATES, type SmsReason, type SmsTarget } from './states.js';

/** SMS data as the admin API and dashboard show it (docs/admin-api.md). */
const money = (paisa: number | null) => (paisa === null ? null : formatAmount(Number(paisa)));

export function smsView(row: repo.SmsRow) {
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    reason_text: row.reason ? (SMS_REASONS[row.reason] ?? row.reason) : null,
    provider: row.provider,
    provider_label: PROVIDER_LABELS[row.provider] ?? row.provider,
    kind: row.kind,
    amount: money(row.amount),
    fee: money(row.fee),
    balance: money(row.balance),
    payer: row.payer,
    ref: row.ref,
    trx_id: row.trx_id,
    sender: row.sender,
    text: row.body,
    wallet: row.wallet,
    device_id: row.device_id,
    source: row.source,
    sms_at: iso(row.sms_at),
    sent_at: iso(row.sent_at),
    payment_id: row.payment_id,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    /** false for a message made by "Send a test SMS": it pays only test payments. */
    livemode: Number(row.livemode) === 1,
  };
}

export const listSmsQuery = z.strictObject({
  status: z.enum(SMS_STATES, { error: `status must be one of ${SMS_STATES.join(', ')}` }).optional(),
  provider: z.enum(SMS_PROVIDERS, { error: `provider must be one of ${SMS_PROVIDERS.join(', ')}` }).optional(),
  wallet: z.string().trim().max(100).optional(),
  q: z.string().trim().max(100).optional(),
  // Real messages by default; `livemode=false` lists the test ones ("Send a test SMS") instead, as the payments list.
  livemode: z
    .enum(['true', 'false'], { error: 'livemode must be true or false' })
    .transform((v) => v === 'true')
    .optional(),
  ...pageParams,
});

export async function listBrandSms(db: Executor, brand: Brand, query: z.output<typeof listSmsQuery>) {
  const { rows, total } = await repo.listSms(
    db,
    brand.id,
    { status: query.status, provider: query.provider, wallet: query.wallet, search: query.q || undefined, livemode: query.livemode },
    {
      limit: query.per_page,
      offset: (query.page - 1) * query.per_page,
    },
  );
  return { sms: rows.map(smsView), page: query.page, per_page: query.per_page, total };
}

export type SmsList = Awaited<ReturnType<typeof listBrandSms>>;

export async function getBrandSms(db: Executor, brand: Brand, id: string): Promise<repo.SmsRow> {
  const row = await repo.findSms(db, id, brand.id);
  if (!row) throw new DuarError('sms_not_found', `No SMS "${id}" in brand "${brand.slug}"`);
  return row;
}

export const pasteSmsInput = z.strictObject({
  from: z.string().trim().min(1).max(100),
  text: z.string().min(1).max(1600),
  wallet: z.string().trim().min(1).max(100).optional(),
});

/** An SMS pasted by a person (dashboard or CLI): the very path of the device endpoint, in the `manual` wallet by default. */
export async function addSmsByHand(db: Db, brand: Brand, input: z.output<typeof pasteSmsInput>, actor: Actor, source: 'admin' | 'cli') {
  const result = await ingestSms(db, brand, { from: input.from, text: input.text, sentAt: null, deviceId: null, sim: null, source, wallet: input.wallet });
  if (result.sms_id && result.status !== 'duplicate') {
    await recordAudit(db, {
      brandId: brand.id,
      actor,
      action: 'sms.added',
      targetId: result.sms_id,
      changes: { status: result.status, trx_id: result.trx_id, provider: result.provider },
    });
  }
  return result;
}

type Action = 'approve' | 'trash' | 'restore';

function stateConflict(row: repo.SmsRow, action: Action): DuarError {
  return new DuarError(
    'sms_state_conflict',
    `This SMS is ${row.status.replace('_', ' ')}, so it cannot be ${action === 'approve' ? 'approved' : action === 'trash' ? 'trashed' : 'restored'}`,
  );
}

/**
 * Approve (a held message; one Duar could not read has no TrxID or amount to pay with, so it cannot be), trash and
 * restore (back to review, so a restored message is never used without a second look). Each is a guarded update; an
 * approval then lets the message complete the Pending payment waiting for it.
 */
export async function changeSmsState(db: Db, brand: Brand, id: string, action: Action, actor: Actor) {
  const row = await getBrandSms(db, brand, id);
  if (action === 'approve' && (row.trx_id === null || row.amount === null)) {
    throw new DuarError('sms_state_conflict', 'Duar could not read this message, so it cannot pay a checkout; approve the payment itself instead');
  }
  const now = Date.now();
  const next: { status: SmsTarget<Action>; reason: SmsReason } =
    action === 'approve'
      ? { status: 'approved', reason: 'approved_by_admin' }
      : action === 'trash'
        ? { status: 'trashed', reason: 'trashed' }
        : { status: 'awaiting_review', reason: 'restored' };
  const updated = await db.transaction().execute(async (trx) => {
    const moved = await repo.transitionSms(trx, row.id, action, { ...next, updated_at: now });
    if (!moved) throw stateConflict(row, action);
    await recordAudit(trx, {
      brandId: brand.id,
      actor,
      action: `sms.${action === 'approve' ? 'approved' : action === 'trash' ? 'trashed' : 'restored'}`,
      targetId: row.id,
      changes: { status: { from: row.status, to: next.status } },
    });
    return moved;
  });
  if (updated.status === 'approved') await settleSms(db, brand, updated);
  return smsView((await repo.findSms(db, row.id, brand.id)) ?? updated);
}

export type SmsView = ReturnType<typeof smsView>;

export function walletView(row: repo.WalletRow) {
  return {
    provider: row.provider,
    provider_label: PROVIDER_LABELS[row.provider] ?? row.provider,
    wallet: row.wallet,
    device_id: row.wallet.includes(':') ? row.wallet.split(':')[0]! : null,
    sim: row.wallet.includes(':') ? row.wallet.split(':')[1]! : null,
    balance: formatAmount(Number(row.balance)),
    updated_at: iso(row.updated_at),
  };
}

export type WalletView = ReturnType<typeof walletView>;

export async function listWalletViews(db: Executor, brand: Brand) {
  return (await repo.listWallets(db, brand.id)).map(walletView);
}

export const setBalanceInput = z.strictObject({
  provider: z.enum(SMS_PROVIDERS, { error: `provider must be one of ${SMS_PROVIDERS.join(', ')}` }),
  wallet: z.string().trim().min(1).max(100),
  balance: numberField({ ...TYPED_AMOUNT, min: 0 }, 'balance'),
});

/**
 * Sets a wallet's balance (after a cash-out or any debit Duar never sees), then lets held messages that continue from
 * it approve themselves, and those complete the payments waiting for them.
 */
export async function setWalletBalance(db: Db, brand: Brand, input: z.output<typeof setBalanceInput>, actor: Actor) {
  const now = Date.now();
  const key = { brand_id: brand.id, provider: input.provider, wallet: input.wallet };
  await db.transaction().execute(async (trx) => {
    const before = await repo.findWallet(trx, brand.id, input.provider, input.wallet);
    await repo.setWalletBalance(trx, { ...key, balance: input.balance, updated_at: now });
    await recordAudit(trx, {
      brandId: brand.id,
      actor,
      action: 'sms_wallet.balance_set',
      targetId: `${input.provider}:${input.wallet}`,
      changes: { balance: { from: before ? formatAmount(Number(before.balance)) : null, to: formatAmount(input.balance) } },
    });
  });
  for (const sms of await closeChain(db, key, now)) await settleSms(db, brand, sms);
  return walletView((await repo.findWallet(db, brand.id, input.provider, input.wallet))!);
}

export { findSmsOfPayment } from './repository.js';
