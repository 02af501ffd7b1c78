import type { Db } from '../../db/index.js';
import { sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import type { Brand } from '../brands/service.js';
import { closeChain, decideCredit, WalletMoved } from './chain.js';
import { settleSms } from './settle.js';
import { MAX_TEXT_LENGTH, normaliseText, parseSms, type ParsedCredit } from './parse.js';
import type { SmsProvider } from './providers.js';
import * as repo from './repository.js';
import { getSenderIds } from './senders.js';
import type { IngestStatus, SmsReason, SmsSource } from './states.js';

export type IncomingSms = {
  from: string;
  text: string;
  /** When the phone says the SMS was sent (epoch ms), if it said. */
  sentAt: number | null;
  deviceId: string | null;
  /** `sim1`, `sim2`, `undetected`… as the forwarder reports it. */
  sim: string | null;
  source: SmsSource;
  /** A wallet a person names when pasting by hand; default `manual`. */
  wallet?: string;
  /**
   * A test message ("Send a test SMS", modules/sms/test-sms.ts): stored with livemode 0, approved without the balance
   * chain (it never reads or moves a wallet's balance), and it can complete only test payments.
   */
  test?: boolean;
};

export type IngestResult = {
  status: IngestStatus;
  reason: SmsReason | null;
  sms_id: string | null;
  provider: SmsProvider | null;
  trx_id: string | null;
  /** The payment this message completed, when it did. */
  invoice_id: string | null;
};

const result = (status: IngestStatus, reason: SmsReason | null, extra: Partial<IngestResult> = {}): IngestResult => ({
  status,
  reason,
  sms_id: null,
  provider: null,
  trx_id: null,
  invoice_id: null,
  ...extra,
});

/** The receiving wallet: the device and SIM slot the message came through (one chain per SIM), or `manual`. */
export function walletOf(deviceId: string | null, sim: string | null, fallback = 'manual'): string {
  if (!deviceId) return fallback;
  const slot =
    (sim ?? '')
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '')
      .slice(0, 20) || 'sim';
  return `${deviceId}:${slot}`;
}

/** The same message forwarded twice (retries, a second rule) has the same sender and text. */
export function messageDigest(from: string, text: string): string {
  return sha256Hex(`${from.trim().toLowerCase()}\n${normaliseText(text)}`);
}

/**
 * Takes in one forwarded (or pasted) message: reads it, stores a credit or an unknown-format message from a wallet's
 * sender once, runs the balance chain, and lets an approved credit complete the Pending payment waiting for it.
 * Messages that are not credits are acknowledged and not stored (a forwarder set to `*` would send personal ones).
 */
export async function ingestSms(db: Db, brand: Brand, msg: IncomingSms): Promise<IngestResult> {
  if (!msg.from.trim() || !msg.text.trim() || msg.text.length > MAX_TEXT_LENGTH || msg.from.length > 100) return result('error', 'malformed');
  const parsed = parseSms(msg.from, msg.text, await getSenderIds(db, brand.id));
  if (parsed.outcome === 'ignored') return result('ignored', parsed.reason, { provider: parsed.provider });

  const now = Date.now();
  const credit = parsed.outcome === 'credit' ? parsed.credit : null;
  const row = smsRow(brand, msg, parsed.outcome === 'credit' ? parsed.credit.provider : parsed.provider, credit, now);
  const stored = await storeSms(db, brand, row, credit, now);
  if (!stored) return duplicateOf(db, brand, row);

  const invoiceId = await settleStored(db, brand, stored);
  const final = (await repo.findSms(db, stored.id, brand.id)) ?? stored;
  return result(final.status, final.reason, {
    sms_id: final.id,
    provider: row.provider,
    trx_id: final.trx_id,
    invoice_id: invoiceId,
  });
}

