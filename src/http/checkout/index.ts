import { randomBytes } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/index.js';
import type { AppDeps } from '../deps.js';
import { DuarError } from '../../lib/errors.js';
import { sendError } from '../plugins/errors.js';
import { findBrandById } from '../../modules/brands/service.js';
import { normalizeMobileNumber, normalizeTransactionId } from '../../modules/gateways/manual-wallets.js';
import { parseMethodId } from '../../modules/gateways/settings.js';
import { cancelPayment, getPaymentByInvoice, methodChoice, paySandbox, submitManualPayment, type PaymentRow } from '../../modules/payments/service.js';
import { isPaid } from '../../modules/payments/states.js';
import { checkoutPage, errorPage, notFoundPage, postRedirectPage, statusPage, waitingPage, type FormState } from './render.js';
import { hasActiveDevice } from '../../modules/devices/service.js';
import { redirectWithInvoice, safeLocation } from './redirect.js';

type InvoiceParams = { Params: { invoice_id: string } };

function html(reply: FastifyReply, status: number, body: string, nonce?: string, connect = false) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('Referrer-Policy', 'no-referrer')
    .header('X-Content-Type-Options', 'nosniff')
    .header(
      'Content-Security-Policy',
      `default-src 'none'; style-src 'unsafe-inline'; script-src ${nonce ? `'nonce-${nonce}'` : "'none'"};${connect ? " connect-src 'self';" : ''} base-uri 'none'; frame-ancestors 'none'`,
    )
    .send(body);
}

/** Completed or Pending: the browser goes back to redirect_url with invoice_id, as the payment's return_type says. */
function returnToShop(reply: FastifyReply, p: PaymentRow, brandName: string) {
  const target = safeLocation(p.return_type === 'GET' ? redirectWithInvoice(p.redirect_url, p.invoice_id) : p.redirect_url);
  // An unusable stored URL leaves the customer on the payment's status page rather than on an error.
  if (target === null) return html(reply, 200, statusPage(brandName, p));
  if (p.return_type === 'GET') {
    return reply.code(303).header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').redirect(target, 303);
  }
  const nonce = randomBytes(16).toString('base64');
  return html(reply, 200, postRedirectPage(target, p.invoice_id, nonce), nonce);
}

/** The cancel_url as given (FLUT matches its prefix), made a valid Location; the status page if it cannot be. */
function goToCancelUrl(reply: FastifyReply, p: PaymentRow, brandName: string) {
  const target = safeLocation(p.cancel_url);
  if (target === null) return html(reply, 200, statusPage(brandName, p));
  return reply.redirect(target, 303);
}

async function load(db: Db, invoiceId: string) {
  const payment = await getPaymentByInvoice(db, invoiceId);
  const brand = await findBrandById(db, payment.brand_id);
  if (!brand) throw new DuarError('payment_not_found', 'No such payment');
  return { payment, brand };
}

async function render(db: Db, reply: FastifyReply, invoiceId: string, form: FormState = {}, status = 200) {
  const { payment, brand } = await load(db, invoiceId);
  if (await awaitsSms(db, payment)) {
    const nonce = randomBytes(16).toString('base64');
    return html(reply, 200, waitingPage(brand.name, payment, nonce), nonce, true);
  }
  if (payment.status !== 'initiated') return html(reply, payment.status === 'expired' ? 410 : 200, statusPage(brand.name, payment));
  const { offered, outOfRange } = await methodChoice(db, payment);
  return html(reply, status, checkoutPage(brand.name, payment, offered, form, outOfRange));
}

/** A submitted wallet payment that a connected device may still confirm: the customer waits on our page. */
async function awaitsSms(db: Db, payment: PaymentRow): Promise<boolean> {
  return payment.status === 'pending' && payment.transaction_id !== null && payment.decided_by === null && (await hasActiveDevice(db, payment.brand_id));
}

/** Customer-facing failures are pages, not JSON: an unknown invoice is a 404 page, a refused form shows its message. */
async function guard(db: Db, reply: FastifyReply, invoiceId: string, work: () => Promise<unknown>, form: FormState = {}) {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof DuarError)) throw err;
    if (err.code === 'payment_not_found') return html(reply, 404, notFoundPage());
    return render(db, reply, invoiceId, { ...form, error: err.message }, err.status);
  }
}

type WalletRoute = { Params: { invoice_id: string; method: string }; Body: { sender_number?: string; transaction_id?: string } };

