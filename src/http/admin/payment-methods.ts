import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { parseInput } from '../../lib/validation.js';
import { adminActor } from '../plugins/admin-session.js';
import {
  listMethodSettings,
  methodFormLabels,
  methodSettingsView,
  parseMethodId,
  updateMethodInput,
  updateMethodSettings,
  type MethodSettingsView,
} from '../../modules/gateways/settings.js';

export type MethodSettingsList = { payment_methods: MethodSettingsView[] };

/** Brand Settings → Payment methods: Sandbox on/off, and each manual wallet's number, account type and instructions. */
export async function paymentMethodRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get(
    '/brands/:brand/payment-methods',
    async (request): Promise<MethodSettingsList> => ({
      payment_methods: (await listMethodSettings(db, request.brand.id)).map(methodSettingsView),
    }),
  );

  app.patch<{ Params: { method: string } }>('/brands/:brand/payment-methods/:method', async (request) => {
    const method = parseMethodId(request.params.method);
    const input = parseInput(updateMethodInput, request.body, methodFormLabels);
    return { payment_method: methodSettingsView(await updateMethodSettings(db, request.brand.id, method, input, adminActor(request))) };
  });
}
