import { z } from 'zod';
import { DATE_FORMAT_HINT, parseDayMonthYear } from '../../lib/dates.js';
import { asciiDigits } from '../../lib/money.js';
import { hasControlCharacter, hasControlCharacterInText } from '../../lib/text.js';
import { httpUrl } from '../../lib/urls.js';
import { fail, numberField, optionalField, plainText } from '../../lib/validation.js';
import { computeTotals, INVOICE_NUMBERS, MAX_ITEMS, type Item } from './totals.js';

/**
 * An invoice's fields (PRODUCT.md §6): the input schemas of the admin API, the public API and the CLI. Amounts come as
 * strings or numbers (`"1,250.50"`, `1250.5`, `"৳১২৫০"`), are read into paisa by the one amount parser, and are refused
 * when negative, over 2 decimals or over the largest payment; a unit price is refused at zero too (a discount or
 * shipping of 0 means none). No database or HTTP here.
 */

export const invoiceFormLabels: Record<string, string> = {
  customer: 'Customer',
  'customer.name': 'Customer name',
  'customer.email': 'Customer e-mail',
  'customer.phone': 'Customer phone',
  items: 'Items',
  discount: 'Discount',
  vat_percent: 'VAT %',
  shipping: 'Shipping',
  due_on: 'Due date',
  note: 'Note',
  private_note: 'Private note',
  webhook_url: 'Webhook URL',
  status: 'Status',
  total: 'Total',
};

const line = (field: string, max: number, min = 0) =>
  plainText(field, max, min).refine((v) => !hasControlCharacter(v), `${field} must not contain control characters or line breaks`);
const text = (field: string, max: number) => plainText(field, max).refine((v) => !hasControlCharacterInText(v), `${field} must not contain control characters`);

/** A number a customer can be reached on: digits (Bangla ones read as ASCII), spaces and hyphens, an optional +. */
const phone = z
  .string({ error: 'phone must be a string' })
  .trim()
  .transform((v) => asciiDigits(v))
  .pipe(z.string().regex(/^\+?[0-9][0-9 -]{4,22}[0-9]$/, 'phone must be a phone number such as 01712345678 or +880 1712-345678'));
const email = z.email({ error: 'email must be an e-mail address such as customer@example.com' }).trim().max(254, 'email must have at most 254 characters');

const customer = z
  .strictObject(
    {
      name: line('name', 100, 1),
      email: optionalField(email),
      phone: optionalField(phone),
    },
    { error: 'customer must be an object with name and an email or phone' },
  )
  .superRefine((c, ctx) => {
    if (c.email === null && c.phone === null) ctx.addIssue({ code: 'custom', message: 'customer needs an email or a phone', path: ['email'] });
  });

const item = z.strictObject(
  {
    description: line('description', 200, 1),
    quantity: numberField(INVOICE_NUMBERS.quantity, 'quantity', 'invalid_request'),
    unit_price: numberField(INVOICE_NUMBERS.unit_price, 'unit_price'),
  },
  { error: 'each item must be an object with description, quantity and unit_price' },
);
const items = z
  .array(item, { error: 'items must be a list' })
  .min(1, 'items must have at least 1 item')
  .max(MAX_ITEMS, `items must have at most ${MAX_ITEMS} items`);

const dueOn = z.string({ error: `due_on must be a date such as 31/12/2026` }).transform((value, ctx) => {
  const iso = parseDayMonthYear(value.trim());
  if (!iso) {
    fail(ctx, 'invalid_date', `due_on "${value}" is not a valid date; use the format ${DATE_FORMAT_HINT}, e.g. 31/12/2026`);
    return z.NEVER;
  }
  return iso;
});

const shape = {
  customer,
  items,
  discount: optionalField(numberField(INVOICE_NUMBERS.charge, 'discount')).transform((v) => v ?? 0),
  /** 0–100 with at most 2 decimals, kept in hundredths of a percent. */
  vat_percent: optionalField(numberField(INVOICE_NUMBERS.vat_percent, 'vat_percent')).transform((v) => v ?? 0),
  shipping: optionalField(numberField(INVOICE_NUMBERS.charge, 'shipping')).transform((v) => v ?? 0),
  due_on: optionalField(dueOn),
  note: text('note', 2000).default(''),
  private_note: text('private_note', 2000).default(''),
  webhook_url: optionalField(httpUrl('webhook_url')),
  status: z.enum(['draft', 'open'], { error: 'status must be "draft" or "open"' }).optional(),
};

/** The figures' own rules (discount ≤ subtotal, 0 < total ≤ the largest payment), reported with the fields' problems. */
function totalsRefinement(v: { items?: Item[]; discount?: number; vat_percent?: number; shipping?: number }, ctx: z.RefinementCtx) {
  if (!v.items || v.discount === undefined || v.vat_percent === undefined || v.shipping === undefined) return;
  const result = computeTotals({ items: v.items, discount: v.discount, vat_percent: v.vat_percent, shipping: v.shipping });
  if (!result.ok)
    for (const p of result.problems) ctx.addIssue({ code: 'custom', message: p.message, path: p.field.split('.'), params: { code: 'invalid_amount' } });
}

export const createInvoiceInput = z.strictObject(shape, { error: 'the request body must be a JSON object' }).superRefine(totalsRefinement);
export type CreateInvoiceInput = z.output<typeof createInvoiceInput>;

/**
 * An edit sends only what changes; `null` clears an optional field. A draft takes every field; an open invoice only
 * `due_on`, `note` and `private_note` (the service refuses the rest: modules/invoices/states.ts editableFields).
 */
export const updateInvoiceInput = z.strictObject(
  {
    customer: customer.optional(),
    items: items.optional(),
    discount: shape.discount.optional(),
    vat_percent: shape.vat_percent.optional(),
    shipping: shape.shipping.optional(),
    due_on: shape.due_on.optional(),
    note: text('note', 2000).optional(),
    private_note: text('private_note', 2000).optional(),
    webhook_url: shape.webhook_url.optional(),
  },
  { error: 'the request body must be a JSON object' },
);
export type UpdateInvoiceInput = z.output<typeof updateInvoiceInput>;

/** `mark-paid`: a payment made elsewhere (cash, bank transfer), recorded by hand. */
export const markPaidInput = z.strictObject(
  {
    method: line('method', 50, 1),
    transaction_id: optionalField(line('transaction_id', 100, 1)),
    note: text('note', 1000).default(''),
  },
  { error: 'the request body must be a JSON object' },
);
export type MarkPaidInput = z.output<typeof markPaidInput>;

export const emptyInput = z.strictObject({}, { error: 'the request body must be a JSON object' });
