import type { Transitions } from '../../lib/transitions.js';

/** The channels an alert can go to (PRODUCT.md §7). */
export const CHANNEL_KINDS = ['telegram', 'email', 'slack', 'discord'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Every alert event, in the order the dashboard lists them (PRODUCT.md §7). */
export const ALERT_EVENTS = [
  'payment.completed',
  'payment.pending_approval',
  'payment.refunded',
  'refund.failed',
  'sms.unmatched',
  'sms.review',
  'device.silent',
  'key.expiring',
  'summary.daily',
] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export const ALERT_LANGUAGES = ['en', 'bn'] as const;
export type AlertLanguage = (typeof ALERT_LANGUAGES)[number];

/**
 * Events that come in bursts (a sale, a batch of SMS): alerts of one of these for one channel within a minute
 * (ALERT_BURST_SECONDS) of the first become one message naming each of them (docs/decisions/110-alert-outbox-and-coalescing.md). The others are
 * one a day or one per device, and go at once.
 */
export const COALESCED_EVENTS: ReadonlySet<AlertEvent> = new Set([
  'payment.completed',
  'payment.pending_approval',
  'payment.refunded',
  'refund.failed',
  'sms.unmatched',
  'sms.review',
]);

/** An alert's delivery to one channel: the same lifecycle as an IPN delivery, without superseding. */
export type AlertDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** Every guarded update of an alert delivery (alerts/repository.ts). */
export const ALERT_DELIVERY_TRANSITIONS = {
  /** A worker leases the due deliveries of one channel and event; the status stays. */
  claim: { from: ['pending'], to: ['pending'] },
  /** The channel did not take it: tried again later (Telegram's retry_after, or backoff). */
  retry: { from: ['pending'], to: ['pending'] },
  /** Not taken within the retry window. */
  fail: { from: ['pending'], to: ['failed'] },
  /** The channel accepted the message that carried it. */
  deliver: { from: ['pending'], to: ['delivered'] },
} as const satisfies Transitions<AlertDeliveryStatus>;
