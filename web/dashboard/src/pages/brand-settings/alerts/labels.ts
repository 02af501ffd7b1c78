import type { AlertEvent, ChannelKind } from '../../../api/types.js';

/** Every alert event as the page names it, in the server's order (modules/alerts/states.ts). */
export const EVENT_LABELS: Record<AlertEvent, string> = {
  'payment.completed': 'Payment completed',
  'payment.pending_approval': 'Payment needs approval',
  'payment.refunded': 'Payment refunded',
  'refund.failed': 'Refund failed',
  'sms.unmatched': 'Money without an order',
  'sms.review': 'SMS held for review',
  'device.silent': 'Phone silent while customers wait',
  'key.expiring': 'API key expiring',
  'summary.daily': 'Daily summary at 21:00',
};

export const KIND_LABELS: Record<ChannelKind, string> = { telegram: 'Telegram', email: 'E-mail', slack: 'Slack', discord: 'Discord' };

export const ALL_EVENTS = Object.keys(EVENT_LABELS) as AlertEvent[];
