import type { Db } from '../db/index.js';
import { providers } from '../modules/gateways/index.js';
import { releaseExpiredClaims } from '../modules/payments/idempotency.js';
import * as refunds from '../modules/refunds/repository.js';
import { failRefund, gatewayRefundRequest } from '../modules/refunds/service.js';

/**
 * A gateway refund still `processing` this long after its last change was left so by a crash between the reservation
 * and the gateway's answer (refunds/service.ts): a live request has had its answer long before (gateway calls time out
 * well within this). Any instance may be mid-call, so younger ones are left alone.
 */
export const STRANDED_REFUND_AFTER_MS = 60_000;
const BATCH = 100;

/**
 * Settles what a crash left half-done (docs/decisions/014-leases-and-reconciliation.md), at start and then every
 * minute in `serve()`: refunds stranded in `processing` are asked about at their gateway — settled as it answers, or
 * failed with their reservation given back when it cannot tell — and idempotency claims past their lease are ended.
 * Each instance may run it: every write is guarded on the state it read.
 */
export function createRecovery({ db, log, intervalMs = 60_000 }: { db: Db; log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void }; intervalMs?: number }) {
  let timer: NodeJS.Timeout | null = null;

  async function runOnce(now = Date.now()) {
    const result = { refundsSucceeded: 0, refundsReleased: 0, claimsReleased: 0 };
    for (const refund of await refunds.strandedRefunds(db, now - STRANDED_REFUND_AFTER_MS, BATCH)) {
      const outcome = await askGateway(refund);
      if (outcome?.outcome === 'succeeded') {
        const settled = await refunds.updateRefund(db, refund.id, { status: 'succeeded', gateway_reference: outcome.reference, updated_at: now }, { status: 'settle' });
        if (settled) result.refundsSucceeded++;
      } else if (outcome?.outcome === 'pending') {
        // The gateway has it and owes an answer: the reservation stays; asked again next round.
      } else if (await failRefund(db, refund, now)) {
        result.refundsReleased++;
      }
    }
    result.claimsReleased = await releaseExpiredClaims(db, now);
    if (result.refundsSucceeded + result.refundsReleased > 0) log.info(result, 'recovered refunds left processing by a crash');
    return result;
  }

  /** What the refund's gateway says about it; null when it cannot tell (no status query, or the query failed). */
  async function askGateway(refund: refunds.RefundRow) {
    const payment = await db.selectFrom('payments').selectAll().where('id', '=', refund.payment_id).executeTakeFirst();
    const provider = payment?.payment_method ? providers[payment.payment_method] : undefined;
    if (!payment || !provider?.refundStatus) return null;
    try {
      return await provider.refundStatus(gatewayRefundRequest(payment, refund));
    } catch (err) {
      log.warn({ refundId: refund.id, err: { name: (err as Error).name, message: (err as Error).message } }, 'refund status query failed; releasing the refund');
      return null;
    }
  }

  return {
    runOnce,
    start() {
      timer = setInterval(() => runOnce().catch((err) => log.warn({ err }, 'recovery failed')), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

