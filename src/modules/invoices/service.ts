import type { Db, Executor } from '../../db/index.js';
import { today } from '../../lib/dates.js';
import { DuarError } from '../../lib/errors.js';
import { newId, randomBase62 } from '../../lib/ids.js';
import { fieldErrors } from '../../lib/validation.js';
import { changedFields, recordAudit, type Actor } from '../audit/audit.js';
import type { Brand } from '../brands/service.js';
import { cancelCheckout } from '../payments/access.js';
import type { CreateInvoiceInput, MarkPaidInput, UpdateInvoiceInput } from './fields.js';
import * as repo from './repository.js';
import { editableFields } from './states.js';
import { computeTotals, type Charges } from './totals.js';
import { formatNumber, invoiceView, itemsOf, type InvoiceView } from './view.js';

/**
 * Invoices (PRODUCT.md §6): numbered per brand without gaps, opened by a public id nobody can guess from the number
 * (docs/decisions/121-invoice-numbers-and-public-ids.md), paid through an ordinary payment (pay.ts, settle.ts).
 */

export type InvoiceRow = repo.InvoiceRow;
/** Who creates an invoice: an administrator (no key) or an API key, whose IPN header and mode its payments carry. */
export type Creator = { actor: Actor; apiKey: { id: string; mode: string } | null };
type Place = { publicUrl: string };

/** 24 base62 characters (~143 bits) from a CSPRNG: the page's only key, unrelated to the number. */
const PUBLIC_ID_LENGTH = 24;

export function invoiceNotFound(id: string): DuarError {
  return new DuarError('invoice_not_found', `No invoice "${id}" in this brand`);
}

function conflict(inv: Pick<InvoiceRow, 'number' | 'status'>, what: string): DuarError {
  return new DuarError('invoice_state_conflict', `Invoice ${inv.number} is ${inv.status}: ${what}`, { details: { status: inv.status } });
}

/** The figures of `charges`, or every problem with them (discount above subtotal, total not above 0). */
function totalsOf(charges: Charges) {
  const result = computeTotals(charges);
  if (!result.ok) throw fieldErrors('invalid_amount', result.problems);
  return result.totals;
}

/** The audited fields: what the invoice bills, not its bookkeeping. */
function audited(inv: InvoiceRow) {
  const { id, brand_id, created_at, updated_at, sent_at, paid_at, voided_at, public_id, ...rest } = inv;
  return rest;
}

export async function getInvoice(db: Executor, brand: Brand, id: string): Promise<InvoiceRow> {
  const inv = id.startsWith('ivc_') ? await repo.findInvoice(db, brand.id, id) : await repo.findInvoiceByNumber(db, brand.id, id);
  if (!inv) throw invoiceNotFound(id);
  return inv;
}

export async function getInvoiceView(db: Executor, brand: Brand, id: string, place: Place): Promise<InvoiceView> {
  return invoiceView(await getInvoice(db, brand, id), brand.timezone, place.publicUrl);
}

export async function listInvoiceViews(
  db: Executor,
  brand: Brand,
  query: { status: repo.InvoiceFilter['status']; page: number; perPage: number },
  place: Place,
) {
  const now = Date.now();
  const filter = { status: query.status, today: today(brand.timezone, now) };
  const rows = await repo.listInvoices(db, brand.id, filter, query.perPage, (query.page - 1) * query.perPage);
  return {
    invoices: rows.map((r) => invoiceView(r, brand.timezone, place.publicUrl, now)),
    total: await repo.countInvoices(db, brand.id, filter),
    page: query.page,
    per_page: query.perPage,
  };
}

/** Pages of the brand's invoices for the CSV export (modules/exports), with the list's filter. */
export { invoicesPage, type InvoiceFilter } from './repository.js';

/**
 * Creates an invoice with the brand's next number, in one transaction with the number's sequence row (repository.ts
 * nextNumber), so twenty at once get twenty distinct numbers, and one that fails gives its number back.
 */
