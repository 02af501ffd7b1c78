/**
 * The wallets whose "money received" SMS Duar reads, their default sender IDs, and the kinds of credit a message can
 * report. Sender IDs and formats: docs/decisions/050-devices-and-sms-verification.md.
 */
export const SMS_PROVIDERS = ['bkash', 'nagad', 'rocket', 'upay', 'tap', 'cellfin', 'okwallet', 'mcash', 'pathaopay'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

export function isSmsProvider(value: string): value is SmsProvider {
  return (SMS_PROVIDERS as readonly string[]).includes(value);
}

export const PROVIDER_LABELS: Record<SmsProvider, string> = {
  bkash: 'bKash',
  nagad: 'Nagad',
  rocket: 'Rocket',
  upay: 'Upay',
  tap: 'Tap',
  cellfin: 'Cellfin',
  okwallet: 'OK Wallet',
  mcash: 'mCash',
  pathaopay: 'Pathao Pay',
};

/**
 * The sender IDs Android reports for each wallet's own messages, compared case-insensitively and exactly (never as a
 * substring: "any SMS mentioning bKash" was a real hole in another gateway). A brand can edit them.
 * Rocket's 16216 is shared with Dutch-Bangla Bank's alerts and OTPs; its strict templates tell them apart.
 */
export const DEFAULT_SENDER_IDS: Record<SmsProvider, string[]> = {
  bkash: ['bKash'],
  nagad: ['NAGAD'],
  rocket: ['16216'],
  upay: ['upay'],
  tap: ['tap.'],
  cellfin: ['IBBL .'],
  okwallet: ['16269', '01847-348685'],
  mcash: ['16259'],
  pathaopay: ['PathaoPay'],
};

/**
 * What kind of money came in. Every kind feeds the balance chain; only the kinds a payment method accepts can pay a
 * checkout (gateways/settings.ts), by default the three a customer uses to pay a merchant's number.
 */
export const CREDIT_KINDS = ['send_money', 'payment', 'agent_cash_out', 'cash_in', 'bank_deposit', 'b2b', 'cashback', 'refund'] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];
export const DEFAULT_ACCEPTED_KINDS: readonly CreditKind[] = ['send_money', 'payment', 'agent_cash_out'];

export function isCreditKind(value: string): value is CreditKind {
  return (CREDIT_KINDS as readonly string[]).includes(value);
}

/** The provider whose sender IDs include `from` (trimmed, case-insensitive, exact), or null. */
export function providerOfSender(from: string, senders: Record<SmsProvider, readonly string[]>): SmsProvider | null {
  const wanted = from.trim().toLowerCase();
  if (!wanted) return null;
  for (const provider of SMS_PROVIDERS) {
    if (senders[provider].some((s) => s.trim().toLowerCase() === wanted)) return provider;
  }
  return null;
}
