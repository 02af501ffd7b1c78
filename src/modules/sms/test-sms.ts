import type { Db } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Brand } from '../brands/service.js';
import type { PaymentRow } from '../payments/access.js';
import { ingestSms, type IngestResult } from './ingest.js';
import { parseSms } from './parse.js';
import { PROVIDER_LABELS, type SmsProvider } from './providers.js';
import { getSenderIds } from './senders.js';

/**
 * "Send a test SMS" (docs/decisions/035-test-mode-rehearsal.md): for a test payment waiting for its SMS, Duar writes the
 * message the wallet would send for it, in the wallet's real format (templates.ts, /work/shared/reference/mfs-sms.md),
 * and takes it in through the same path as a forwarded one, marked test: the real parser reads it, the normal
 * matching completes the payment. A test message never reads or moves a balance chain, and pays only test payments.
 */

/** The wallets a test SMS can be written for: the manual wallets a checkout offers. */
const WALLETS = ['bkash', 'nagad', 'rocket', 'upay'] as const satisfies readonly SmsProvider[];
type Wallet = (typeof WALLETS)[number];

/** What each wallet's TrxID looks like, for the sentence when the customer typed another shape. */
const TRX_SHAPE: Record<Wallet, string> = {
  bkash: '10 capital letters and digits, like DED220MHU4',
  nagad: '8 capital letters and digits, like 74HNFMWH',
  rocket: '10 digits, like 6606781284',
  upay: '01 and 8 capital letters and digits, like 01K7C8Z24V',
};

const DHAKA_OFFSET_MS = 6 * 3600_000;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** `1,200.50` (bKash, Rocket) or `1200.50` (Nagad, Upay write no thousands separator). */
function taka(paisa: number, grouped: boolean): string {
  const text = (paisa / 100).toFixed(2);
  return grouped ? Number(text).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : text;
}

/** `dd/mm/yyyy HH:MM` in Asia/Dhaka, as bKash, Nagad and Upay write it. */
function dmy(ms: number): string {
  const d = new Date(ms + DHAKA_OFFSET_MS);
  return `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
}

/** Rocket's `dd-MON-yy hh:mm:ss am` in Asia/Dhaka. */
function rocketDate(ms: number): string {
  const d = new Date(ms + DHAKA_OFFSET_MS);
  const h = d.getUTCHours();
  const clock = `${p2(h % 12 || 12)}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${h < 12 ? 'am' : 'pm'}`;
  return `${p2(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${String(d.getUTCFullYear()).slice(2)} ${clock}`;
}

/**
 * Pure: the wallet's "money received" message for this amount, TrxID and payer at `now`. The balance is the amount
 * (a test wallet that starts empty): nothing reads a test message's balance.
 */
export function composeTestSms(wallet: Wallet, o: { amount: number; trxId: string; payer: string; now: number }): string {
  switch (wallet) {
    case 'bkash':
      return `You have received Tk ${taka(o.amount, true)} from ${o.payer}. Fee Tk 0.00. Balance Tk ${taka(o.amount, true)}. TrxID ${o.trxId} at ${dmy(o.now)}`;
    case 'nagad':
      return `Money Received.\nAmount: Tk ${taka(o.amount, false)}\nSender: ${o.payer}\nRef: N/A\nTxnID: ${o.trxId}\nBalance: Tk ${taka(o.amount, false)}\n${dmy(o.now)}`;
    case 'rocket':
      // Rocket masks the payer's account: the message names only its last three digits.
      return `Tk${taka(o.amount, true)} received from A/C:***${o.payer.slice(-3)} Fee:Tk0, Your A/C Balance: Tk${taka(o.amount, true)} TxnId:${o.trxId} Date:${rocketDate(o.now)}.`;
    case 'upay':
      return `Tk. ${taka(o.amount, false)} has been received from ${o.payer}. Ref-. Balance Tk. ${taka(o.amount, false)}. TrxID ${o.trxId} at ${dmy(o.now)}`;
  }
}

const unavailable = (message: string) => new DuarError('test_sms_unavailable', message);

function isWallet(method: string): method is Wallet {
  return (WALLETS as readonly string[]).includes(method);
}

/** Pure: why this payment cannot be completed by a test SMS, or null when it can. */
export function testSmsRefusal(payment: Pick<PaymentRow, 'livemode' | 'status' | 'payment_method' | 'transaction_id' | 'sender_number'>): string | null {
  if (payment.livemode !== 0) return 'A test SMS completes only test payments (made with a test API key); a live payment waits for its real SMS';
  if (payment.status !== 'pending' || !payment.transaction_id || !payment.sender_number) {
    return 'A test SMS completes a test payment that waits for its SMS: pay it with a wallet on its checkout page first';
  }
  if (!payment.payment_method || !isWallet(payment.payment_method)) return 'A test SMS is written for bKash, Nagad, Rocket and Upay payments';
  return null;
}

export type TestSmsSent = { result: IngestResult; text: string };

/** Writes and takes in the test SMS for a test payment waiting for its SMS; the audit log keeps who sent it. */
export async function sendTestSms(db: Db, brand: Brand, payment: PaymentRow, actor: Actor, now = Date.now()): Promise<TestSmsSent> {
  const refusal = testSmsRefusal(payment);
  if (refusal) throw unavailable(refusal);
  const wallet = payment.payment_method as Wallet;
  const label = PROVIDER_LABELS[wallet];
  const senders = await getSenderIds(db, brand.id);
  const from = senders[wallet][0];
  if (!from) throw unavailable(`${label} has no sender ID under SMS data → Sender IDs, so no ${label} message would be read`);
  const text = composeTestSms(wallet, { amount: payment.charged_amount, trxId: payment.transaction_id!, payer: payment.sender_number!, now });
  // The real parser must read it back with this TrxID: a TrxID of another shape would never arrive in a real message.
  const parsed = parseSms(from, text, senders);
  if (parsed.outcome !== 'credit' || parsed.credit.trxId !== payment.transaction_id) {
    throw unavailable(`A ${label} TrxID is ${TRX_SHAPE[wallet]}; this payment's is ${payment.transaction_id}, which no ${label} message carries`);
  }
  const result = await ingestSms(db, brand, { from, text, sentAt: now, deviceId: null, sim: null, source: 'test', wallet: 'test', test: true });
  await recordAudit(db, {
    brandId: brand.id,
    actor,
    action: 'sms.test_sent',
    targetId: result.sms_id ?? payment.id,
    changes: { payment_id: payment.id, provider: wallet, trx_id: payment.transaction_id, status: result.status, completed: result.invoice_id !== null },
  });
  return { result, text };
}
