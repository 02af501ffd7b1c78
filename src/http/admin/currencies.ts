import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { parseInput } from '../../lib/validation.js';
import { adminActor } from '../plugins/admin-session.js';
import { CHARGED_CURRENCY, currencyFormLabels, deleteRate, listRateViews, setRate, setRateInput, type RateView } from '../../modules/currencies/service.js';

/** GET /currencies: the brand's own currency (what a checkout without `currency` is in) and the rates of the others. */
export type CurrencyList = { brand_currency: string; charged_currency: string; currencies: RateView[] };
export type CurrencyAnswer = { currency: RateView };

type CurrencyParams = { Params: { currency: string } };

/** Brand Settings → Currencies: list, set (add or change) and remove the rates of currencies a checkout may name. */
export async function currencyRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get(
    '/brands/:brand/currencies',
    async (request): Promise<CurrencyList> => ({
      brand_currency: request.brand.currency,
      charged_currency: CHARGED_CURRENCY,
      currencies: await listRateViews(db, request.brand),
    }),
  );

  app.put<CurrencyParams>('/brands/:brand/currencies/:currency', async (request): Promise<CurrencyAnswer> => {
    const body = request.body ?? {};
    // The code in the path is checked with the body, so a bad code and a bad rate are named together.
    const fields = typeof body === 'object' && !Array.isArray(body) ? { ...body, currency: request.params.currency } : body;
    const input = parseInput(setRateInput, fields, currencyFormLabels);
    return { currency: await setRate(db, request.brand, input, adminActor(request)) };
  });

  app.delete<CurrencyParams>('/brands/:brand/currencies/:currency', async (request, reply) => {
    await deleteRate(db, request.brand, request.params.currency, adminActor(request));
    return reply.code(204).send();
  });
}
