import type { Db, Executor, Trx } from '../../db/index.js';
import { displayMoney, formatAmount } from '../../lib/money.js';
import type { Brand } from '../brands/service.js';
import { recordAudit } from '../audit/audit.js';
import { getMethodSettings, type MethodSettings } from '../gateways/settings.js';
import { isMethodId } from '../gateways/types.js';
import * as payments from '../payments/access.js';
import { queueIpn } from '../payments/ipn.js';
import { findBrandById } from '../brands/service.js';
import { isSmsProvider, PROVIDER_LABELS } from './providers.js';
import * as repo from './repository.js';
import { SMS_REASONS } from './states.js';
import type { VerificationIssue } from '../payments/states.js';

/** An SMS may be dated up to this long before the checkout was created (clocks and the customer paying first). */
export const MATCH_WINDOW_MS = 10 * 60_000;

type PaymentRow = payments.PaymentRow;
/**
 * Whether an SMS pays a payment; when not, why: a sentence for people, a stable code (approving such a payment needs an
 * explicit confirmation, docs/decisions/061-approving-a-mismatch.md) and the paisa the SMS shows.
 */
export type MatchDecision = { ok: true } | { ok: false; issue: VerificationIssue; note: string; smsAmount: number | null };

/** Why a Pending payment is not completed by the SMS carrying its TrxID, as stored on it; all null when nothing disagrees. */
export type Verification = { note: string | null; issue: VerificationIssue | null; smsAmount: number | null };
const NO_ISSUE: Verification = { note: null, issue: null, smsAmount: null };

const tk = (paisa: number) => displayMoney(paisa);

/** The message's own time: the date written in it, else when the phone says it was sent, else when it arrived. */
export function smsTime(sms: repo.SmsRow): number {
  return Number(sms.sms_at ?? sms.sent_at ?? sms.created_at);
}

/**
 * Pure: whether this SMS pays this payment. Same provider and TrxID are given (the lookup); here: the message is
 * approved and unused, of a kind the method accepts, pays at least the due and at most the due plus the tolerance, is
 * not older than the checkout, and (when both are known) comes from the number the customer typed.
 */
export function decideMatch(
  payment: Pick<PaymentRow, 'charged_amount' | 'created_at' | 'sender_number'>,
  sms: repo.SmsRow,
  settings: Pick<MethodSettings, 'smsTolerance' | 'smsCreditKinds'>,
): MatchDecision {
  const label = PROVIDER_LABELS[sms.provider] ?? sms.provider;
  const smsAmount = sms.amount === null ? null : Number(sms.amount);
  if (sms.status !== 'approved' || sms.payment_id !== null) {
    const why =
      sms.status === 'awaiting_review'
        ? `is waiting for review (${(sms.reason && SMS_REASONS[sms.reason]) ?? sms.reason})`
        : sms.status === 'used'
          ? 'has already paid another payment'
          : `is ${sms.status}`;
    return { ok: false, issue: 'sms_not_usable', note: `The ${label} message with this TrxID ${why}.`, smsAmount };
  }
  if (sms.kind === null || !settings.smsCreditKinds.includes(sms.kind)) {
    const note = `The ${label} message with this TrxID is a ${String(sms.kind).replace(/_/g, ' ')}, which this payment method does not accept.`;
    return { ok: false, issue: 'credit_kind', note, smsAmount };
  }
  // What the customer must pay in BDT: the amount converted, plus the fee when they bear it (payments/pricing.ts).
  const due = payment.charged_amount;
  const paid = Number(sms.amount);
  if (paid < due) return { ok: false, issue: 'underpaid', note: `Underpaid: the ${label} message shows ${tk(paid)}, the payment is ${tk(due)}.`, smsAmount };
  if (paid > due + settings.smsTolerance) {
    return { ok: false, issue: 'overpaid', note: `Overpaid: the ${label} message shows ${tk(paid)}, more than the ${tk(due)} due.`, smsAmount };
  }
  if (smsTime(sms) < payment.created_at - MATCH_WINDOW_MS) {
    return { ok: false, issue: 'sms_too_old', note: `The ${label} message with this TrxID is older than this checkout.`, smsAmount };
  }
  if (payment.sender_number && sms.payer && /^01\d{9}$/.test(sms.payer) && sms.payer !== payment.sender_number) {
    const note = `Payer differs: the ${label} message says the money came from ${sms.payer}, the customer entered ${payment.sender_number}.`;
    return { ok: false, issue: 'payer_differs', note, smsAmount };
  }
  return { ok: true };
}

const smsActor = (sms: repo.SmsRow) => ({ label: `sms (${sms.id})`, ip: null });

async function useSms(trx: Trx, sms: repo.SmsRow, paymentId: string, now: number): Promise<repo.SmsRow | undefined> {
  return repo.transitionSms(trx, sms.id, 'use', { status: 'used', payment_id: paymentId, updated_at: now }, { unused: true });
}

/**
 * At TrxID submission, inside the payment's transaction: the approved SMS that pays it (now marked used, in the same
 * transaction), or why there is none. No SMS yet is not a reason: the payment just waits.
 */
