import type { Transitions } from '../../lib/transitions.js';

/**
 * An IPN delivery's status. `superseded`: a newer IPN of the same payment was queued before this one was delivered, so
 * it is never sent (again): the receiver must not be told an older state after a newer one (ADR 021).
 */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'superseded';

/** The event an IPN delivery carries: the payment's new state, or an administrator's resend of the current one. */
export type IpnEvent = 'payment.completed' | 'payment.pending' | 'payment.resend';

/** What one send attempt came to (`webhook_attempts.outcome`). */
export type AttemptOutcome = 'acknowledged' | 'http_error' | 'timeout' | 'network_error' | 'refused';

/** Every guarded update of a delivery, by name, with the statuses it may start from and end in (webhooks/repository.ts). */
export const DELIVERY_TRANSITIONS = {
  /** A worker leases a due delivery; the status stays. */
  claim: { from: ['pending'], to: ['pending'] },
  /** A newer IPN of the same payment is being queued. */
  supersede: { from: ['pending'], to: ['superseded'] },
  /** The attempt failed and will be retried. */
  retry: { from: ['pending'], to: ['pending'] },
  /** The attempt failed and the retry window is over (or the address is refused). */
  fail: { from: ['pending'], to: ['failed'] },
  /** A 2xx, also for a delivery superseded while it was in flight: the receiver did get it. */
  deliver: { from: ['pending', 'superseded'], to: ['delivered'] },
  /** A superseded delivery's attempt ended without a 2xx: it stays superseded, the attempt's answer is kept. */
  keep: { from: ['superseded'], to: ['superseded'] },
} as const satisfies Transitions<DeliveryStatus>;
export type DeliveryTransition = keyof typeof DELIVERY_TRANSITIONS;
