import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import { DuarError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validation.js';
import {
  completeSetup,
  countAdmins,
  createSession,
  credentialsInput,
  deleteSession,
  findSession,
  setupInput,
  verifyCredentials,
  type AdminView,
  type Session,
} from '../../modules/admins/admins.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../plugins/admin-session.js';
import { errorBody } from '../plugins/errors.js';
import { recordAudit } from '../../modules/audit/audit.js';
import { isoTime } from '../../lib/dates.js';

/** The dashboard's session: who is signed in, the CSRF token for state-changing requests, and when the session ends. */
const sessionView = (s: Session) => ({ admin: s.admin, csrf_token: s.csrfToken, expires_at: isoTime(s.expiresAt) });
export type SessionView = ReturnType<typeof sessionView>;
/** GET /session/status: answered 200 whether or not anyone is signed in. */
export type SessionStatusView = ({ signed_in: true } & SessionView) | { signed_in: false; setup_required: boolean };

/** Setup of the first administrator, sign-in, sign-out and the current session. */
export async function sessionRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, config, signInLimiter } = deps;

  async function signIn(request: FastifyRequest, reply: FastifyReply, admin: AdminView) {
    // Sign-ins belong to the installation, not a brand: brandId null shows them in every brand's audit log.
    const { token, session } = await db.transaction().execute(async (trx) => {
      const created = await createSession(trx, admin, request.ip);
      await recordAudit(trx, { brandId: null, actor: { label: admin.email, ip: request.ip }, action: 'session.signed_in', targetId: admin.id, changes: {} });
      return created;
    });
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(config)).header('Cache-Control', 'no-store');
    return sessionView(session);
  }

  function throttled(client: string) {
    const retryAfter = signInLimiter.retryAfter(client);
    if (retryAfter > 0) {
      throw new DuarError('too_many_requests', `Too many failed attempts; try again in ${retryAfter} seconds`, { retryAfterSeconds: retryAfter });
    }
  }

  async function counted<T>(client: string, attempt: () => Promise<T>): Promise<T> {
    throttled(client);
    try {
      const result = await attempt();
      signInLimiter.reset(client);
      return result;
    } catch (err) {
      if (err instanceof DuarError && (err.code === 'invalid_credentials' || err.code === 'setup_token_invalid')) signInLimiter.fail(client);
      throw err;
    }
  }

  app.post('/setup', { config: { public: true } }, async (request, reply) => {
    const input = parseInput(setupInput, request.body);
    const admin = await counted(`setup:${request.ip}`, () => completeSetup(db, input));
    return reply.code(201).send(await signIn(request, reply, admin));
  });

  app.post('/session', { config: { public: true } }, async (request, reply) => {
    const input = parseInput(credentialsInput, request.body);
    const admin = await counted(`signin:${request.ip}:${input.email}`, () => verifyCredentials(db, input)).catch(async (err: unknown) => {
      // The email tried, never the password.
      if (err instanceof DuarError && err.code === 'invalid_credentials') {
        await recordAudit(db, { brandId: null, actor: { label: input.email, ip: request.ip }, action: 'session.sign_in_failed', targetId: input.email, changes: { email: input.email } });
      }
      throw err;
    });
    return signIn(request, reply, admin);
  });

  app.get('/session', { config: { public: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await findSession(db, token) : null;
    if (!session) {
      const setupRequired = (await countAdmins(db)) === 0;
      const err = new DuarError('not_signed_in', setupRequired ? 'Create the first administrator with the setup token' : 'Not signed in');
      return reply.code(err.status).send({ ...errorBody(err), setup_required: setupRequired });
    }
    reply.header('Cache-Control', 'no-store');
    return sessionView(session);
  });

  // The dashboard's first question, answered 200 either way: a 401 here would be a red console error on every visit
  // before sign-in (GET /session keeps its 401 for API clients).
  app.get('/session/status', { config: { public: true } }, async (request, reply): Promise<SessionStatusView> => {
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await findSession(db, token) : null;
    reply.header('Cache-Control', 'no-store');
    if (!session) return { signed_in: false, setup_required: (await countAdmins(db)) === 0 };
    return { signed_in: true, ...sessionView(session) };
  });

  app.delete('/session', async (request, reply) => {
    await db.transaction().execute(async (trx) => {
      await deleteSession(trx, request.cookies[SESSION_COOKIE]!);
      const { admin } = request.session;
      await recordAudit(trx, { brandId: null, actor: { label: admin.email, ip: request.ip }, action: 'session.signed_out', targetId: admin.id, changes: {} });
    });
    return reply.clearCookie(SESSION_COOKIE, { path: '/admin' }).code(204).send();
  });
}
