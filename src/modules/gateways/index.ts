import { bkash, nagad, rocket, upay } from './manual-wallets.js';
import { sandbox } from './sandbox.js';
import type { MethodId, PaymentMethodProvider } from './types.js';

export * from './types.js';

/** The method registry: one provider per method id. */
export const providers: Record<MethodId, PaymentMethodProvider> = { sandbox, bkash, nagad, rocket, upay };
