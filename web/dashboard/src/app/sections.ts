import { allows, type Permission, type Role } from '../../../../src/modules/team/roles.js';

/**
 * What each section of the dashboard needs, by its path under /brands/:brand/. The menu shows only what the role may
 * open; the server checks every request again (src/http/admin/route-permissions.ts), so this only spares people pages
 * that would answer "forbidden".
 */
const SECTIONS: [prefix: string, permission: Permission][] = [
  ['overview', 'payments.read'],
  ['payments', 'payments.read'],
  ['links', 'payments.read'],
  ['invoices/new', 'links.write'],
  ['invoices', 'payments.read'],
  ['sms', 'sms.read'],
  ['settings/general', 'brand.read'],
  ['settings/api', 'keys.manage'],
  ['settings/payment-methods', 'settings.read'],
  ['settings/currencies', 'settings.read'],
  ['settings/webhooks', 'webhooks.manage'],
  ['settings/devices', 'devices.manage'],
  ['settings/alerts', 'settings.read'],
  ['settings/audit', 'audit.read'],
  ['settings/team', 'team.manage'],
];

/** Whether the role may open the section (`payments/pay_…` is under `payments`); unknown sections (and `account/…`, everyone's own) are left to the router. */
export function canOpen(role: Role, section: string): boolean {
  const match = SECTIONS.find(([prefix]) => section === prefix || section.startsWith(`${prefix}/`));
  return match ? allows(role, match[1]) : true;
}

/** Where a brand opens: the Overview, which every role may read. */
export function landingSection(_role: Role): string {
  return 'overview';
}
