import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/index.js';
import type { AppDeps } from '../deps.js';
import { DuarError } from '../../lib/errors.js';
import { sendError } from '../plugins/errors.js';
import { normalizeMobileNumber, normalizeTransactionId } from '../../modules/gateways/manual-wallets.js';
import { parseMethodId } from '../../modules/gateways/settings.js';
import { getPaymentByInvoice, type PaymentRow } from '../../modules/payments/lookup.js';
import { methodChoice } from '../../modules/payments/methods.js';
import { cancelPayment, paySandbox } from '../../modules/payments/pay.js';
import { isPaid } from '../../modules/payments/states.js';
import { checkoutPage, errorPage, logoOrigin, notFoundPage, postRedirectPage, statusPage, type FormState } from './render.js';
import { waitingPage } from './waiting-page.js';
import { catalogues } from './language.js';
import { asciiDigits } from '../../lib/money.js';
import { findCustomerBrand, type CustomerBrand } from '../../modules/brands/customer-pages.js';
import { hasActiveDevice } from '../../modules/devices/service.js';
import { submitWalletPayment } from '../../modules/sms/settle.js';
import { redirectWithInvoice, safeLocation } from './redirect.js';
import { payLinkPages } from './pay-link.js';
import { invoicePages } from './invoice.js';
import { html, pageFor, type LangQuery } from './respond.js';

type InvoiceParams = { Params: { invoice_id: string } };

/** Completed or Pending: the browser goes back to redirect_url with invoice_id, as the payment's return_type says. */
function returnToShop(request: FastifyRequest, reply: FastifyReply, p: PaymentRow, brand: CustomerBrand) {
  const target = safeLocation(p.return_type === 'GET' ? redirectWithInvoice(p.redirect_url, p.invoice_id) : p.redirect_url);
  // An unusable stored URL leaves the customer on the payment's status page rather than on an error.
  if (target === null) return html(reply, 200, statusPage(pageFor(request, reply, brand, p.invoice_id), brand, p), undefined, false, logoOrigin(brand));
  if (p.return_type === 'GET') {
    return reply.code(303).header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').redirect(target, 303);
  }
  const nonce = randomBytes(16).toString('base64');
  return html(reply, 200, postRedirectPage({ locale: pageFor(request, reply, brand).locale }, target, p.invoice_id, nonce), nonce);
}

/** The cancel_url as given (FLUT matches its prefix), made a valid Location; the status page if it cannot be. */
function goToCancelUrl(request: FastifyRequest, reply: FastifyReply, p: PaymentRow, brand: CustomerBrand) {
  const target = safeLocation(p.cancel_url);
  if (target === null) return html(reply, 200, statusPage(pageFor(request, reply, brand, p.invoice_id), brand, p), undefined, false, logoOrigin(brand));
  return reply.redirect(target, 303);
}

async function load(db: Db, invoiceId: string) {
  const payment = await getPaymentByInvoice(db, invoiceId);
  const brand = await findCustomerBrand(db, payment.brand_id);
  if (!brand) throw new DuarError('payment_not_found', 'No such payment');
  return { payment, brand };
}

async function render(deps: Deps, request: FastifyRequest, reply: FastifyReply, invoiceId: string, form: FormState = {}, status = 200) {
  const { db } = deps;
  const { payment, brand } = await load(db, invoiceId);
  const page = pageFor(request, reply, brand, payment.invoice_id);
  const img = logoOrigin(brand);
  if (await awaitsSms(db, payment)) {
    const nonce = randomBytes(16).toString('base64');
    return html(reply, 200, waitingPage(page, brand, payment, nonce, deps.now()), nonce, true, img);
  }
  if (payment.status !== 'initiated') return html(reply, payment.status === 'expired' ? 410 : 200, statusPage(page, brand, payment), undefined, false, img);
  const { offered, outOfRange } = await methodChoice(db, payment);
  return html(reply, status, checkoutPage(page, brand, payment, offered, form, outOfRange), undefined, false, img);
}

type Deps = Pick<AppDeps, 'db' | 'now'>;

