import type { AuditEntry } from '../../../api/types.js';
import type { AuditAction, AuditSubject } from '../../../../../../src/modules/audit/actions.js';

/** Every action the server records, in words (src/modules/audit/actions.ts: a new action fails the type check until it has words here); a key's actions are short, as the kind says the rest. */
export const ACTIONS: Record<AuditAction, { label: string; color: string }> = {
  'api_key.created': { label: 'Created', color: 'green' },
  'api_key.updated': { label: 'Edited', color: 'blue' },
  'api_key.activated': { label: 'Activated', color: 'teal' },
  'api_key.deactivated': { label: 'Deactivated', color: 'gray' },
  'api_key.deleted': { label: 'Deleted', color: 'red' },
  'api_key.rolled': { label: 'Rolled', color: 'blue' },
  'payment.approved': { label: 'Payment approved', color: 'green' },
  'payment.rejected': { label: 'Payment rejected', color: 'red' },
  'payment.refunded': { label: 'Refunded', color: 'orange' },
  'payment.refund_paid_out': { label: 'Refund paid out', color: 'teal' },
  'payment.ipn_resent': { label: 'IPN sent again', color: 'blue' },
  'payment.completed_by_sms': { label: 'Completed by SMS', color: 'green' },
  'webhook_secret.rotated': { label: 'Signing secret rotated', color: 'orange' },
  'webhook.test_sent': { label: 'Test event sent', color: 'blue' },
  'brand.created': { label: 'Brand created', color: 'green' },
  'brand.updated': { label: 'Brand edited', color: 'blue' },
  'payment_method.updated': { label: 'Payment method changed', color: 'blue' },
  'session.signed_in': { label: 'Signed in', color: 'gray' },
  'session.sign_in_failed': { label: 'Sign-in refused', color: 'red' },
  'session.signed_out': { label: 'Signed out', color: 'gray' },
  'two_factor.enabled': { label: 'Two-factor sign-in turned on', color: 'green' },
  'two_factor.disabled': { label: 'Two-factor sign-in turned off', color: 'orange' },
  'two_factor.recovery_code_used': { label: 'Recovery code used', color: 'orange' },
  'team.invited': { label: 'Invitation sent', color: 'blue' },
  'team.invitation_revoked': { label: 'Invitation withdrawn', color: 'gray' },
  'team.joined': { label: 'Invitation accepted', color: 'green' },
  'team.member_added': { label: 'Member added', color: 'green' },
  'team.role_changed': { label: 'Role changed', color: 'orange' },
  'team.member_removed': { label: 'Member removed', color: 'red' },
  'session.revoked': { label: 'Session signed out', color: 'orange' },
  'session.others_revoked': { label: 'Signed out everywhere else', color: 'orange' },
  'password.changed': { label: 'Password changed', color: 'orange' },
  'password.reset_requested': { label: 'Password reset asked for', color: 'gray' },
  'password.reset': { label: 'Password reset', color: 'orange' },
  'device.created': { label: 'Device connected', color: 'green' },
  'device.revoked': { label: 'Device revoked', color: 'red' },
  'sms.added': { label: 'SMS added', color: 'blue' },
  'sms.approved': { label: 'SMS approved', color: 'green' },
  'sms.trashed': { label: 'SMS trashed', color: 'gray' },
  'sms.restored': { label: 'SMS restored', color: 'blue' },
  'sms.test_sent': { label: 'Test SMS sent', color: 'orange' },
  'sms_wallet.balance_set': { label: 'Wallet balance set', color: 'blue' },
  'sms_senders.updated': { label: 'Sender IDs changed', color: 'blue' },
  'currency.rate_set': { label: 'Currency rate set', color: 'blue' },
  'currency.rate_deleted': { label: 'Currency removed', color: 'gray' },
  'alert_channel.created': { label: 'Alert channel added', color: 'green' },
  'alert_channel.updated': { label: 'Alert channel edited', color: 'blue' },
  'alert_channel.deleted': { label: 'Alert channel removed', color: 'gray' },
  'alert_channel.test_sent': { label: 'Test alert sent', color: 'blue' },
  'payment_link.created': { label: 'Payment link created', color: 'green' },
  'payment_link.updated': { label: 'Payment link edited', color: 'blue' },
  'payment_link.deleted': { label: 'Payment link deleted', color: 'gray' },
  'invoice.created': { label: 'Invoice created', color: 'green' },
  'invoice.updated': { label: 'Invoice edited', color: 'blue' },
  'invoice.sent': { label: 'Invoice sent', color: 'blue' },
  'invoice.marked_paid': { label: 'Invoice marked paid', color: 'green' },
  'invoice.voided': { label: 'Invoice voided', color: 'gray' },
  'invoice.numbering_updated': { label: 'Invoice numbering changed', color: 'blue' },
  'webhook.default_url_set': { label: 'Default webhook URL changed', color: 'blue' },
  'invoice.reminder_sent': { label: 'Invoice reminder emailed', color: 'blue' },
  'invoice.receipt_sent': { label: 'Invoice receipt emailed', color: 'green' },
};

