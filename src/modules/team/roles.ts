/**
 * Roles per brand and what each may do (PRODUCT.md §9). No imports, so the table types can use them.
 * The admin API's route table (http/admin/route-permissions.ts) names one permission per route; this file says which
 * roles hold it. docs/decisions/080-route-permission-table.md explains the choice.
 */
export const ROLES = ['owner', 'admin', 'manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Every permission and the roles that hold it. Read it as the contract:
 * - owner: everything, including the team and deleting the brand;
 * - admin: everything but the team;
 * - manager: payments, approvals, refunds, links, invoices and SMS data; no keys, devices, webhooks or settings;
 * - viewer: reads; no secrets, approvals or refunds.
 */
export const GRANTS = {
  /** The brand's name, slug, domain, time zone and currency. */
  'brand.read': ['owner', 'admin', 'manager', 'viewer'],
  /** Payments, their refunds and their delivery state. */
  'payments.read': ['owner', 'admin', 'manager', 'viewer'],
  /** Approve or reject a waiting payment, send its IPN again. */
  'payments.approve': ['owner', 'admin', 'manager'],
  /** Refund a payment and record a refund as paid out. */
  'payments.refund': ['owner', 'admin', 'manager'],
  /** Payment links and invoices. */
  'links.write': ['owner', 'admin', 'manager'],
  /** SMS messages, wallets and their balances, trusted senders (reading). */
  'sms.read': ['owner', 'admin', 'manager', 'viewer'],
  /** Add an SMS by hand, approve, trash or restore one, set a wallet balance. */
  'sms.write': ['owner', 'admin', 'manager'],
  /** The brand's audit log. */
  'audit.read': ['owner', 'admin', 'manager', 'viewer'],
  /** Reading the brand's settings: payment methods, currencies (nothing secret). */
  'settings.read': ['owner', 'admin', 'manager', 'viewer'],
  /** Changing the brand's settings: the brand itself, payment methods, currencies and fees, trusted SMS senders. */
  'settings.write': ['owner', 'admin'],
  /** API Settings: keys (their one-time values), the endpoint list, key usage. */
  'keys.manage': ['owner', 'admin'],
  /** Devices that forward SMS (their one-time keys). */
  'devices.manage': ['owner', 'admin'],
  /** Webhook deliveries, tests and the signing secret. */
  'webhooks.manage': ['owner', 'admin'],
  /** The brand's team: members, roles, invitations, the two-factor requirement. */
  'team.manage': ['owner'],
  /** Deleting the brand. */
  'brand.delete': ['owner'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof GRANTS;

export function allows(role: Role, permission: Permission): boolean {
  return (GRANTS[permission] as readonly Role[]).includes(role);
}
