import type { Transitions } from '../../lib/transitions.js';

/**
 * SMS data states (the column is the type). `approved` can pay a checkout; `awaiting_review` waits for the balance
 * chain or a person (balance mismatch, unknown format); `used` paid exactly one payment; `trashed` is set aside by a
 * person; `error` is a message Duar could not take in.
 */
export const SMS_STATES = ['approved', 'awaiting_review', 'used', 'trashed', 'error'] as const;
export type SmsState = (typeof SMS_STATES)[number];

/** What became of one forwarded message, as the device endpoint answers it. */
export type IngestStatus = SmsState | 'ignored' | 'duplicate';

/** Where a stored message came from: the forwarding app on a phone, the dashboard, the CLI, or "Send a test SMS". */
export type SmsSource = 'device' | 'admin' | 'cli' | 'test';

/**
 * Every transition a person or the chain may make, by name, with the states it may start from and end in: one table
 * that feeds the guarded updates (sms/repository.ts).
 */
export const SMS_TRANSITIONS = {
  /** A person, or the balance chain once the missing messages arrived. */
  approve: { from: ['awaiting_review'], to: ['approved'] },
  trash: { from: ['approved', 'awaiting_review', 'error'], to: ['trashed'] },
  /** Back to review, so a restored message is never used without a second look. */
  restore: { from: ['trashed'], to: ['awaiting_review'] },
  /** The message pays exactly one payment. */
  use: { from: ['approved'], to: ['used'] },
} as const satisfies Transitions<SmsState>;
export type SmsTransition = keyof typeof SMS_TRANSITIONS;
/** The states a transition may end in. */
export type SmsTarget<T extends SmsTransition> = (typeof SMS_TRANSITIONS)[T]['to'][number];

/** Stable reason codes, each with the sentence the dashboard shows. */
export const SMS_REASONS = {
  first_credit: 'The first message of this wallet: its balance starts the chain.',
  balance_continues: 'The balance continues from the previous message.',
  balance_mismatch: 'The balance in the message does not follow from the last known balance; a message may be missing, or this one is not genuine.',
  chain_closed: 'Approved automatically once the missing messages arrived and the balances agreed.',
  no_balance: 'This wallet’s messages carry no balance, so there is no chain to check.',
  unknown_format: 'From a wallet’s sender, but not in any known format of its “money received” message.',
  approved_by_admin: 'Approved by an administrator.',
  restored: 'Restored from the trash: approve it again to use it.',
  test_message: 'A test message sent from the dashboard: it can complete only test payments and never touches a balance chain.',
  trashed: 'Moved to the trash by an administrator.',
  unknown_sender: 'Not from a sender ID of any wallet.',
  not_a_credit: 'Not a “money received” message (an OTP, a payment you made, a failed transfer or a promotion).',
  same_message: 'The same message was received before.',
  trx_already_stored: 'A message with this TrxID was received before.',
  malformed: 'The message is missing its sender or text, or its text is too long.',
} as const;
export type SmsReason = keyof typeof SMS_REASONS;
