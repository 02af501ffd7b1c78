import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import { parseInput } from '../../lib/validation.js';
import { createInvoiceInput } from '../../modules/invoices/fields.js';
import { createInvoice as create } from '../../modules/invoices/service.js';
import { assertWebhookUrlAllowed } from '../../modules/webhooks/service.js';

/** The body of POST /api/invoices: the admin API's invoice, `status` `open` unless it says `draft`. */
export const createInvoiceBody = createInvoiceInput;

/**
 * POST /api/invoices (ability `invoice:write`) — creates an invoice for the key's brand, open by default so its `url`
 * can be shared at once. The key is kept on it: its payments carry the key's mode, and their IPNs the legacy key header.
 */
export function createInvoice({ db, config }: AppDeps) {
  return async function createInvoiceHandler(request: FastifyRequest) {
    const input = parseInput(createInvoiceInput, request.body);
    if (input.webhook_url) assertWebhookUrlAllowed(input.webhook_url, config);
    const { apiKey } = request;
    const creator = { actor: { label: apiKey.id, ip: request.ip }, apiKey: { id: apiKey.id, mode: apiKey.mode } };
    const invoice = await create(db, request.brand, input, creator, { publicUrl: config.publicUrl }, 'open');
    return { status: true, message: 'Invoice created', invoice };
  };
}
