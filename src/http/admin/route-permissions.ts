import type { FastifyRequest } from 'fastify';
import type { Permission } from '../../modules/team/roles.js';

/**
 * What each admin route requires, one line a route (paths under /admin/api; HEAD follows GET). One hook checks it on
 * every request (http/plugins/admin-session.ts); a route missing here is refused (403 `forbidden`), and
 * test/admin/route-permissions.test.ts walks the live route table × every role and fails, naming the line to add.
 * - `public`: no session (setup, sign-in);
 * - `signed_in`: any administrator, for their own account and sessions;
 * - `installation_owner`: the installation's first administrator (creating brands);
 * - a permission (modules/team/roles.ts): the administrator's role in the `:brand` of the path must hold it.
 * docs/decisions/080-route-permission-table.md
 */
export type RouteAccess = 'public' | 'signed_in' | 'installation_owner' | Permission;

export const ROUTE_PERMISSIONS: Record<string, RouteAccess> = {
  // session
  'POST /setup': 'public',
  'POST /session': 'public',
  'GET /session': 'public',
  'GET /session/status': 'public',
  'DELETE /session': 'signed_in',
  'GET /abilities': 'signed_in',
  // accepting an invitation, a forgotten password (tokens in the body)
  'POST /invitations/preview': 'public',
  'POST /invitations/accept': 'public',
  'POST /password-reset': 'public',
  'POST /password-reset/confirm': 'public',
  // the administrator's own account and sessions
  'GET /me': 'signed_in',
  'PUT /me/password': 'signed_in',
  'GET /me/sessions': 'signed_in',
  'DELETE /me/sessions': 'signed_in',
  'DELETE /me/sessions/:id': 'signed_in',
  // the administrator's own two-factor sign-in
  'GET /me/two-factor': 'signed_in',
  'POST /me/two-factor': 'signed_in',
  'POST /me/two-factor/confirm': 'signed_in',
  'DELETE /me/two-factor': 'signed_in',
  // brands
  'GET /brands': 'signed_in',
  'POST /brands': 'installation_owner',
  'GET /brands/:brand': 'brand.read',
  'PATCH /brands/:brand': 'settings.write',
  'GET /brands/:brand/customer-pages': 'settings.read',
  'PATCH /brands/:brand/customer-pages': 'settings.write',
  'GET /brands/:brand/two-factor': 'brand.read',
  'PUT /brands/:brand/two-factor': 'team.manage',
  // team: members, roles, invitations
  'GET /brands/:brand/team': 'team.manage',
  'POST /brands/:brand/team': 'team.manage',
  'PATCH /brands/:brand/team/:id': 'team.manage',
  'DELETE /brands/:brand/team/:id': 'team.manage',
  // API Settings
  'GET /brands/:brand/api-keys': 'keys.manage',
  'POST /brands/:brand/api-keys': 'keys.manage',
  'GET /brands/:brand/api-keys/:id': 'keys.manage',
  'PATCH /brands/:brand/api-keys/:id': 'keys.manage',
  'DELETE /brands/:brand/api-keys/:id': 'keys.manage',
  'POST /brands/:brand/api-keys/:id/roll': 'keys.manage',
  'GET /brands/:brand/api-keys/:id/usage': 'keys.manage',
  'GET /brands/:brand/api-endpoints': 'keys.manage',
  // audit
  'GET /brands/:brand/audit-log': 'audit.read',
  // webhooks
  'GET /brands/:brand/webhook-deliveries': 'webhooks.manage',
  'POST /brands/:brand/webhook-deliveries/:id/resend': 'webhooks.manage',
  'POST /brands/:brand/webhook-test': 'webhooks.manage',
  'GET /brands/:brand/webhook-secret': 'webhooks.manage',
  'POST /brands/:brand/webhook-secret/rotate': 'webhooks.manage',
  'GET /brands/:brand/webhook-settings': 'webhooks.manage',
  'PATCH /brands/:brand/webhook-settings': 'webhooks.manage',
  // Overview (the brand's first page)
  'GET /brands/:brand/overview': 'payments.read',
  // payments
  'GET /brands/:brand/payments': 'payments.read',
  'GET /brands/:brand/payments/:id': 'payments.read',
  'GET /brands/:brand/payments/export.csv': 'payments.read',
  'GET /brands/:brand/refunds/export.csv': 'payments.read',
  'GET /brands/:brand/invoices.csv': 'payments.read',
  'POST /brands/:brand/payments/:id/approve': 'payments.approve',
  'POST /brands/:brand/payments/:id/reject': 'payments.approve',
  'POST /brands/:brand/payments/:id/ipn': 'payments.approve',
  // a test SMS is SMS data (it is stored, marked test) that may complete a test payment, as a pasted SMS may
  'POST /brands/:brand/payments/:id/test-sms': 'sms.write',
  'POST /brands/:brand/payments/:id/refunds': 'payments.refund',
  'POST /brands/:brand/payments/:id/refunds/:refund_id/paid-out': 'payments.refund',
  // payment methods, currencies
  'GET /brands/:brand/payment-methods': 'settings.read',
  'PATCH /brands/:brand/payment-methods/:method': 'settings.write',
  'GET /brands/:brand/currencies': 'settings.read',
  'PUT /brands/:brand/currencies/:currency': 'settings.write',
  'DELETE /brands/:brand/currencies/:currency': 'settings.write',
  // alerts (channels show only a hint of a bot token)
  'GET /brands/:brand/alert-channels': 'settings.read',
  'POST /brands/:brand/alert-channels': 'settings.write',
  'PATCH /brands/:brand/alert-channels/:id': 'settings.write',
  'DELETE /brands/:brand/alert-channels/:id': 'settings.write',
  'POST /brands/:brand/alert-channels/:id/test': 'settings.write',
  'GET /brands/:brand/alerts': 'audit.read',
  // payment links
  'GET /brands/:brand/payment-links': 'payments.read',
  'POST /brands/:brand/payment-links': 'links.write',
  'GET /brands/:brand/payment-links/:id': 'payments.read',
  'PATCH /brands/:brand/payment-links/:id': 'links.write',
  'DELETE /brands/:brand/payment-links/:id': 'links.write',
  'GET /brands/:brand/payment-links/:id/qr.png': 'payments.read',
  'GET /brands/:brand/payment-links/:id/qr.svg': 'payments.read',
  // invoices
  'GET /brands/:brand/invoices': 'payments.read',
  'POST /brands/:brand/invoices': 'links.write',
  'GET /brands/:brand/invoices/:id': 'payments.read',
  'PATCH /brands/:brand/invoices/:id': 'links.write',
  'POST /brands/:brand/invoices/:id/send': 'links.write',
  'POST /brands/:brand/invoices/:id/mark-paid': 'links.write',
  'POST /brands/:brand/invoices/:id/void': 'links.write',
  'GET /brands/:brand/invoice-settings': 'payments.read',
  'PATCH /brands/:brand/invoice-settings': 'settings.write',
  // devices
  'GET /brands/:brand/devices': 'devices.manage',
  'POST /brands/:brand/devices': 'devices.manage',
  'GET /brands/:brand/devices/:id': 'devices.manage',
  'POST /brands/:brand/devices/:id/revoke': 'devices.manage',
  // SMS
  'GET /brands/:brand/sms': 'sms.read',
  'POST /brands/:brand/sms': 'sms.write',
  'GET /brands/:brand/sms/:id': 'sms.read',
  'GET /brands/:brand/sms/export.csv': 'sms.read',
  'POST /brands/:brand/sms/:id/approve': 'sms.write',
  'POST /brands/:brand/sms/:id/trash': 'sms.write',
  'POST /brands/:brand/sms/:id/restore': 'sms.write',
  'GET /brands/:brand/sms-wallets': 'sms.read',
  'PUT /brands/:brand/sms-wallets/balance': 'sms.write',
  'GET /brands/:brand/sms-senders': 'sms.read',
  // Trusted senders decide which messages can complete a payment: a setting, not SMS data.
  'PATCH /brands/:brand/sms-senders': 'settings.write',
};

const ADMIN_PREFIX = '/admin/api';

/** The table's key for a route: `GET /brands/:brand` (HEAD is checked as GET). */
export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url.startsWith(ADMIN_PREFIX) ? url.slice(ADMIN_PREFIX.length) : url}`;
}

/** The matched route's key and its entry (undefined when the table lacks it); null when no route matched (a 404). */
export function routeAccess(request: FastifyRequest): { key: string; access: RouteAccess | undefined } | null {
  const url = request.routeOptions.url;
  if (url === undefined) return null;
  const key = routeKey(request.method, url);
  return { key, access: ROUTE_PERMISSIONS[key] };
}
