import type { Transitions } from '../../lib/transitions.js';

/**
 * A refund's vocabularies (the columns are the types, db/tables/payments.ts). A gateway refund is `processing` until
 * the gateway settles it; a manual refund is `succeeded` at once and its money is `due` until someone pays it out.
 */
export type RefundKind = 'gateway' | 'manual';
export type RefundStatus = 'processing' | 'succeeded' | 'failed';
export type RefundPayout = 'not_needed' | 'due' | 'paid';
export type RefundSource = 'api' | 'admin';

/** Every move of a refund's status, by name, with the states it may start from and end in (refunds/repository.ts). */
export const REFUND_TRANSITIONS = {
  /** The gateway accepted the refund: settled, or still processing when it settles later. */
  settle: { from: ['processing'], to: ['succeeded', 'processing'] },
  /** The gateway refused it (or the recovery job found it refused): the reservation is given back. */
  fail: { from: ['processing'], to: ['failed'] },
} as const satisfies Transitions<RefundStatus>;
export type RefundTransition = keyof typeof REFUND_TRANSITIONS;

/** The payout of a manual refund: an administrator records that the money was sent back by hand. */
export const PAYOUT_TRANSITIONS = {
  pay_out: { from: ['due'], to: ['paid'] },
} as const satisfies Transitions<RefundPayout>;
export type PayoutTransition = keyof typeof PAYOUT_TRANSITIONS;

/**
 * A refund's status as the dashboard shows it. A manual refund is `succeeded` once recorded, but the customer has their
 * money only when someone pays it out: until then it reads "To be paid out", never "Done".
 */
export function refundStatusLabel(r: { status: RefundStatus; payout: RefundPayout }): 'Processing' | 'To be paid out' | 'Done' | 'Failed' {
  switch (r.status) {
    case 'processing':
      return 'Processing';
    case 'failed':
      return 'Failed';
    case 'succeeded':
      return r.payout === 'due' ? 'To be paid out' : 'Done';
  }
}