/**
 * A submitted wallet payment that a connected device may still confirm: the customer waits on our page. A test payment
 * waits there too: its SMS is the merchant's "Send a test SMS", so the rehearsal shows what a customer sees.
 */
async function awaitsSms(db: Db, payment: PaymentRow): Promise<boolean> {
  if (payment.status !== 'pending' || payment.transaction_id === null || payment.decided_by !== null) return false;
  if (payment.livemode === 0) return payment.payment_method !== 'sandbox';
  return hasActiveDevice(db, payment.brand_id);
}

/** Customer-facing failures are pages, not JSON: an unknown invoice is a 404 page, a refused form shows its message. */
async function guard(deps: Deps, request: FastifyRequest, reply: FastifyReply, invoiceId: string, work: () => Promise<unknown>, form: FormState = {}) {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof DuarError)) throw err;
    if (err.code === 'payment_not_found') return html(reply, 404, notFoundPage(pageFor(request, reply, null)));
    // A refused field is named by its field (invalid_sender_number), so a Bangla page can say it in its own words.
    const code = err.code === 'invalid_request' && err.extra.field ? `invalid_${err.extra.field}` : err.code;
    return render(deps, request, reply, invoiceId, { ...form, error: { code, message: err.message } }, err.status);
  }
}

type WalletRoute = { Params: { invoice_id: string; method: string }; Body: { sender_number?: string; transaction_id?: string } };

/** A manual wallet payment's form: the sender number and TrxID the customer typed, checked, then submitted. */
async function submitWallet(deps: Deps, request: FastifyRequest<WalletRoute>, reply: FastifyReply) {
  const { db } = deps;
  const form: FormState = {
    method: request.params.method,
    senderNumber: String(request.body?.sender_number ?? ''),
    transactionId: String(request.body?.transaction_id ?? ''),
  };
  return guard(
    deps,
    request,
    reply,
    request.params.invoice_id,
    async () => {
      const method = parseMethodId(request.params.method);
      const { payment, brand } = await load(db, request.params.invoice_id);
      // Typed on a Bangla keyboard, ০১৭১২৩৪৫৬৭৮ is the same number: digits are read as ASCII first.
      const senderNumber = normalizeMobileNumber(asciiDigits(form.senderNumber!));
      if (!senderNumber) throw new DuarError('invalid_request', catalogues.en.errorSender, { field: 'sender_number' });
      const transactionId = normalizeTransactionId(asciiDigits(form.transactionId!));
      if (!transactionId) throw new DuarError('invalid_request', catalogues.en.errorTrx, { field: 'transaction_id' });
      const submitted = await submitWalletPayment(db, brand, payment, method, { senderNumber, transactionId });
      // Not confirmed yet by an SMS, but a device may confirm it any moment: wait on our page instead of the shop's.
      if (await awaitsSms(db, submitted)) return reply.code(303).header('Cache-Control', 'no-store').redirect(`/payment/${submitted.invoice_id}`, 303);
      return returnToShop(request, reply, submitted, brand);
    },
    form,
  );
}

/** The customer POST URLs (forms on the payment page): a GET on one (a reload, a shared link) goes back to the page. */
const FORM_URLS = ['/payment/:invoice_id/sandbox', '/payment/:invoice_id/wallet/:method', '/payment/:invoice_id/cancel'];

/**
 * What a customer sees when a request fails before (or outside) a handler's own guard: a body that cannot be read,
 * control characters, an unexpected error. Always a page, never JSON: the payment page with the message when the
 * invoice is known, else a page of its own. The status poll (`config.json`) keeps the JSON body its script reads.
 */
