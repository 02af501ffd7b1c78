import type { Role } from '../../../api/types.js';

/** What each role may do, in the words of PRODUCT.md §9 (src/modules/team/roles.ts is the table the server checks). */
export const ROLE_WORDS: Record<Role, string> = {
  owner: 'Everything, including the team and deleting the brand',
  admin: 'Everything but the team',
  manager: 'Payments, approvals, refunds, links, invoices and SMS data; no keys, devices, webhooks or settings',
  viewer: 'Reads only; no secrets, approvals or refunds',
};

const NAMES: Record<Role, string> = { owner: 'Owner', admin: 'Admin', manager: 'Manager', viewer: 'Viewer' };

/** The roles as a Select offers them. */
export const ROLE_CHOICES = (Object.keys(NAMES) as Role[]).map((value) => ({ value, label: NAMES[value] }));

export const roleName = (role: Role) => NAMES[role];
