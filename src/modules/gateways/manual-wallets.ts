import { METHOD_LABELS, type MethodId, type PaymentMethodProvider } from './types.js';

/**
 * Manual mobile wallets: the customer sends money to the merchant's number, then types the sender number and the
 * TrxID; an administrator checks the wallet and approves. No API, so refunds are recorded and paid out by hand.
 * Offered by the MFS variants only (not `/global` or `/bank`, whose clients expect other rails).
 */
function wallet(id: Extract<MethodId, 'bkash' | 'nagad' | 'rocket' | 'upay'>): PaymentMethodProvider {
  return {
    id,
    label: METHOD_LABELS[id],
    kind: 'manual_wallet',
    offeredIn: (variant) => variant === 'checkout-v2' || variant === 'checkout' || variant === 'checkout-v2/mfs',
  };
}

export const bkash = wallet('bkash');
export const nagad = wallet('nagad');
export const rocket = wallet('rocket');
export const upay = wallet('upay');

export const ACCOUNT_TYPES = ['personal', 'agent', 'merchant'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Bangladeshi mobile numbers: 01[3-9] + 8 digits; spaces, dashes and a +88/88 prefix are tolerated on input. */
export function normalizeMobileNumber(value: string): string | null {
  const digits = value.replace(/[\s-]/g, '').replace(/^\+?88(?=01)/, '');
  return /^01[3-9]\d{8}$/.test(digits) ? digits : null;
}

/**
 * Wallet TrxIDs are ASCII letters and digits; compared in uppercase so `8n7a6d5c4b` and `8N7A6D5C4B` are one
 * transaction. Only a–z are upper-cased: `toUpperCase` would turn look-alikes such as the dotless `ı` or the long `ſ`
 * into ASCII letters, so they, inner spaces and anything else are refused.
 */
export function normalizeTransactionId(value: string): string | null {
  const trimmed = value.trim().replace(/[a-z]/g, (c) => c.toUpperCase());
  return /^[A-Z0-9]{6,30}$/.test(trimmed) ? trimmed : null;
}