async function customerError(deps: Deps, err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const known = err instanceof DuarError ? err : null;
  if (request.routeOptions.config?.json) return sendError(request, reply, known ?? new DuarError('internal_error', 'Something went wrong on our side'));
  if (!known) request.log.error({ err }, 'unhandled error on a customer page');
  const status = known?.status ?? (err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500);
  const code = status >= 500 ? 'internal_error' : 'unreadable_form';
  const invoiceId = (request.params as { invoice_id?: unknown } | undefined)?.invoice_id;
  if (typeof invoiceId === 'string' && !(known && known.code === 'control_characters')) {
    try {
      return await render(deps, request, reply, invoiceId, { error: { code, message: catalogues.en.refusal(code, '') } }, status);
    } catch (inner) {
      if (!(inner instanceof DuarError)) request.log.error({ err: inner }, 'could not show the payment page with an error');
      if (inner instanceof DuarError && inner.code === 'payment_not_found') return html(reply, 404, notFoundPage(pageFor(request, reply, null)));
    }
  }
  const page = pageFor(request, reply, null);
  return html(reply, status, errorPage(page, status >= 500 ? page.locale.t.errorServer : page.locale.t.errorForm));
}

/** The hosted checkout at {PUBLIC_URL}/payment/{invoice_id}: server-rendered HTML, forms only, no external assets. */
export async function checkoutPages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  // This plugin is its own encapsulation context: the handlers below apply to the customer pages only.
  await app.register(cookie);
  app.setErrorHandler((err: FastifyError, request, reply) => customerError(deps, err, request, reply));
  await app.register(
    async (scope) => {
      scope.setNotFoundHandler((request, reply) => html(reply, 404, notFoundPage(pageFor(request, reply, null))));
    },
    { prefix: '/payment' },
  );
  for (const url of FORM_URLS) {
    app.get<InvoiceParams>(url, async (request, reply) =>
      reply
        .code(303)
        .header('Cache-Control', 'no-store')
        .redirect(`/payment/${encodeURIComponent(request.params.invoice_id)}`, 303),
    );
  }

  app.get<InvoiceParams & LangQuery>('/payment/:invoice_id', async (request, reply) =>
    guard(deps, request, reply, request.params.invoice_id, () => render(deps, request, reply, request.params.invoice_id)),
  );

  /** What the waiting page polls: the payment's state only (the invoice id is the page's own secret). */
  app.get<InvoiceParams>('/payment/:invoice_id/status', { config: { json: true } }, async (request, reply) => {
    const payment = await getPaymentByInvoice(db, request.params.invoice_id);
    return reply.header('Cache-Control', 'no-store').send({ status: payment.status });
  });

  app.get<InvoiceParams>('/payment/:invoice_id/return', async (request, reply) =>
    guard(deps, request, reply, request.params.invoice_id, async () => {
      const { payment, brand } = await load(db, request.params.invoice_id);
      if (payment.status === 'initiated') return reply.redirect(`/payment/${payment.invoice_id}`, 303);
      if (isPaid(payment.status)) return returnToShop(request, reply, payment, brand);
      return goToCancelUrl(request, reply, payment, brand);
    }),
  );

  app.post<InvoiceParams & { Body: { outcome?: string } }>('/payment/:invoice_id/sandbox', async (request, reply) =>
    guard(
      deps,
      request,
      reply,
      request.params.invoice_id,
      async () => {
        const { payment, brand } = await load(db, request.params.invoice_id);
        const outcome = request.body?.outcome;
        if (outcome !== 'success' && outcome !== 'pending') throw new DuarError('invalid_request', catalogues.en.errorOutcome, { field: 'outcome' });
        return returnToShop(request, reply, await paySandbox(db, brand, payment, outcome), brand);
      },
      { method: 'sandbox' },
    ),
  );

  app.post<WalletRoute>('/payment/:invoice_id/wallet/:method', async (request, reply) => submitWallet(deps, request, reply));

  // Payment links and the brand's own page: in this context, so failures are pages too (customerError).
  await app.register(payLinkPages, deps);
  await app.register(invoicePages, deps);

  app.post<InvoiceParams>('/payment/:invoice_id/cancel', async (request, reply) =>
    guard(deps, request, reply, request.params.invoice_id, async () => {
      const { payment, brand } = await load(db, request.params.invoice_id);
      await cancelPayment(db, payment);
      // FLUT recognises a cancel by the browser arriving at its cancel_url prefix: go there as given.
      return goToCancelUrl(request, reply, payment, brand);
    }),
  );
}
