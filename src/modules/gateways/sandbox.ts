import { randomBase62 } from '../../lib/ids.js';
import type { PaymentMethodProvider } from './types.js';

/**
 * The Sandbox method lets merchants test an integration end to end: the customer picks the outcome. Offered in every
 * checkout variant (it is a test tool, not a real money route), and it "refunds through its gateway" so the gateway
 * refund path can be exercised too.
 */
export const sandbox: PaymentMethodProvider = {
  id: 'sandbox',
  label: 'Sandbox (test payment)',
  kind: 'sandbox',
  offeredIn: () => true,
  refund: async () => ({ outcome: 'succeeded', reference: sandboxReference('SBR') }),
};

/** Uppercase alphanumeric, like real wallet TrxIDs, so merchants' TrxID handling is exercised realistically. */
export function sandboxReference(prefix: string): string {
  return prefix + randomBase62(12).toUpperCase();
}

/** The sender number sandbox payments report (a placeholder in the Bangladeshi mobile format clients display). */
export const SANDBOX_SENDER = '01000000000';
