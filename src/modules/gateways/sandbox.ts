import { createHash } from 'node:crypto';
import { randomBase62 } from '../../lib/ids.js';
import { METHOD_LABELS, type PaymentMethodProvider } from './types.js';

/**
 * The Sandbox method lets merchants test an integration end to end: the customer picks the outcome. Offered in every
 * checkout variant (it is a test tool, not a real money route), and it "refunds through its gateway" so the gateway
 * refund path can be exercised too. Like a real gateway keyed by Duar's refund id, it settles every refund it is sent
 * and, asked later about one (recovery after a crash, jobs/recovery.ts), answers the same: succeeded, same reference.
 */
export const sandbox: PaymentMethodProvider = {
  id: 'sandbox',
  label: `${METHOD_LABELS.sandbox} (test payment)`,
  kind: 'sandbox',
  offeredIn: () => true,
  refund: async ({ refundId }) => ({ outcome: 'succeeded', reference: sandboxRefundReference(refundId) }),
  refundStatus: async ({ refundId }) => ({ outcome: 'succeeded', reference: sandboxRefundReference(refundId) }),
};

/** Stable per refund, so the refund call and a later status query name the same gateway refund. */
function sandboxRefundReference(refundId: string): string {
  return `SBR${createHash('sha256').update(refundId).digest('hex').slice(0, 12).toUpperCase()}`;
}

/** Uppercase alphanumeric, like real wallet TrxIDs, so merchants' TrxID handling is exercised realistically. */
export function sandboxReference(prefix: string): string {
  return prefix + randomBase62(12).toUpperCase();
}

/** The sender number sandbox payments report (a placeholder in the Bangladeshi mobile format clients display). */
export const SANDBOX_SENDER = '01000000000';
