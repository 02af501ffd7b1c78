import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import { DuarError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validation.js';
import {
  completeSetup,
  countAdmins,
  credentialsInput,
  endSession,
  findSession,
  recordFailedSignIn,
  setupInput,
  startSession,
  verifyCredentials,
  type AdminView,
  type Session,
} from '../../modules/admins/service.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../plugins/admin-session.js';
import { errorBody } from '../plugins/errors.js';
import { hasTwoFactor, verifySecondFactor } from '../../modules/two-factor/service.js';
import { isoTime } from '../../lib/dates.js';

/** The dashboard's session: who is signed in, the CSRF token for state-changing requests, and when the session ends. */
const sessionView = (s: Session) => ({
  admin: s.admin,
  csrf_token: s.csrfToken,
  expires_at: isoTime(s.expiresAt),
  /** The installation's first administrator: owns every brand and alone creates brands. */
  installation_owner: s.installationOwner,
  two_factor: s.twoFactor,
});
export type SessionView = ReturnType<typeof sessionView>;
/** GET /session/status: answered 200 whether or not anyone is signed in. */
export type SessionStatusView = ({ signed_in: true } & SessionView) | { signed_in: false; setup_required: boolean };

/** Setup of the first administrator, sign-in, sign-out and the current session. */
export async function sessionRoutes(app: FastifyInstance, deps: AppDeps) {
  signInRoutes(app, deps);
  currentSessionRoutes(app, deps);
}

/** Setup and sign-in: each failed attempt counts against the client, and success starts a session. */
function signInRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;

  app.post('/setup', async (request, reply) => {
    const input = parseInput(setupInput, request.body, { token: 'Setup token', email: 'Email', password: 'Password', shop_name: 'Shop name' });
    const admin = await counted(deps, `setup:${request.ip}`, () => completeSetup(db, input));
    return reply.code(201).send(await signIn(deps, request, reply, admin));
  });

  // With two-factor on, the password alone answers 401 `two_factor_required` (not counted as a failure); a wrong or
  // replayed code counts against the same limit as a wrong password.
  app.post('/session', async (request, reply) => {
    const input = parseInput(credentialsInput, request.body);
    const admin = await counted(deps, `signin:${request.ip}:${input.email}`, async () => {
      const found = await verifyCredentials(db, input).catch(async (err: unknown) => {
        if (err instanceof DuarError && err.code === 'invalid_credentials') await recordFailedSignIn(db, input.email, request.ip);
        throw err;
      });
      if (await hasTwoFactor(db, found.id)) {
        if (!input.code) throw new DuarError('two_factor_required', 'Enter the 6-digit code from your authenticator app, or one of your recovery codes');
        await verifySecondFactor(db, deps.appKey, found.id, input.code, deps.now(), { label: found.email, ip: request.ip });
      }
      return found;
    });
    return signIn(deps, request, reply, admin);
  });
}

/** The session cookie's session: shown, asked about, ended. */
function currentSessionRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get('/session', async (request, reply) => {
    const session = await cookieSession(db, request);
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
  app.get('/session/status', async (request, reply): Promise<SessionStatusView> => {
    const session = await cookieSession(db, request);
    reply.header('Cache-Control', 'no-store');
    if (!session) return { signed_in: false, setup_required: (await countAdmins(db)) === 0 };
    return { signed_in: true, ...sessionView(session) };
  });

  app.delete('/session', async (request, reply) => {
    await endSession(db, request.cookies[SESSION_COOKIE]!, request.session.admin, request.ip);
    return reply.clearCookie(SESSION_COOKIE, { path: '/admin' }).code(204).send();
  });
}

/** The session the request's cookie names, or null. */
async function cookieSession(db: AppDeps['db'], request: FastifyRequest): Promise<Session | null> {
  const token = request.cookies[SESSION_COOKIE];
  return token ? await findSession(db, token) : null;
}

/** Starts a session for the administrator and sets its cookie. */
async function signIn({ db, config }: AppDeps, request: FastifyRequest, reply: FastifyReply, admin: AdminView) {
  const { token, session } = await startSession(db, admin, request.ip);
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(config)).header('Cache-Control', 'no-store');
  return sessionView(session);
}

const FAILURES = new Set<string>(['invalid_credentials', 'setup_token_invalid', 'invalid_two_factor_code']);

/** Runs a sign-in attempt under the client's failure limit: refused while throttled, a wrong secret counts, success resets. */
async function counted<T>({ signInLimiter }: AppDeps, client: string, attempt: () => Promise<T>): Promise<T> {
  const retryAfter = signInLimiter.retryAfter(client);
  if (retryAfter > 0) {
    throw new DuarError('too_many_requests', `Too many failed attempts; try again in ${retryAfter} seconds`, { retryAfterSeconds: retryAfter });
  }
  try {
    const result = await attempt();
    signInLimiter.reset(client);
    return result;
  } catch (err) {
    if (err instanceof DuarError && FAILURES.has(err.code)) signInLimiter.fail(client);
    throw err;
  }
}
