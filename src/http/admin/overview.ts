import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { parseInput } from '../../lib/validation.js';
import { OVERVIEW_PERIODS, overview, type OverviewView } from '../../modules/overview/service.js';

const overviewQuery = z.strictObject({
  period: z.enum(OVERVIEW_PERIODS, { error: 'period must be today, 7d or 30d' }).default('today'),
  // Live payments by default; `livemode=false` shows test payments instead, as the payments list does.
  livemode: z
    .enum(['true', 'false'], { error: 'livemode must be true or false' })
    .transform((v) => v === 'true')
    .default(true),
});

/** The brand's first page (PRODUCT.md §7): the day, week or month at a glance, every figure computed here. */
export async function overviewRoutes(app: FastifyInstance, { db, now }: AppDeps) {
  app.get('/brands/:brand/overview', async (request): Promise<OverviewView> => {
    const input = parseInput(overviewQuery, request.query);
    return overview(db, request.brand, input, now());
  });
}
