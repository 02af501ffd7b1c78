import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { parseInput } from '../../lib/validation.js';
import { adminActor } from '../plugins/admin-session.js';
import { changeRole, changeRoleInput, listMembers, removeMember, type MemberView } from '../../modules/team/service.js';
import {
  createInvitation,
  invitationEmail,
  invitationLink,
  inviteInput,
  listInvitations,
  revokeInvitation,
  type InvitationView,
} from '../../modules/team/invitations.js';

export type TeamView = { members: MemberView[]; invitations: InvitationView[] };
/** POST /team: the link is in this answer only (and the email); the server keeps its SHA-256. */
export type InvitationCreated = { invitation: InvitationView; link: string; emailed: boolean };

/** The brand's team (owners only, route-permissions.ts): members, their roles, invitations by email. */
export async function teamRoutes(app: FastifyInstance, { db, config, mailer, now }: AppDeps) {
  app.get(
    '/brands/:brand/team',
    async (request): Promise<TeamView> => ({
      members: await listMembers(db, request.brand.id),
      invitations: await listInvitations(db, request.brand.id, now()),
    }),
  );

  app.post('/brands/:brand/team', async (request, reply) => {
    const input = parseInput(inviteInput, request.body, { email: 'Email', role: 'Role' });
    const { invitation, token } = await createInvitation(db, request.brand.id, input, request.session.admin, adminActor(request), now());
    const link = invitationLink(config.publicUrl, token);
    let emailed = false;
    if (mailer) {
      try {
        await mailer.send({ to: invitation.email, ...invitationEmail(request.brand.name, invitation.role, request.session.admin.email, link) });
        emailed = true;
      } catch (err) {
        // The owner still has the link to pass on; the log never carries it.
        request.log.warn({ invitationId: invitation.id, err: { name: (err as Error).name, message: (err as Error).message } }, 'could not email an invitation');
      }
    }
    return reply
      .code(201)
      .header('Cache-Control', 'no-store')
      .send({ invitation, link, emailed } satisfies InvitationCreated);
  });

  app.patch<{ Params: { id: string } }>('/brands/:brand/team/:id', async (request) => {
    const { role } = parseInput(changeRoleInput, request.body, { role: 'Role' });
    await changeRole(db, request.brand.id, request.params.id, role, adminActor(request));
    return { members: await listMembers(db, request.brand.id) };
  });

  // A member's id (`adm_…`) removes them from the brand; an invitation's (`inv_…`) withdraws it.
  app.delete<{ Params: { id: string } }>('/brands/:brand/team/:id', async (request, reply) => {
    const { id } = request.params;
    if (id.startsWith('inv_')) await revokeInvitation(db, request.brand.id, id, adminActor(request));
    else await removeMember(db, request.brand.id, id, adminActor(request));
    return reply.code(204).send();
  });
}
