import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { getBrand } from '../../modules/brands/service.js';
import { authorize } from '../../modules/team/service.js';
import { isTwoFactorRequired } from '../../modules/two-factor/service.js';
import { routeAccess } from '../admin/route-permissions.js';

/**
 * onRequest hook for /admin/api, after the session hook (so before any body is read): the one place an admin route's permission is checked, from the
 * route table (http/admin/route-permissions.ts). A route missing from the table is refused. On a `:brand` route it
 * resolves the brand (404 for an unknown slug and for a brand the administrator does not belong to) and the role in it.
 */
export function adminAccess(deps: { db: Db }) {
  return async function adminAccessHook(request: FastifyRequest, _reply: FastifyReply) {
    const route = routeAccess(request);
    if (!route) return;
    const { key, access } = route;
    if (access === undefined) throw new DuarError('forbidden', `${key} has no entry in the admin route permission table`);
    if (access === 'public' || access === 'signed_in') return;
    if (access === 'installation_owner') {
      if (!request.session.installationOwner) throw new DuarError('forbidden', 'Only the installation owner (its first administrator) can do this');
      return;
    }
    const slug = (request.params as { brand?: string }).brand;
    if (slug === undefined) throw new DuarError('forbidden', `${key} names a brand permission but has no :brand`);
    const brand = await getBrand(deps.db, slug);
    request.role = await authorize(deps.db, request.session.admin.id, brand, access);
    // A brand that requires two-factor sign-in lets a member without it read only the switch (to see why).
    if (!request.session.twoFactor && key !== 'GET /brands/:brand/two-factor' && (await isTwoFactorRequired(deps.db, brand.id))) {
      throw new DuarError('two_factor_setup_required', 'This brand requires two-factor sign-in: turn it on for your account first');
    }
    request.brand = brand;
  };
}