export const KINDS: Record<AuditSubject, string> = {
  api_key: 'API keys',
  payment: 'Payments',
  webhook: 'Webhook test events',
  webhook_secret: 'Webhook signing secret',
  brand: 'Brand',
  payment_method: 'Payment methods',
  session: 'Sign-ins',
  two_factor: 'Two-factor sign-in',
  team: 'Team',
  password: 'Passwords',
  device: 'Devices',
  sms: 'SMS',
  sms_wallet: 'Wallet balances',
  sms_senders: 'Sender IDs',
  currency: 'Currencies',
  alert_channel: 'Alert channels',
  payment_link: 'Payment links',
  invoice: 'Invoices',
};

const FIELD_LABEL: Record<string, string> = {
  name: 'Name',
  abilities: 'Abilities',
  expires_at: 'Expires',
  is_active: 'Active',
  hint: 'Key ends in',
  allowed_ips: 'Allowed IPs',
  rate_limit_per_minute: 'Rate limit per minute',
  url_host: 'Sent to',
  http_status: 'Answer code',
};

/** A test event's outcome (src/modules/webhooks/send.ts) as the merchant reads it. */
const OUTCOMES: Record<string, string> = {
  acknowledged: 'accepted',
  http_error: 'refused by the receiver',
  timeout: 'no answer in time',
  network_error: 'could not connect',
  refused: 'address refused',
};

/** Fields whose empty value means "no end" rather than "nothing". */
const DATES = new Set(['expires_at', 'ends_at']);

function show(field: string, value: unknown): string {
  if (value === null || value === undefined) return DATES.has(field) ? 'never' : 'none';
  if (Array.isArray(value)) return value.join(', ') || 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** One change in words: "Turned off", "Abilities: added payment:refund", "Name: Shop → Shop v2". */
function describeChange(field: string, change: unknown): string {
  const label = FIELD_LABEL[field] ?? field.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  if (field === 'outcome' && typeof change === 'string') return `Answer: ${OUTCOMES[change] ?? change}`;
  if (!(change && typeof change === 'object' && !Array.isArray(change) && 'from' in change)) return `${label}: ${show(field, change)}`;
  const { from, to } = change as { from: unknown; to: unknown };
  if (field === 'is_active') return to ? 'Turned on' : 'Turned off';
  if (Array.isArray(from) && Array.isArray(to)) {
    const added = to.filter((a) => !from.includes(a));
    const removed = from.filter((a) => !to.includes(a));
    return [added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : '']
      .filter(Boolean)
      .join(', ')
      .replace(/^/, `${label}: `);
  }
  return `${label}: ${show(field, from)} → ${show(field, to)}`;
}

/** What changed, in words; for a created or deleted key, its fields. */
export function describe(entry: AuditEntry): string {
  return Object.entries(entry.changes)
    .map(([field, change]) => describeChange(field, change))
    .join('; ');
}
