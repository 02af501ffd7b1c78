import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { parseInput } from '../../lib/validation.js';
import { adminActor } from '../plugins/admin-session.js';
import {
  brandFormLabels,
  brandView,
  createBrand,
  createBrandInput,
  listBrands,
  updateBrand,
  updateBrandInput,
  type BrandView,
} from '../../modules/brands/service.js';
import { rolesOf } from '../../modules/team/service.js';
import type { Role } from '../../modules/team/roles.js';

/** The brands the administrator belongs to, each with their role in it. */
export type BrandList = { brands: (BrandView & { role: Role })[] };
export type BrandAnswer = { brand: BrandView };

export async function brandRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get('/brands', async (request): Promise<BrandList> => {
    const roles = await rolesOf(db, request.session.admin.id);
    const brands = (await listBrands(db)).flatMap((b) => {
      const role = roles.get(b.id);
      return role ? [{ ...brandView(b), role }] : [];
    });
    return { brands };
  });

  app.post('/brands', async (request, reply) => {
    const brand = await createBrand(db, parseInput(createBrandInput, request.body, brandFormLabels), adminActor(request));
    return reply.code(201).send({ brand: brandView(brand) } satisfies BrandAnswer);
  });

  app.get('/brands/:brand', async (request): Promise<BrandAnswer> => ({ brand: brandView(request.brand) }));

  app.patch(
    '/brands/:brand',
    async (request): Promise<BrandAnswer> => ({
      brand: brandView(await updateBrand(db, request.brand, parseInput(updateBrandInput, request.body, brandFormLabels), adminActor(request))),
    }),
  );
}
