import type { Db } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Brand } from '../brands/service.js';
import { queueIpn } from './ipn.js';
import * as repo from './repository.js';
import type { PaymentRow } from './repository.js';
import { stateLabel } from './states.js';

/**
 * Approves a Pending payment. One whose forwarded SMS disagrees with it (underpaid, another payer, …: `verification_note`)
 * is approved only with `confirmMismatch`, and the guarded UPDATE re-checks that, so a mismatch found while the admin
 * decided is never approved by a plain tap (docs/decisions/061-approving-a-mismatch.md).
 */
export async function approvePayment(
  db: Db,
  brand: Brand,
  payment: PaymentRow,
  actor: Actor,
  input: { note: string | null; confirmMismatch: boolean },
): Promise<PaymentRow> {
  const now = Date.now();
  const { note, confirmMismatch } = input;
  return db.transaction().execute(async (trx) => {
    const changes = { status: 'completed', completed_at: now, decided_by: actor.label, decision_note: note, updated_at: now } as const;
    const updated = await repo.transitionPayment(trx, payment.id, 'approve', changes, { agreeing: !confirmMismatch });
    if (!updated) {
      const current = (await repo.findPaymentById(trx, payment.id, payment.brand_id)) ?? payment;
      if (current.status === 'pending' && current.verification_note !== null) throw mismatchNeedsConfirmation(current);
      throw new DuarError('payment_not_pending', `Only a pending payment can be approved; this one is ${stateLabel(current.status).toLowerCase()}`);
    }
    await recordAudit(trx, {
      brandId: brand.id,
      actor,
      action: 'payment.approved',
      targetId: payment.id,
      changes: {
        status: { from: 'pending', to: 'completed' },
        note,
        ...(payment.verification_note !== null && { mismatch: updated.verification_note ?? payment.verification_note }),
      },
    });
    await queueIpn(trx, brand, updated, 'payment.completed');
    return updated;
  });
}

function mismatchNeedsConfirmation(payment: PaymentRow): DuarError {
  return new DuarError(
    'approval_needs_confirmation',
    `This payment does not match its SMS: ${payment.verification_note} Check your wallet statement; to approve it anyway send "confirm_mismatch": true`,
    { field: 'confirm_mismatch', details: { verification_issue: payment.verification_issue } },
  );
}

/** Rejecting frees the TrxID: a customer who mistyped it can submit the right one on a new checkout. */
export async function rejectPayment(db: Db, payment: PaymentRow, actor: Actor, note: string | null): Promise<PaymentRow> {
  const now = Date.now();
  return db.transaction().execute(async (trx) => {
    const updated = await repo.transitionPayment(trx, payment.id, 'reject', {
      status: 'failed',
      decided_by: actor.label,
      decision_note: note,
      updated_at: now,
    });
    if (!updated) throw new DuarError('payment_not_pending', `Only a pending payment can be rejected; this one is ${stateLabel(payment.status).toLowerCase()}`);
    await recordAudit(trx, {
      brandId: payment.brand_id,
      actor,
      action: 'payment.rejected',
      targetId: payment.id,
      changes: { status: { from: 'pending', to: 'failed' }, note },
    });
    await repo.releaseTransactionClaims(trx, payment.id);
    return updated;
  });
}

export async function resendIpn(db: Db, brand: Brand, payment: PaymentRow, actor: Actor): Promise<void> {
  if (!payment.webhook_url) throw new DuarError('payment_has_no_webhook', 'This payment was created without a webhook_url, so there is no IPN to send');
  await db.transaction().execute(async (trx) => {
    // Re-read under the row lock: an approval that committed since `payment` was read must not be undone by this IPN.
    const current = (await repo.lockPayment(trx, payment.id)) ?? payment;
    await queueIpn(trx, brand, current, 'payment.resend');
    await recordAudit(trx, { brandId: brand.id, actor, action: 'payment.ipn_resent', targetId: payment.id, changes: { webhook_url: payment.webhook_url } });
  });
}
