import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { DuarError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validation.js';
import { adminActor } from '../plugins/admin-session.js';
import {
  codeInput,
  confirmEnrolment,
  isTwoFactorRequired,
  setTwoFactorRequired,
  startEnrolment,
  turnOff,
  twoFactorState,
} from '../../modules/two-factor/service.js';

const requirementInput = z.strictObject({ required: z.boolean() });

/** The signed-in administrator's two-factor sign-in, and a brand's "require two-factor for everyone". */
export async function twoFactorRoutes(app: FastifyInstance, { db, appKey, now }: AppDeps) {
  app.get('/me/two-factor', async (request) => twoFactorState(db, request.session.admin.id));

  // The secret is shown here (QR and text) until confirmed; it is never shown again after.
  app.post('/me/two-factor', async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return startEnrolment(db, appKey, request.session.admin.id);
  });

  app.post('/me/two-factor/confirm', async (request, reply) => {
    const { code } = parseInput(codeInput, request.body, { code: 'Code' });
    const codes = await confirmEnrolment(db, appKey, request.session.admin.id, code, now(), adminActor(request));
    return reply.header('Cache-Control', 'no-store').send({ enabled: true, recovery_codes: codes });
  });

  app.delete('/me/two-factor', async (request, reply) => {
    const { code } = parseInput(codeInput, request.body, { code: 'Code' });
    await turnOff(db, appKey, request.session.admin.id, code, now(), adminActor(request));
    return reply.code(204).send();
  });

  app.get('/brands/:brand/two-factor', async (request) => ({ required: await isTwoFactorRequired(db, request.brand.id) }));

  app.put('/brands/:brand/two-factor', async (request) => {
    const { required } = parseInput(requirementInput, request.body, { required: 'Require two-factor sign-in' });
    // An owner without two-factor would lock themselves out of the brand they just protected.
    if (required && !request.session.twoFactor) throw new DuarError('two_factor_setup_required', 'Turn on two-factor sign-in for your own account first');
    await setTwoFactorRequired(db, request.brand.id, required, adminActor(request));
    return { required };
  });
}
