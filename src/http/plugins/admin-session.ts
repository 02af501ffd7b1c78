import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/index.js';
import type { Db } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { safeEqual } from '../../lib/crypto.js';
import { findSession, SESSION_TTL_MS } from '../../modules/admins/service.js';
import type { Actor } from '../../modules/audit/audit.js';
import { routeAccess } from '../admin/route-permissions.js';

export const SESSION_COOKIE = 'duar_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieOptions(config: Config) {
  return {
    path: '/admin',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.publicUrl.startsWith('https://'),
    maxAge: SESSION_TTL_MS / 1000,
  };
}

/** A browser names the page's origin on unsafe requests; one from another site is refused (CSRF defence in depth). */
function sameOrigin(request: FastifyRequest, config: Config): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  return origin === new URL(config.publicUrl).origin || origin === `${request.protocol}://${request.host}`;
}

/**
 * onRequest hook for /admin/api: resolves the session cookie and, for state-changing requests, requires the
 * session's CSRF token in `X-CSRF-Token` (synchronizer token; the cookie itself is SameSite=Strict and HttpOnly).
 */
export function adminSession(deps: { db: Db; config: Config }) {
  return async function adminSessionHook(request: FastifyRequest, _reply: FastifyReply) {
    const unsafe = !SAFE_METHODS.has(request.method);
    if (unsafe && !sameOrigin(request, deps.config)) throw new DuarError('csrf_failed', 'Cross-site request refused');
    if (routeAccess(request)?.access === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await findSession(deps.db, token) : null;
    if (!session) throw new DuarError('not_signed_in', 'Sign in to continue; your session has ended or does not exist');
    if (unsafe && !safeEqual(String(request.headers['x-csrf-token'] ?? ''), session.csrfToken)) {
      throw new DuarError('csrf_failed', 'The request is missing its CSRF token; reload the page and try again');
    }
    request.session = session;
  };
}

export function adminActor(request: FastifyRequest): Actor {
  return { label: request.session.admin.email, ip: request.ip };
}