export async function createInvoice(db: Db, brand: Brand, input: CreateInvoiceInput, creator: Creator, place: Place, defaultStatus: 'draft' | 'open') {
  const totals = totalsOf(input);
  const status = input.status ?? defaultStatus;
  const row = await db.transaction().execute(async (trx) => {
    const now = Date.now();
    const { prefix, sequence } = await repo.nextNumber(trx, brand.id, now);
    const inv: InvoiceRow = {
      id: newId('ivc'),
      brand_id: brand.id,
      number: formatNumber(prefix, sequence),
      sequence,
      public_id: randomBase62(PUBLIC_ID_LENGTH),
      customer_name: input.customer.name,
      customer_email: input.customer.email,
      customer_phone: input.customer.phone,
      items: JSON.stringify(input.items),
      currency: brand.currency,
      subtotal: totals.subtotal,
      discount: input.discount,
      vat_percent: input.vat_percent,
      vat: totals.vat,
      shipping: input.shipping,
      total: totals.total,
      due_on: input.due_on,
      note: input.note,
      private_note: input.private_note,
      webhook_url: input.webhook_url,
      status,
      payment_id: null,
      paid_method: null,
      paid_transaction_id: null,
      paid_note: null,
      api_key_id: creator.apiKey?.id ?? null,
      livemode: creator.apiKey?.mode === 'test' ? 0 : 1,
      created_at: now,
      updated_at: now,
      sent_at: null,
      paid_at: null,
      voided_at: null,
    };
    await repo.insertInvoice(trx, inv);
    await recordAudit(trx, { brandId: brand.id, actor: creator.actor, action: 'invoice.created', targetId: inv.id, changes: audited(inv) });
    return inv;
  });
  return invoiceView(row, brand.timezone, place.publicUrl);
}

/** A draft takes every field; an open invoice its due date and notes; a paid, void or refunded one nothing. */
export async function updateInvoice(db: Db, brand: Brand, id: string, input: UpdateInvoiceInput, actor: Actor, place: Place): Promise<InvoiceView> {
  const saved = await db.transaction().execute(async (trx) => {
    const before = await getInvoice(trx, brand, id);
    const allowed = editableFields(before.status);
    const sent = Object.keys(input).filter((k) => input[k as keyof UpdateInvoiceInput] !== undefined);
    const refused = allowed === 'all' ? [] : sent.filter((k) => !allowed.includes(k));
    if (refused.length > 0) {
      const may = allowed === 'all' || allowed.length === 0 ? 'nothing can be changed' : `only ${allowed.join(', ')} can be changed`;
      throw conflict(before, `${may} (not ${refused.join(', ')})`);
    }
    const charges: Charges = {
      items: input.items ?? itemsOf(before),
      discount: input.discount ?? before.discount,
      vat_percent: input.vat_percent ?? before.vat_percent,
      shipping: input.shipping ?? before.shipping,
    };
    const totals = totalsOf(charges);
    const next: InvoiceRow = {
      ...before,
      customer_name: input.customer?.name ?? before.customer_name,
      customer_email: input.customer ? input.customer.email : before.customer_email,
      customer_phone: input.customer ? input.customer.phone : before.customer_phone,
      items: JSON.stringify(charges.items),
      discount: charges.discount,
      vat_percent: charges.vat_percent,
      shipping: charges.shipping,
      subtotal: totals.subtotal,
      vat: totals.vat,
      total: totals.total,
      due_on: input.due_on === undefined ? before.due_on : input.due_on,
      note: input.note ?? before.note,
      private_note: input.private_note ?? before.private_note,
      webhook_url: input.webhook_url === undefined ? before.webhook_url : input.webhook_url,
      updated_at: Date.now(),
    };
    const updated = await repo.updateInvoice(trx, next, [before.status]);
    if (!updated) throw conflict(await getInvoice(trx, brand, id), 'it changed while being edited');
    const changes = changedFields(audited(before), audited(next), Object.keys(audited(next)) as (keyof ReturnType<typeof audited>)[]);
    if (Object.keys(changes).length > 0) await recordAudit(trx, { brandId: brand.id, actor, action: 'invoice.updated', targetId: id, changes });
    return updated;
  });
  return invoiceView(saved, brand.timezone, place.publicUrl);
}

