import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { adminAccess } from '../plugins/admin-access.js';
import { adminSession } from '../plugins/admin-session.js';
import { apiEndpointRoutes } from './api-endpoints.js';
import { apiKeyRoutes } from './api-keys.js';
import { auditLogRoutes } from './audit-log.js';
import { brandRoutes } from './brands.js';
import { sessionRoutes } from './session.js';
import { twoFactorRoutes } from './two-factor.js';
import { meRoutes } from './me.js';
import { teamRoutes } from './team.js';
import { accountRecoveryRoutes } from './account-recovery.js';
import { webhookRoutes } from './webhooks.js';
import { paymentRoutes } from './payments.js';
import { paymentMethodRoutes } from './payment-methods.js';
import { deviceRoutes } from './devices.js';
import { smsRoutes } from './sms.js';
import { currencyRoutes } from './currencies.js';
import { alertRoutes } from './alerts.js';
import { exportRoutes } from './exports.js';
import { linkRoutes } from './links.js';
import { invoiceRoutes } from './invoices.js';
import { overviewRoutes } from './overview.js';

/** The dashboard's JSON API under /admin/api, grouped like the dashboard. */
export async function adminApi(app: FastifyInstance, deps: AppDeps) {
  app.addHook('onRequest', adminSession(deps));
  // Every route's permission, from one table, before its body is read; a `:brand` route acts on an existing brand the
  // administrator belongs to.
  app.addHook('onRequest', adminAccess(deps));
  await app.register(sessionRoutes, deps);
  await app.register(twoFactorRoutes, deps);
  await app.register(meRoutes, deps);
  await app.register(accountRecoveryRoutes, deps);
  await app.register(teamRoutes, deps);
  await app.register(brandRoutes, deps);
  await app.register(apiKeyRoutes, deps);
  await app.register(apiEndpointRoutes, deps);
  await app.register(auditLogRoutes, deps);
  await app.register(webhookRoutes, deps);
  await app.register(paymentRoutes, deps);
  await app.register(paymentMethodRoutes, deps);
  await app.register(deviceRoutes, deps);
  await app.register(smsRoutes, deps);
  await app.register(currencyRoutes, deps);
  await app.register(alertRoutes, deps);
  await app.register(exportRoutes, deps);
  await app.register(linkRoutes, deps);
  await app.register(invoiceRoutes, deps);
  await app.register(overviewRoutes, deps);
}
