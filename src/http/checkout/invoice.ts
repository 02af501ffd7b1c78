import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import { DuarError } from '../../lib/errors.js';
import { findCustomerBrand, type CustomerBrand } from '../../modules/brands/customer-pages.js';
import { payInvoice, publicInvoice } from '../../modules/invoices/pay.js';
import type { InvoiceRow } from '../../modules/invoices/service.js';
import { overdue } from '../../modules/invoices/view.js';
import { paymentUrl } from '../../modules/payments/create.js';
import { invoiceClosedPage, invoiceNotFoundPage, invoicePage } from './invoice-page.js';
import { logoOrigin } from './render.js';
import { html, pageFor } from './respond.js';

type InvoiceParams = { Params: { public_id: string } };

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return html(reply, 404, invoiceNotFoundPage(pageFor(request, reply, null)));
}

/** The invoice and its brand as the customer pages read it; null when either is not there (or it is still a draft). */
async function load(deps: AppDeps, publicId: string): Promise<{ inv: InvoiceRow; brand: CustomerBrand } | null> {
  try {
    const inv = await publicInvoice(deps.db, publicId);
    const brand = await findCustomerBrand(deps.db, inv.brand_id);
    return brand ? { inv, brand } : null;
  } catch (err) {
    if (err instanceof DuarError && err.code === 'invoice_not_found') return null;
    throw err;
  }
}

/**
 * `/invoice/{public id}` (PRODUCT.md §6): the printable invoice with **Pay ৳…**; the button's POST makes an ordinary
 * payment of exactly the total and hands over to its hosted checkout (303). A void invoice is a plain page (410); a
 * pay request for one that takes no payment (void, paid, refunded) gets a plain page with 409, never a 500.
 */
export async function invoicePages(app: FastifyInstance, deps: AppDeps) {
  const place = { publicUrl: deps.config.publicUrl, ttlMinutes: deps.config.checkoutTtlMinutes };

  app.get<InvoiceParams>('/invoice/:public_id', async (request, reply) => {
    const found = await load(deps, request.params.public_id);
    if (!found) return notFound(request, reply);
    const { inv, brand } = found;
    const page = pageFor(request, reply, brand);
    const img = logoOrigin(brand);
    if (inv.status === 'void') return html(reply, 410, invoiceClosedPage(page, brand, inv), undefined, false, img);
    return html(reply, 200, invoicePage(page, brand, inv, brand.timezone, overdue(inv, brand.timezone)), undefined, false, img);
  });

  app.post<InvoiceParams>('/invoice/:public_id/pay', async (request, reply) => {
    const found = await load(deps, request.params.public_id);
    if (!found) return notFound(request, reply);
    const { inv, brand } = found;
    try {
      const checkout = await payInvoice(deps.db, brand, inv.public_id, place);
      return reply.code(303).header('Cache-Control', 'no-store').redirect(paymentUrl(place.publicUrl, checkout), 303);
    } catch (err) {
      if (!(err instanceof DuarError)) throw err;
      if (err.code === 'invoice_not_found') return notFound(request, reply);
      const page = pageFor(request, reply, brand);
      // Paid or voided while the page was open; or the payment refused (e.g. no rate for the invoice's currency).
      const current = err.code === 'invoice_not_payable' ? ((await load(deps, inv.public_id))?.inv ?? inv) : inv;
      return html(reply, err.status, invoiceClosedPage(page, brand, current), undefined, false, logoOrigin(brand));
    }
  });
}