/**
 * Opens a draft (an open invoice stays open: sending again mails it again). The e-mail goes out after this commits
 * (http/admin/invoices.ts), so no transaction waits on the mail server.
 */
export async function openInvoice(db: Db, brand: Brand, id: string): Promise<InvoiceRow> {
  const inv = await getInvoice(db, brand, id);
  const now = Date.now();
  if (inv.status === 'open') return inv;
  const opened = await repo.transitionInvoice(db, inv.id, 'open', { status: 'open', updated_at: now });
  if (!opened) throw conflict(await getInvoice(db, brand, id), 'only a draft or open invoice can be sent');
  return opened;
}

/** Records that the invoice was e-mailed (or why not): `sent_at` and an audit entry, as every e-mail is audited. */
export async function recordSent(db: Db, brand: Brand, inv: InvoiceRow, actor: Actor, outcome: { to: string | null; emailed: boolean; error: string | null }) {
  const now = Date.now();
  await db.transaction().execute(async (trx) => {
    if (outcome.emailed) await repo.markSent(trx, inv.id, now);
    await recordAudit(trx, { brandId: brand.id, actor, action: 'invoice.sent', targetId: inv.id, changes: { number: inv.number, ...outcome } });
  });
  return outcome.emailed ? { ...inv, sent_at: now } : inv;
}

/**
 * Paid by hand or void: the checkouts its page opened and nobody paid yet are canceled with it, so a customer cannot pay
 * an invoice that takes no payment from a checkout page left open. A checkout already submitted (Pending) is left for the
 * merchant to approve or reject: the customer has sent money.
 */
async function closeCheckouts(trx: Executor, invoiceId: string, now: number): Promise<void> {
  for (const id of await repo.unpaidCheckoutsOf(trx, invoiceId)) await cancelCheckout(trx, id, now);
}

/** `mark-paid`: a payment made elsewhere (cash, bank), recorded by hand on an open invoice; audited. */
export async function markInvoicePaid(db: Db, brand: Brand, id: string, input: MarkPaidInput, actor: Actor, place: Place): Promise<InvoiceView> {
  const paid = await db.transaction().execute(async (trx) => {
    const inv = await getInvoice(trx, brand, id);
    const now = Date.now();
    const changes = { paid_method: input.method, paid_transaction_id: input.transaction_id, paid_note: input.note };
    const updated = await repo.transitionInvoice(trx, inv.id, 'pay', { status: 'paid', ...changes, paid_at: now, updated_at: now });
    if (!updated) throw conflict(inv, 'only an open invoice can be marked paid');
    await closeCheckouts(trx, inv.id, now);
    await recordAudit(trx, { brandId: brand.id, actor, action: 'invoice.marked_paid', targetId: inv.id, changes: { number: inv.number, ...changes } });
    return updated;
  });
  return invoiceView(paid, brand.timezone, place.publicUrl);
}

export async function voidInvoice(db: Db, brand: Brand, id: string, actor: Actor, place: Place): Promise<InvoiceView> {
  const voided = await db.transaction().execute(async (trx) => {
    const inv = await getInvoice(trx, brand, id);
    const now = Date.now();
    const updated = await repo.transitionInvoice(trx, inv.id, 'void', { status: 'void', voided_at: now, updated_at: now });
    if (!updated) throw conflict(inv, 'only a draft or open invoice can be voided');
    await closeCheckouts(trx, inv.id, now);
    await recordAudit(trx, { brandId: brand.id, actor, action: 'invoice.voided', targetId: inv.id, changes: { number: inv.number, from: inv.status } });
    return updated;
  });
  return invoiceView(voided, brand.timezone, place.publicUrl);
}
