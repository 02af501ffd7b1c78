/** What the audit log records (the `action` column) and the kinds the audit page filters by. No imports, so the table type can use them. */
export const AUDIT_ACTIONS = [
  'api_key.created',
  'api_key.updated',
  'api_key.activated',
  'api_key.deactivated',
  'api_key.deleted',
  'api_key.rolled',
  'payment.approved',
  'payment.rejected',
  'payment.refunded',
  'payment.refund_paid_out',
  'payment.ipn_resent',
  'webhook_secret.rotated',
  'webhook.test_sent',
  'brand.created',
  'brand.updated',
  'payment_method.updated',
  'session.signed_in',
  'session.sign_in_failed',
  'session.signed_out',
  'payment.completed_by_sms',
  'device.created',
  'device.revoked',
  'sms.added',
  'sms.approved',
  'sms.trashed',
  'sms.restored',
  'sms_wallet.balance_set',
  'sms_senders.updated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_SUBJECTS = ['api_key', 'payment', 'webhook_secret', 'webhook', 'brand', 'payment_method', 'session', 'device', 'sms', 'sms_wallet', 'sms_senders'] as const;
export type AuditSubject = (typeof AUDIT_SUBJECTS)[number];
