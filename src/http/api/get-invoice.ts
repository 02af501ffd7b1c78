import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import { getInvoice as find, invoiceNotFound } from '../../modules/invoices/service.js';
import { invoiceView } from '../../modules/invoices/view.js';

/**
 * GET /api/invoices/{id or number} (ability `invoice:read`) — one invoice of the key's brand, by its `ivc_…` id or its
 * number. An invoice of the other mode (test or live) than the key's answers 404, as a payment does.
 */
export function getInvoice({ db, config }: AppDeps) {
  return async function getInvoiceHandler(request: FastifyRequest<{ Params: { id: string } }>) {
    const id = request.params.id;
    const inv = await find(db, request.brand, id);
    if ((inv.livemode === 1) !== (request.apiKey.mode !== 'test')) throw invoiceNotFound(id);
    return { status: true, invoice: invoiceView(inv, request.brand.timezone, config.publicUrl) };
  };
}
