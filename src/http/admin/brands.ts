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
import {
  customerPagesInput,
  customerPagesLabels,
  customerPagesView,
  getCustomerPages,
  updateCustomerPages,
  type CustomerPagesView,
} from '../../modules/brands/customer-pages.js';
import type { Role } from '../../modules/team/roles.js';

/** The brands the administrator belongs to, each with their role in it. */
export type BrandList = { brands: (BrandView & { role: Role })[] };
export type BrandAnswer = { brand: BrandView };
export type CustomerPagesAnswer = { customer_pages: CustomerPagesView };

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

  /** Brand Settings → Customer pages: the shop's contact and logo, the default language and Bangla digits. */
  app.get(
    '/brands/:brand/customer-pages',
    async (request): Promise<CustomerPagesAnswer> => ({
      customer_pages: customerPagesView(await getCustomerPages(db, request.brand)),
    }),
  );

  app.patch('/brands/:brand/customer-pages', async (request): Promise<CustomerPagesAnswer> => {
    const input = parseInput(customerPagesInput, request.body, customerPagesLabels);
    return { customer_pages: customerPagesView(await updateCustomerPages(db, request.brand, input, adminActor(request))) };
  });
}
