import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { DuarError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validation.js';
import { createPasswordReset, resetEmail, resetInput, resetLink, resetPassword, resetRequestInput } from '../../modules/admins/account.js';
import { acceptInput, acceptInvitation, previewInvitation } from '../../modules/team/invitations.js';
import { counted } from './session.js';

/**
 * Routes for people who are not signed in (public in route-permissions.ts): accepting an invitation and resetting a
 * forgotten password. Tokens travel in the body, never the URL, so no access log holds one.
 */
export async function accountRecoveryRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, config, mailer, resetLimiter, now } = deps;

  app.post('/invitations/preview', async (request, reply) => {
    const { token } = parseInput(acceptInput.pick({ token: true }), request.body, { token: 'Invitation' });
    reply.header('Cache-Control', 'no-store');
    return counted(deps, `invitation:${request.ip}`, () => previewInvitation(db, token, now()));
  });

  app.post('/invitations/accept', async (request, reply) => {
    const input = parseInput(acceptInput, request.body, { token: 'Invitation', password: 'Password' });
    const accepted = await counted(deps, `invitation:${request.ip}`, () => acceptInvitation(db, input, now(), request.ip));
    return reply.code(201).send({ email: accepted.admin.email, brand: accepted.brand, role: accepted.role });
  });

  // Answers 202 with the same body whether or not the email has an account, and mails after answering, so neither
  // the answer nor its time says which emails exist. Limited per address and per email, counted on every request.
  app.post('/password-reset', async (request, reply) => {
    const { email } = parseInput(resetRequestInput, request.body, { email: 'Email' });
    for (const client of [`reset:${request.ip}`, `reset:${email}`]) {
      const retryAfter = resetLimiter.retryAfter(client);
      if (retryAfter > 0)
        throw new DuarError('too_many_requests', `Too many reset requests; try again in ${retryAfter} seconds`, { retryAfterSeconds: retryAfter });
    }
    resetLimiter.fail(`reset:${request.ip}`);
    resetLimiter.fail(`reset:${email}`);
    reply.code(202).send({ status: 'accepted', message: 'If an account has this email, a reset link is on its way; it works once, for an hour' });
    if (!mailer) {
      request.log.warn({}, 'a password reset was asked for, but SMTP_URL is not set: no link can be sent');
      return reply;
    }
    try {
      const reset = await createPasswordReset(db, email, now(), request.ip);
      if (reset) await mailer.send({ to: reset.email, ...resetEmail(resetLink(config.publicUrl, reset.token)) });
    } catch (err) {
      request.log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'could not send a password reset link');
    }
    return reply;
  });

  app.post('/password-reset/confirm', async (request, reply) => {
    const input = parseInput(resetInput, request.body, { token: 'Reset link', password: 'New password' });
    await counted(deps, `reset-confirm:${request.ip}`, () => resetPassword(db, input, now(), request.ip));
    return reply.code(204).send();
  });
}
