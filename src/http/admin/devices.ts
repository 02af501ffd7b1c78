import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { parseInput } from '../../lib/validation.js';
import {
  createDevice,
  createDeviceInput,
  deviceEndpoint,
  deviceView,
  getDevice,
  listDeviceViews,
  revokeDevice,
  type DeviceView,
} from '../../modules/devices/service.js';
import { adminActor } from '../plugins/admin-session.js';

type DeviceParams = { Params: { id: string } };

export type DeviceList = { devices: DeviceView[] } & ReturnType<typeof deviceEndpoint>;

/** Brand Settings → Devices. The create response is the only one that ever carries a device key (and its setup). */
export async function deviceRoutes(app: FastifyInstance, { db, appKey, config }: AppDeps) {
  app.get(
    '/brands/:brand/devices',
    async (request): Promise<DeviceList> => ({ devices: await listDeviceViews(db, request.brand), ...deviceEndpoint(config.publicUrl, request.brand) }),
  );

  app.post('/brands/:brand/devices', async (request, reply) => {
    const input = parseInput(createDeviceInput, request.body);
    const created = await createDevice(db, appKey, config.publicUrl, request.brand, input, adminActor(request));
    return reply.code(201).header('Cache-Control', 'no-store').send(created);
  });

  app.get<DeviceParams>('/brands/:brand/devices/:id', async (request) => ({ device: deviceView(await getDevice(db, request.brand, request.params.id)) }));

  app.post<DeviceParams>('/brands/:brand/devices/:id/revoke', async (request) => ({
    device: await revokeDevice(db, request.brand, request.params.id, adminActor(request)),
  }));
}
