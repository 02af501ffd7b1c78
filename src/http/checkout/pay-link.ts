import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { DuarError } from '../../lib/errors.js';
import { asciiDigits, MAX_AMOUNT, readDecimal, TYPED_AMOUNT } from '../../lib/money.js';
import { hasControlCharacter } from '../../lib/text.js';
import { findCustomerBrandBySlug, type CustomerBrand } from '../../modules/brands/customer-pages.js';
import type { Brand } from '../../modules/brands/service.js';
import { normalizeMobileNumber } from '../../modules/gateways/manual-wallets.js';
import { DEFAULT_MIN_AMOUNT, MAX_ANSWER_CHARS, readAnswers } from '../../modules/links/fields.js';
import { parseFields, payBrand, payThroughLink, publicLink, type LinkOrder, type LinkRow } from '../../modules/links/service.js';
import { paymentUrl } from '../../modules/payments/create.js';
import { getPaymentByInvoice } from '../../modules/payments/lookup.js';
import { isPaid } from '../../modules/payments/states.js';
import { html as send, pageFor } from './respond.js';
import type { Locale } from './language.js';
import { amountRangeText, brandPayPage, linkNotFoundPage, linkPage, linkTitle, unavailablePage, type LinkForm } from './pay-link-page.js';
import { logoOrigin, type PageInfo } from './render.js';

type BrandParams = { Params: { brand: string } };
type LinkParams = { Params: { brand: string; link: string }; Querystring: { invoice_id?: unknown } };

const email = z.email();

/** A customer page of the brand: its logo's origin is the one image source the page allows (render.ts logoOrigin). */
function html(reply: FastifyReply, status: number, body: string, brand: CustomerBrand | null = null) {
  return send(reply, status, body, undefined, false, logoOrigin(brand));
}

/** The form's own fields as strings (a repeated or missing field reads as empty). */
function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') values[name] = value;
  return values;
}

/**
 * Reads the customer's amount, name, phone and email in the page's words: every problem at once, keyed by field.
 * `range` is the open amount's bounds, or null for a fixed price.
 */
function readCustomer(locale: Locale, values: Record<string, string>, range: { min: number; max: number | null } | null, fixed: number | null) {
  const { t } = locale;
  const errors: Record<string, string> = {};
  let amount = fixed ?? 0;
  if (range) {
    const read = readDecimal(values.amount ?? '', { ...TYPED_AMOUNT, min: range.min, max: range.max ?? MAX_AMOUNT });
    if (read.ok) amount = read.units;
    else errors.amount = t.linkErrAmount(amountRangeText(locale, range.min, range.max));
  }
  const name = (values.name ?? '').trim();
  if (name === '' || name.length > 100 || hasControlCharacter(name)) errors.name = name === '' ? t.linkErrRequired(t.linkName) : t.linkErrInvalid(t.linkName);
  const phone = normalizeMobileNumber(asciiDigits((values.phone ?? '').trim()));
  if (!phone) errors.phone = t.linkErrPhone;
  const mail = (values.email ?? '').trim();
  if (mail !== '' && (mail.length > 254 || !email.safeParse(mail).success)) errors.email = t.linkErrEmail;
  const order: LinkOrder = { amount, name, phone: phone ?? '', email: mail, answers: {} };
  return { order, errors };
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return html(reply, 404, linkNotFoundPage(pageFor(request, reply, null)));
}

/** The customer goes on to the hosted checkout of the payment just made. */
function toCheckout(reply: FastifyReply, publicUrl: string, invoiceId: string) {
  return reply.code(303).header('Cache-Control', 'no-store').redirect(paymentUrl(publicUrl, invoiceId), 303);
}

/** `?invoice_id=` of a paid payment of this link: the customer came back from the checkout, so the page thanks them. */
async function cameBackPaid(deps: AppDeps, brand: Brand, link: LinkRow, invoiceId: unknown): Promise<boolean> {
  if (typeof invoiceId !== 'string' || invoiceId.length > 64) return false;
  try {
    const payment = await getPaymentByInvoice(deps.db, invoiceId, brand.id);
    return isPaid(payment.status) && (JSON.parse(payment.metadata) as { payment_link?: unknown }).payment_link === link.id;
  } catch (err) {
    if (err instanceof DuarError) return false;
    throw err;
  }
}