/** A manual wallet payment's form: the sender number and TrxID the customer typed, checked, then submitted. */
async function submitWallet(db: Db, request: FastifyRequest<WalletRoute>, reply: FastifyReply) {
  const form: FormState = {
    method: request.params.method,
    senderNumber: String(request.body?.sender_number ?? ''),
    transactionId: String(request.body?.transaction_id ?? ''),
  };
  return guard(
    db,
    reply,
    request.params.invoice_id,
    async () => {
      const method = parseMethodId(request.params.method);
      const { payment, brand } = await load(db, request.params.invoice_id);
      const senderNumber = normalizeMobileNumber(form.senderNumber!);
      if (!senderNumber) throw new DuarError('invalid_request', 'Enter the number you sent the money from, such as 01712345678', { field: 'sender_number' });
      const transactionId = normalizeTransactionId(form.transactionId!);
      if (!transactionId)
        throw new DuarError('invalid_request', 'Enter the transaction ID (TrxID) from the confirmation message: 6–30 letters and digits', {
          field: 'transaction_id',
        });
      const submitted = await submitManualPayment(db, brand, payment, method, { senderNumber, transactionId });
      // Not confirmed yet by an SMS, but a device may confirm it any moment: wait on our page instead of the shop's.
      if (await awaitsSms(db, submitted)) return reply.code(303).header('Cache-Control', 'no-store').redirect(`/payment/${submitted.invoice_id}`, 303);
      return returnToShop(reply, submitted, brand.name);
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
async function customerError(db: Db, err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const known = err instanceof DuarError ? err : null;
  if (request.routeOptions.config?.json) return sendError(request, reply, known ?? new DuarError('internal_error', 'Something went wrong on our side'));
  if (!known) request.log.error({ err }, 'unhandled error on a customer page');
  const status = known?.status ?? (err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500);
  const message =
    status >= 500 ? 'Something went wrong on our side and nothing was changed. Please try again.' : 'The form could not be read. Please try again.';
  const invoiceId = (request.params as { invoice_id?: unknown } | undefined)?.invoice_id;
  if (typeof invoiceId === 'string' && !(known && known.code === 'control_characters')) {
    try {
      return await render(db, reply, invoiceId, { error: message }, status);
    } catch (inner) {
      if (!(inner instanceof DuarError)) request.log.error({ err: inner }, 'could not show the payment page with an error');
      if (inner instanceof DuarError && inner.code === 'payment_not_found') return html(reply, 404, notFoundPage());
    }
  }
  return html(reply, status, errorPage(message));
}

/** The hosted checkout at {PUBLIC_URL}/payment/{invoice_id}: server-rendered HTML, forms only, no external assets. */
export async function checkoutPages(app: FastifyInstance, { db }: AppDeps) {
  // This plugin is its own encapsulation context: the handlers below apply to the customer pages only.
  app.setErrorHandler((err: FastifyError, request, reply) => customerError(db, err, request, reply));
  await app.register(
    async (scope) => {
      scope.setNotFoundHandler((_request, reply) => html(reply, 404, notFoundPage()));
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

  app.get<InvoiceParams>('/payment/:invoice_id', async (request, reply) =>
    guard(db, reply, request.params.invoice_id, () => render(db, reply, request.params.invoice_id)),
  );

  /** What the waiting page polls: the payment's state only (the invoice id is the page's own secret). */
  app.get<InvoiceParams>('/payment/:invoice_id/status', { config: { json: true } }, async (request, reply) => {
    const payment = await getPaymentByInvoice(db, request.params.invoice_id);
    return reply.header('Cache-Control', 'no-store').send({ status: payment.status });
  });

  app.get<InvoiceParams>('/payment/:invoice_id/return', async (request, reply) =>
    guard(db, reply, request.params.invoice_id, async () => {
      const { payment, brand } = await load(db, request.params.invoice_id);
      if (payment.status === 'initiated') return reply.redirect(`/payment/${payment.invoice_id}`, 303);
      if (isPaid(payment.status)) return returnToShop(reply, payment, brand.name);
      return goToCancelUrl(reply, payment, brand.name);
    }),
  );

  app.post<InvoiceParams & { Body: { outcome?: string } }>('/payment/:invoice_id/sandbox', async (request, reply) =>
    guard(
      db,
      reply,
      request.params.invoice_id,
      async () => {
        const { payment, brand } = await load(db, request.params.invoice_id);
        const outcome = request.body?.outcome;
        if (outcome !== 'success' && outcome !== 'pending') throw new DuarError('invalid_request', 'Choose Success or Pending', { field: 'outcome' });
        return returnToShop(reply, await paySandbox(db, brand, payment, outcome), brand.name);
      },
      { method: 'sandbox' },
    ),
  );

  app.post<WalletRoute>('/payment/:invoice_id/wallet/:method', async (request, reply) => submitWallet(db, request, reply));

  app.post<InvoiceParams>('/payment/:invoice_id/cancel', async (request, reply) =>
    guard(db, reply, request.params.invoice_id, async () => {
      const { payment, brand } = await load(db, request.params.invoice_id);
      await cancelPayment(db, payment);
      // FLUT recognises a cancel by the browser arriving at its cancel_url prefix: go there as given.
      return goToCancelUrl(reply, payment, brand.name);
    }),
  );
}
