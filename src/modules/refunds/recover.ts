import type { Db } from '../../db/index.js';
import { providers } from '../gateways/index.js';
import { findPayment } from '../payments/access.js';
import * as repo from './repository.js';
import { failRefund, gatewayRefundRequest } from './service.js';

/**
 * A gateway refund still `processing` this long after its last change was left so by a crash between the reservation
 * and the gateway's answer (refunds/service.ts): a live request has had its answer long before (gateway calls time out
 * well within this). Any instance may be mid-call, so younger ones are left alone.
 */
export const STRANDED_REFUND_AFTER_MS = 60_000;

type Warn = (obj: object, msg: string) => void;

/**
 * Asks the gateway about up to `limit` refunds stranded in `processing`: settled as it answers, or failed with their
 * reservation given back when it cannot tell; one it still holds (pending) is left for the next round. Every write is
 * guarded on the status it read, so instances running this at once settle a refund once.
 */
export async function recoverStrandedRefunds(db: Db, now: number, limit: number, warn: Warn): Promise<{ succeeded: number; released: number }> {
  const counts = { succeeded: 0, released: 0 };
  for (const refund of await repo.strandedRefunds(db, now - STRANDED_REFUND_AFTER_MS, limit)) {
    const outcome = await askGateway(db, refund, warn);
    if (outcome?.outcome === 'succeeded') {
      const settled = await repo.updateRefund(
        db,
        refund.id,
        { status: 'succeeded', gateway_reference: outcome.reference, updated_at: now },
        { status: 'settle' },
      );
      if (settled) counts.succeeded++;
    } else if (outcome?.outcome === 'pending') {
      // The gateway has it and owes an answer: the reservation stays; asked again next round.
    } else if (await failRefund(db, refund, now, 'The gateway could not say whether it was made; released so it can be tried again')) {
      counts.released++;
    }
  }
  return counts;
}

/** What the refund's gateway says about it; null when it cannot tell (no status query, or the query failed). */
async function askGateway(db: Db, refund: repo.RefundRow, warn: Warn) {
  const payment = await findPayment(db, refund.payment_id, refund.brand_id);
  const provider = payment?.payment_method ? providers[payment.payment_method] : undefined;
  if (!payment || !provider?.refundStatus) return null;
  try {
    return await provider.refundStatus(gatewayRefundRequest(payment, refund));
  } catch (err) {
    warn({ refundId: refund.id, err: { name: (err as Error).name, message: (err as Error).message } }, 'refund status query failed; releasing the refund');
    return null;
  }
}
