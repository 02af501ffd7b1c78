import type { Db, Executor, Trx } from '../../db/index.js';
import { formatAmount } from '../../lib/money.js';
import { recordAudit } from '../audit/audit.js';
import { findBrandById, type Brand } from '../brands/service.js';
import type { MethodId } from '../gateways/index.js';
import { getMethodSettings, type MethodSettings } from '../gateways/settings.js';
import { isMethodId } from '../gateways/types.js';
import * as payments from '../payments/access.js';
import { queueIpn } from '../payments/ipn.js';
import type { VerificationNote } from '../payments/states.js';
import { claimTransactionId, recordWalletSubmission, walletTerms } from '../payments/wallet-submission.js';
import { decideMatch, NO_ISSUE, verificationOf } from './matching.js';
import { isSmsProvider } from './providers.js';
import * as repo from './repository.js';

/*
 * SMS settlement: the one owner of "this SMS pays this payment". Every way the two meet comes here: the customer's
 * TrxID submission (`submitWalletPayment`), an SMS stored or approved (`settleSms`, from ingest.ts and service.ts), and
 * the sweep (`sweepSettleable`). Payments never imports sms/; this file changes a payment only through
 * payments/access.ts and payments/wallet-submission.ts (docs/decisions/075-one-owner-per-rule.md).
 */

type PaymentRow = payments.PaymentRow;

const smsActor = (sms: repo.SmsRow) => ({ label: `sms (${sms.id})`, ip: null });

async function useSms(trx: Trx, sms: repo.SmsRow, paymentId: string, now: number): Promise<repo.SmsRow | undefined> {
  return repo.transitionSms(trx, sms.id, 'use', { status: 'used', payment_id: paymentId, updated_at: now }, { unused: true });
}

/**
 * At TrxID submission, inside the payment's transaction: the approved SMS that pays it (now marked used, in the same
 * transaction), or why there is none. No SMS yet is not a reason: the payment just waits.
 */
async function verdictAtSubmission(
  trx: Trx,
  payment: PaymentRow,
  settings: MethodSettings,
  input: { senderNumber: string; transactionId: string },
): Promise<{ sms: repo.SmsRow | null; verification: VerificationNote }> {
  const sms = isSmsProvider(settings.method)
    ? await repo.findSmsByTrx(trx, payment.brand_id, settings.method, input.transactionId, payment.livemode)
    : undefined;
  if (!sms) return { sms: null, verification: NO_ISSUE };
  const decision = decideMatch({ ...payment, sender_number: input.senderNumber }, sms, settings);
  if (!decision.ok) return { sms: null, verification: verificationOf(decision) };
  const used = await useSms(trx, sms, payment.id, Date.now());
  return { sms: used ?? null, verification: NO_ISSUE };
}

async function auditSmsCompletion(trx: Trx, brand: Brand, payment: PaymentRow, sms: repo.SmsRow, from: 'initiated' | 'pending' = 'pending'): Promise<void> {
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

async function noteOnPending(db: Executor, payment: PaymentRow, verification: VerificationNote): Promise<void> {
  const same =
    payment.verification_note === verification.note &&
    payment.verification_issue === verification.issue &&
    payment.verification_sms_amount === verification.smsAmount;
  if (same) return;
  await payments.noteVerification(db, payment.id, verification, Date.now());
}

/**
 * An SMS looks for the Pending payment of its brand and mode with its provider and TrxID: an approved one completes it when
 * they agree; otherwise the payment shows why not (held for review, underpaid, …).
 */
export async function settleSms(db: Db, brand: Brand, sms: repo.SmsRow): Promise<PaymentRow | null> {
  if (!sms.trx_id || !isMethodId(sms.provider)) return null;
  // A test message pays only test payments, a real one only live payments (docs/decisions/035-test-mode-rehearsal.md).
  const candidates = await payments.findPaymentsPaidWith(db, brand.id, sms.trx_id, sms.provider, sms.livemode === 1);
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
async function settlePayment(db: Db, brand: Brand, payment: PaymentRow): Promise<PaymentRow> {
  if (payment.status !== 'pending' || !payment.transaction_id || !payment.payment_method || !isSmsProvider(payment.payment_method)) return payment;
  const sms = await repo.findSmsByTrx(db, brand.id, payment.payment_method, payment.transaction_id, payment.livemode);
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

/**
 * A manual wallet payment: the customer submitted the sender number and TrxID. Completed at once when an approved,
 * unused forwarded SMS agrees (used in this same transaction); otherwise Pending, with the reason when an SMS carries
 * the TrxID but does not agree, until the SMS arrives or an administrator approves it.
 */
export async function submitWalletPayment(
  db: Db,
  brand: Brand,
  payment: PaymentRow,
  method: MethodId,
  input: { senderNumber: string; transactionId: string },
): Promise<PaymentRow> {
  const { settings, price } = await walletTerms(db, payment, method);
  const now = Date.now();
  const submitted = await db.transaction().execute(async (trx) => {
    await claimTransactionId(trx, payment, method, input.transactionId, now);
    const verdict = await verdictAtSubmission(trx, { ...payment, ...price }, settings, input);
    const fields = { method, ...input, price, paidBySms: verdict.sms !== null, verification: verdict.verification };
    const updated = await recordWalletSubmission(trx, brand, payment, fields, now);
    if (verdict.sms) await auditSmsCompletion(trx, brand, updated, verdict.sms, 'initiated');
    return updated;
  });
  return settlePayment(db, brand, submitted);
}