export async function verdictAtSubmission(
  trx: Trx,
  payment: PaymentRow,
  settings: MethodSettings,
  input: { senderNumber: string; transactionId: string },
): Promise<{ sms: repo.SmsRow | null; verification: Verification }> {
  const sms = isSmsProvider(settings.method) ? await repo.findSmsByTrx(trx, payment.brand_id, settings.method, input.transactionId) : undefined;
  if (!sms) return { sms: null, verification: NO_ISSUE };
  const decision = decideMatch({ ...payment, sender_number: input.senderNumber }, sms, settings);
  if (!decision.ok) return { sms: null, verification: verificationOf(decision) };
  const used = await useSms(trx, sms, payment.id, Date.now());
  return { sms: used ?? null, verification: NO_ISSUE };
}

export async function auditSmsCompletion(
  trx: Trx,
  brand: Brand,
  payment: PaymentRow,
  sms: repo.SmsRow,
  from: 'initiated' | 'pending' = 'pending',
): Promise<void> {
  await recordAudit(trx, {
    brandId: brand.id,
    actor: smsActor(sms),
    action: 'payment.completed_by_sms',
    targetId: payment.id,
    changes: { status: { from, to: 'completed' }, sms_id: sms.id, trx_id: sms.trx_id, amount: formatAmount(Number(sms.amount)) },
  });
}

/**
 * Completes a Pending payment with an SMS in one transaction: SMS approved → used, payment pending → completed, IPN
 * queued, audit entry. Both writes are guarded, so when the SMS and the customer's submission (or two sweeps) race,
 * exactly one completes and the other changes nothing. Returns the completed payment, or null.
 */
async function completeWithSms(db: Db, brand: Brand, payment: PaymentRow, sms: repo.SmsRow): Promise<PaymentRow | null> {
  const now = Date.now();
  try {
    return await db.transaction().execute(async (trx) => {
      if (!(await useSms(trx, sms, payment.id, now))) throw new LostRace();
      const updated = await payments.completeBySms(trx, payment.id, now);
      if (!updated) throw new LostRace();
      await auditSmsCompletion(trx, brand, updated, sms);
      await queueIpn(trx, brand, updated, 'payment.completed');
      return updated;
    });
  } catch (err) {
    if (err instanceof LostRace) return null;
    throw err;
  }
}

class LostRace extends Error {}

function verificationOf(decision: Extract<MatchDecision, { ok: false }>): Verification {
  return { note: decision.note, issue: decision.issue, smsAmount: decision.smsAmount };
}

async function noteOnPending(db: Executor, payment: PaymentRow, verification: Verification): Promise<void> {
  const same =
    payment.verification_note === verification.note &&
    payment.verification_issue === verification.issue &&
    payment.verification_sms_amount === verification.smsAmount;
  if (same) return;
  await payments.noteVerification(db, payment.id, verification, Date.now());
}

/**
 * An SMS looks for the Pending payment of its brand with its provider and TrxID: an approved one completes it when
 * they agree; otherwise the payment shows why not (held for review, underpaid, …).
 */
export async function settleSms(db: Db, brand: Brand, sms: repo.SmsRow): Promise<PaymentRow | null> {
  if (!sms.trx_id || !isMethodId(sms.provider)) return null;
  const candidates = await payments.findPaymentsPaidWith(db, brand.id, sms.trx_id, sms.provider);
  const payment = candidates.find((p) => p.status === 'pending');
  if (!payment) return null;
  const settings = await getMethodSettings(db, brand.id, sms.provider);
  const decision = decideMatch(payment, sms, settings);
  if (!decision.ok) {
    await noteOnPending(db, payment, verificationOf(decision));
    return null;
  }
  return completeWithSms(db, brand, payment, sms);
}

/**
 * After a submission committed as Pending: the SMS may have been stored between the submission's read and its
 * commit (the SMS's own look found no Pending payment yet). Looking once more after the commit closes that gap:
 * whichever of the two commits last sees the other.
 */
export async function settlePayment(db: Db, brand: Brand, payment: PaymentRow): Promise<PaymentRow> {
  if (payment.status !== 'pending' || !payment.transaction_id || !payment.payment_method || !isSmsProvider(payment.payment_method)) return payment;
  const sms = await repo.findSmsByTrx(db, brand.id, payment.payment_method, payment.transaction_id);
  if (sms?.status !== 'approved') return payment;
  return (await settleSms(db, brand, sms)) ?? (await payments.findPayment(db, payment.id, brand.id)) ?? payment;
}

/**
 * The periodic sweep: approved SMS (approved later by the chain or by a person) that a Pending payment waits for.
 * Idempotent and safe on several instances: every completion is guarded.
 */
export async function sweepSettleable(db: Db, limit = 100): Promise<number> {
  let completed = 0;
  for (const sms of await repo.findSettleable(db, limit)) {
    const brand = await findBrandById(db, sms.brand_id);
    if (brand && (await settleSms(db, brand, sms))) completed++;
  }
  return completed;
}