/** The row of a wallet's message: a credit's fields as read, or none for one in an unknown format (held for review). */
function smsRow(brand: Brand, msg: IncomingSms, provider: SmsProvider, credit: ParsedCredit | null, now: number): repo.SmsRow {
  return {
    id: newId('sms'),
    brand_id: brand.id,
    device_id: msg.deviceId,
    wallet: walletOf(msg.deviceId, msg.sim, msg.wallet),
    source: msg.source,
    sender: msg.from.trim(),
    body: msg.text,
    body_digest: messageDigest(msg.from, msg.text),
    provider,
    kind: credit?.kind ?? null,
    amount: credit?.amount ?? null,
    fee: credit?.fee ?? null,
    balance: credit?.balance ?? null,
    payer: credit?.payer ?? null,
    ref: credit?.ref ?? null,
    trx_id: credit?.trxId ?? null,
    sms_at: credit?.smsAt ?? null,
    sent_at: msg.sentAt,
    status: 'awaiting_review',
    reason: 'unknown_format',
    payment_id: null,
    created_at: now,
    updated_at: now,
    livemode: msg.test ? 0 : 1,
  };
}

/**
 * Stores the message once, a credit with its place in the wallet's balance chain, in one transaction; null when the
 * same message is already stored. Retried when another message moved the wallet's balance meanwhile.
 */
async function storeSms(db: Db, brand: Brand, row: repo.SmsRow, credit: ParsedCredit | null, now: number): Promise<repo.SmsRow | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const candidate = { ...row };
        if (credit && row.livemode === 0) {
          if (!(await repo.insertSms(trx, { ...candidate, status: 'approved', reason: 'test_message' }))) return null;
          return { ...candidate, status: 'approved' as const, reason: 'test_message' as const };
        }
        if (credit) {
          const wallet = await repo.findWallet(trx, brand.id, row.provider, candidate.wallet);
          const decision = decideCredit(wallet ? Number(wallet.balance) : null, credit);
          candidate.status = decision.status;
          candidate.reason = decision.reason;
          if (!(await repo.insertSms(trx, candidate))) return null;
          const key = { brand_id: brand.id, provider: row.provider, wallet: candidate.wallet };
          if (decision.start !== undefined && !(await repo.startWallet(trx, { ...key, balance: decision.start, updated_at: now }))) throw new WalletMoved();
          if (decision.advance && !(await repo.advanceWallet(trx, key, decision.advance.from, decision.advance.to, now))) throw new WalletMoved();
        } else if (!(await repo.insertSms(trx, candidate))) {
          return null;
        }
        return candidate;
      });
    } catch (err) {
      if (!(err instanceof WalletMoved)) throw err;
    }
  }
  throw new Error('the wallet balance kept moving; the message was not stored');
}

/**
 * Lets the stored message (and, when it is approved, the held ones of its chain it approves in turn) settle the
 * Pending payments waiting for them; the invoice id of the payment this message completed, if any. A held message
 * still tells a Pending payment why it is not completed (settleSms notes it).
 */
async function settleStored(db: Db, brand: Brand, stored: repo.SmsRow): Promise<string | null> {
  const chained = stored.status === 'approved' && stored.livemode === 1;
  const approved = chained ? [stored, ...(await closeChain(db, { brand_id: brand.id, provider: stored.provider, wallet: stored.wallet }))] : [stored];
  let invoiceId: string | null = null;
  for (const sms of approved) {
    const paid = await settleSms(db, brand, sms);
    if (paid && sms.id === stored.id) invoiceId = paid.invoice_id;
  }
  return invoiceId;
}

async function duplicateOf(db: Db, brand: Brand, row: repo.SmsRow): Promise<IngestResult> {
  const same = await repo.findSmsByDigest(db, brand.id, row.body_digest, row.livemode);
  const existing = same ?? (row.trx_id ? await repo.findSmsByTrx(db, brand.id, row.provider, row.trx_id, row.livemode) : undefined);
  return result('duplicate', same ? 'same_message' : 'trx_already_stored', {
    sms_id: existing?.id ?? null,
    provider: row.provider,
    trx_id: row.trx_id,
  });
}
