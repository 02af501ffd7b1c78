import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { pageParams, parseInput } from '../../lib/validation.js';
import { adminActor } from '../plugins/admin-session.js';
import { createInvoiceInput, emptyInput, invoiceFormLabels, markPaidInput, updateInvoiceInput } from '../../modules/invoices/fields.js';
import { numberingInput, numberingLabels, numberingView, setNumberPrefix, type NumberingView } from '../../modules/invoices/numbering.js';
import { invoiceEmail } from '../../modules/invoices/emails.js';
import {
  createInvoice,
  getInvoiceView,
  listInvoiceViews,
  markInvoicePaid,
  openInvoice,
  recordSent,
  updateInvoice,
  voidInvoice,
} from '../../modules/invoices/service.js';
import { remindersOn, setRemindersOn } from '../../modules/invoices/reminders.js';
import { INVOICE_STATES } from '../../modules/invoices/states.js';
import { assertWebhookUrlAllowed } from '../../modules/webhooks/service.js';
import { invoiceView, type InvoiceView } from '../../modules/invoices/view.js';

export type InvoiceList = { invoices: InvoiceView[]; total: number; page: number; per_page: number };
export type InvoiceAnswer = { invoice: InvoiceView };
/** `send`: the invoice, and whether the e-mail went out (no SMTP_URL or no customer e-mail: `emailed` false, `reason` says which). */
export type InvoiceSettings = NumberingView & { reminders: boolean };
export type SendAnswer = InvoiceAnswer & { emailed: boolean; reason: string | null };

type IdParams = { Params: { id: string } };
/** A state, or `overdue` (derived: open and due before today in the brand's time zone). */
const listStatuses = [...INVOICE_STATES, 'overdue'] as const;
export const invoiceListQuery = z.object({
  ...pageParams,
  status: z.enum(listStatuses, { error: `status must be one of ${listStatuses.join(', ')}` }).optional(),
});

/** Invoices (PRODUCT.md §6, docs/admin-api.md): list, create, read, edit, send, mark paid, void; the brand's numbering. */
export async function invoiceRoutes(app: FastifyInstance, { db, config, mailer }: AppDeps) {
  const place = { publicUrl: config.publicUrl };

  app.get('/brands/:brand/invoices', async (request): Promise<InvoiceList> => {
    const { page, per_page, status } = parseInput(invoiceListQuery, request.query);
    return listInvoiceViews(db, request.brand, { status: status ?? null, page, perPage: per_page }, place);
  });

  app.post('/brands/:brand/invoices', async (request, reply) => {
    const input = parseInput(createInvoiceInput, request.body, invoiceFormLabels);
    if (input.webhook_url) assertWebhookUrlAllowed(input.webhook_url, config);
    const invoice = await createInvoice(db, request.brand, input, { actor: adminActor(request), apiKey: null }, place, 'draft');
    return reply.code(201).send({ invoice } satisfies InvoiceAnswer);
  });

  app.get<IdParams>(
    '/brands/:brand/invoices/:id',
    async (request): Promise<InvoiceAnswer> => ({
      invoice: await getInvoiceView(db, request.brand, request.params.id, place),
    }),
  );

  app.patch<IdParams>('/brands/:brand/invoices/:id', async (request): Promise<InvoiceAnswer> => {
    const input = parseInput(updateInvoiceInput, request.body, invoiceFormLabels);
    if (input.webhook_url) assertWebhookUrlAllowed(input.webhook_url, config);
    return { invoice: await updateInvoice(db, request.brand, request.params.id, input, adminActor(request), place) };
  });

  /** Opens a draft and e-mails the customer the number, total, due date and link (through SMTP_URL); audited. */
  app.post<IdParams>('/brands/:brand/invoices/:id/send', async (request): Promise<SendAnswer> => {
    parseInput(emptyInput, request.body ?? {});
    const brand = request.brand;
    const opened = await openInvoice(db, brand, request.params.id);
    let reason: string | null = null;
    if (!mailer) reason = 'SMTP_URL is not set: share the invoice link yourself';
    else if (!opened.customer_email) reason = 'The customer has no e-mail address: share the invoice link yourself';
    else {
      try {
        await mailer.send({ to: opened.customer_email, ...invoiceEmail(brand.name, opened, config.publicUrl) });
      } catch (err) {
        request.log.warn({ err, invoice: opened.id }, 'invoice e-mail failed');
        reason = `The mail server refused the e-mail: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    const emailed = reason === null;
    const sent = await recordSent(db, brand, opened, adminActor(request), { to: opened.customer_email, emailed, error: reason });
    return { invoice: invoiceView(sent, brand.timezone, config.publicUrl), emailed, reason };
  });

  app.post<IdParams>('/brands/:brand/invoices/:id/mark-paid', async (request): Promise<InvoiceAnswer> => {
    const input = parseInput(markPaidInput, request.body, { method: 'Method', transaction_id: 'Transaction ID', note: 'Note' });
    return { invoice: await markInvoicePaid(db, request.brand, request.params.id, input, adminActor(request), place) };
  });

  app.post<IdParams>('/brands/:brand/invoices/:id/void', async (request): Promise<InvoiceAnswer> => {
    parseInput(emptyInput, request.body ?? {});
    return { invoice: await voidInvoice(db, request.brand, request.params.id, adminActor(request), place) };
  });

  /** The brand's invoice settings: the number prefix (editable) and the next number, and the reminder toggle. */
  const settings = async (brandId: string): Promise<InvoiceSettings> => ({ ...(await numberingView(db, brandId)), reminders: await remindersOn(db, brandId) });
  app.get('/brands/:brand/invoice-settings', async (request): Promise<InvoiceSettings> => settings(request.brand.id));

  app.patch('/brands/:brand/invoice-settings', async (request): Promise<InvoiceSettings> => {
    const { prefix, reminders } = parseInput(numberingInput, request.body, numberingLabels);
    if (prefix !== undefined) await setNumberPrefix(db, request.brand.id, prefix, adminActor(request));
    if (reminders !== undefined) await setRemindersOn(db, request.brand.id, reminders, adminActor(request));
    return settings(request.brand.id);
  });
}