async function showLink(deps: AppDeps, request: FastifyRequest<LinkParams>, reply: FastifyReply, brand: CustomerBrand, form: LinkForm, status = 200) {
  const page = pageFor(request, reply, brand);
  const { link, unavailable, remaining } = await publicLink(deps.db, brand, request.params.link);
  if (unavailable) return html(reply, 410, unavailablePage(page, brand, linkTitle(page.locale, link), unavailable), brand);
  return html(reply, status, linkPage(page, brand, link, parseFields(link), remaining, form), brand);
}

/** `/pay/{brand}/{link}` and `/pay/{brand}` (PRODUCT.md §6): each makes an ordinary payment and hands over to its checkout. */
export async function payLinkPages(app: FastifyInstance, deps: AppDeps) {
  const place = { publicUrl: deps.config.publicUrl, ttlMinutes: deps.config.checkoutTtlMinutes };

  app.get<LinkParams>('/pay/:brand/:link', async (request, reply) => {
    const brand = await findCustomerBrandBySlug(deps.db, request.params.brand);
    if (!brand) return notFound(request, reply);
    try {
      const { link } = await publicLink(deps.db, brand, request.params.link);
      const paid = await cameBackPaid(deps, brand, link, request.query?.invoice_id);
      return await showLink(deps, request, reply, brand, { values: {}, errors: {}, paid });
    } catch (err) {
      if (err instanceof DuarError && err.code === 'payment_link_not_found') return notFound(request, reply);
      throw err;
    }
  });

  app.post<LinkParams>('/pay/:brand/:link', async (request, reply) => {
    const brand = await findCustomerBrandBySlug(deps.db, request.params.brand);
    if (!brand) return notFound(request, reply);
    const values = formValues(request.body);
    try {
      const { link, unavailable } = await publicLink(deps.db, brand, request.params.link);
      const page: PageInfo = pageFor(request, reply, brand);
      if (unavailable) return html(reply, 410, unavailablePage(page, brand, linkTitle(page.locale, link), unavailable), brand);
      const range = link.amount_type === 'open' ? { min: link.min_amount ?? DEFAULT_MIN_AMOUNT, max: link.max_amount } : null;
      const { order, errors } = readCustomer(page.locale, values, range, link.amount);
      const answers = readAnswers(parseFields(link), values);
      for (const a of answers.errors) errors[a.field] = a.kind === 'required' ? page.locale.t.linkErrRequired(a.label) : page.locale.t.linkErrInvalid(a.label);
      if (Object.keys(errors).length > 0) return await showLink(deps, request, reply, brand, { values, errors }, 400);
      const payment = await payThroughLink(deps.db, brand, link.id, { ...order, answers: answers.answers }, place);
      return toCheckout(reply, place.publicUrl, payment.invoice_id);
    } catch (err) {
      if (!(err instanceof DuarError)) throw err;
      if (err.code === 'payment_link_not_found') return notFound(request, reply);
      // Sold out (or deactivated) while the customer typed: the page now says so, with 410.
      if (err.status === 410) return showLink(deps, request, reply, brand, { values, errors: {} });
      return showLink(deps, request, reply, brand, { values, errors: { amount: err.message } }, err.status);
    }
  });

  app.get<BrandParams>('/pay/:brand', async (request, reply) => {
    const brand = await findCustomerBrandBySlug(deps.db, request.params.brand);
    if (!brand) return notFound(request, reply);
    return html(reply, 200, brandPayPage(pageFor(request, reply, brand), brand, DEFAULT_MIN_AMOUNT, { values: {}, errors: {} }), brand);
  });

  app.post<BrandParams>('/pay/:brand', async (request, reply) => {
    const brand = await findCustomerBrandBySlug(deps.db, request.params.brand);
    if (!brand) return notFound(request, reply);
    const values = formValues(request.body);
    const page = pageFor(request, reply, brand);
    const { order, errors } = readCustomer(page.locale, values, { min: DEFAULT_MIN_AMOUNT, max: null }, null);
    const purpose = (values.purpose ?? '').trim();
    if (purpose.length > MAX_ANSWER_CHARS || hasControlCharacter(purpose)) errors.purpose = page.locale.t.linkErrInvalid(page.locale.t.linkPurpose);
    if (Object.keys(errors).length > 0) return html(reply, 400, brandPayPage(page, brand, DEFAULT_MIN_AMOUNT, { values, errors }), brand);
    try {
      const payment = await payBrand(deps.db, brand, { ...order, purpose }, place);
      return toCheckout(reply, place.publicUrl, payment.invoice_id);
    } catch (err) {
      if (!(err instanceof DuarError)) throw err;
      return html(reply, err.status, brandPayPage(page, brand, DEFAULT_MIN_AMOUNT, { values, errors: { amount: err.message } }), brand);
    }
  });
}
