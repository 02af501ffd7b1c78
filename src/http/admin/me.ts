import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { parseInput } from '../../lib/validation.js';
import { adminActor } from '../plugins/admin-session.js';
import { changePassword, changePasswordInput, listSessions, revokeOtherSessions, revokeSession, type SessionListItem } from '../../modules/admins/account.js';
import { rolesOf } from '../../modules/team/service.js';
import type { Role } from '../../modules/team/roles.js';
import { counted } from './session.js';

export type MeView = {
  id: string;
  email: string;
  installation_owner: boolean;
  two_factor: boolean;
  /** The person's role in each brand they belong to, by brand id. */
  roles: Record<string, Role>;
};

/** A person's own account (PRODUCT.md §9): who they are, their password, their sessions. */
export async function meRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, now } = deps;

  app.get('/me', async (request): Promise<MeView> => {
    const { session } = request;
    return {
      id: session.admin.id,
      email: session.admin.email,
      installation_owner: session.installationOwner,
      two_factor: session.twoFactor,
      roles: Object.fromEntries(await rolesOf(db, session.admin.id)),
    };
  });

  // A wrong current password counts against the same limit as a wrong sign-in: a stolen session cannot guess it.
  app.put('/me/password', async (request) => {
    const input = parseInput(changePasswordInput, request.body, { current_password: 'Current password', new_password: 'New password' });
    const { session } = request;
    const ended = await counted(deps, `password:${request.ip}:${session.admin.id}`, () =>
      changePassword(db, session.admin, input, session.id, adminActor(request)),
    );
    return { changed: true, other_sessions_ended: ended };
  });

  app.get('/me/sessions', async (request, reply): Promise<{ sessions: SessionListItem[] }> => {
    reply.header('Cache-Control', 'no-store');
    return { sessions: await listSessions(db, request.session.admin.id, request.session.id, now()) };
  });

  app.delete<{ Params: { id: string } }>('/me/sessions/:id', async (request, reply) => {
    await revokeSession(db, request.session.admin, request.params.id, adminActor(request));
    return reply.code(204).send();
  });

  // "Sign out everywhere else": this session stays.
  app.delete('/me/sessions', async (request) => ({
    ended: await revokeOtherSessions(db, request.session.admin, request.session.id, adminActor(request)),
  }));
}
