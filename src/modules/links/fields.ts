import { z } from 'zod';
import { DATE_FORMAT_HINT, parseDayMonthYear } from '../../lib/dates.js';
import { asciiDigits, TYPED_AMOUNT } from '../../lib/money.js';
import { hasControlCharacter, hasControlCharacterInText } from '../../lib/text.js';
import { httpUrl } from '../../lib/urls.js';
import { fail, numberField, optionalField as optional, plainText } from '../../lib/validation.js';

/**
 * A payment link's fields (PRODUCT.md §6): the admin API's and the CLI's input schemas, and the custom fields a
 * customer fills in on the public page. No database or HTTP here.
 */

export const AMOUNT_TYPES = ['fixed', 'open'] as const;
export type AmountType = (typeof AMOUNT_TYPES)[number];
export const FIELD_TYPES = ['text', 'number', 'select'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A question the customer answers on the link's page. */
export type LinkField = { label: string; type: FieldType; options: string[]; required: boolean };

export const MAX_FIELDS = 5;
/** What a customer may type into one custom field, and the name and phone boxes. */
export const MAX_ANSWER_CHARS = 200;
/** An open link's smallest amount unless the merchant sets one: ৳1.00. */
export const DEFAULT_MIN_AMOUNT = 100;

export const linkFormLabels = {
  title: 'Title',
  description: 'Description',
  title_bn: 'Title in Bangla',
  description_bn: 'Description in Bangla',
  amount_type: 'Amount type',
  amount: 'Amount',
  min_amount: 'Minimum amount',
  max_amount: 'Maximum amount',
  quantity: 'Quantity',
  expires_at: 'Expires at',
  active: 'Active',
  slug: 'Slug',
  redirect_url: 'Redirect URL',
  webhook_url: 'Webhook URL',
  fields: 'Custom fields',
};

const money = (field: string) => numberField(TYPED_AMOUNT, field);

const title = plainText('title', 100, 1).refine((v) => !hasControlCharacter(v), 'title must not contain control characters or line breaks');
const description = plainText('description', 1000).refine((v) => !hasControlCharacterInText(v), 'description must not contain control characters');
const titleBn = plainText('title_bn', 100).refine((v) => !hasControlCharacter(v), 'title_bn must not contain control characters or line breaks');
const descriptionBn = plainText('description_bn', 1000).refine((v) => !hasControlCharacterInText(v), 'description_bn must not contain control characters');

/** Letters, digits, `-` and `_`, 3–64 characters: it becomes part of a URL the customer may type. */
const SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/;
const slug = z
  .string({ error: 'slug must be a string' })
  .trim()
  .refine((v) => SLUG.test(v), 'slug must be 3–64 letters, digits, "-" or "_", starting with a letter or digit');

const expiresAt = z.string({ error: 'expires_at must be a date such as 31/12/2026' }).transform((value, ctx) => {
  const iso = parseDayMonthYear(value.trim());
  if (!iso) {
    fail(ctx, 'invalid_date', `expires_at "${value}" is not a valid date; use the format ${DATE_FORMAT_HINT}, e.g. 31/12/2026`);
    return z.NEVER;
  }
  return iso;
});

const quantity = numberField({ style: 'typed', decimals: 0, min: 1, max: 1_000_000, unit: 'count' }, 'quantity', { code: 'invalid_request' });

const field = z.strictObject({
  label: plainText('label', 60, 1),
  type: z.enum(FIELD_TYPES, { error: 'type must be text, number or select' }),
  options: z
    .array(plainText('option', 60, 1), { error: 'options must be a list of choices' })
    .max(20, 'options must have at most 20 choices')
    .default([]),
  required: z.boolean({ error: 'required must be true or false' }).default(false),
});

const fields = z
  .array(field, { error: 'fields must be a list' })
  .max(MAX_FIELDS, `fields must have at most ${MAX_FIELDS} items`)
  .superRefine((list, ctx) => {
    list.forEach((f, i) => {
      if (f.type === 'select' && f.options.length === 0)
        ctx.addIssue({ code: 'custom', message: `"${f.label}" is a select and needs options`, path: [i, 'options'] });
      if (f.type !== 'select' && f.options.length > 0)
        ctx.addIssue({ code: 'custom', message: `only a select has options ("${f.label}" is ${f.type})`, path: [i, 'options'] });
    });
    const labels = list.map((f) => f.label.toLowerCase());
    if (new Set(labels).size !== labels.length) ctx.addIssue({ code: 'custom', message: 'fields must not repeat a label', path: [] });
  })
  .transform((list): LinkField[] => list.map((f) => ({ label: f.label, type: f.type, options: f.options, required: f.required })));

const shape = {
  title,
  description: description.default(''),
  title_bn: optional(titleBn),
  description_bn: optional(descriptionBn),
  amount_type: z.enum(AMOUNT_TYPES, { error: 'amount_type must be "fixed" or "open"' }),
  amount: optional(money('amount')),
  min_amount: optional(money('min_amount')),
  max_amount: optional(money('max_amount')),
  quantity: optional(quantity),
  expires_at: optional(expiresAt),
  active: z.boolean({ error: 'active must be true or false' }).default(true),
  slug: optional(slug),
  redirect_url: optional(httpUrl('redirect_url')),
  webhook_url: optional(httpUrl('webhook_url')),
  fields: fields.default([]),
};

/** The amount rules every saved link obeys, checked on create and on the merged result of an edit. */
export function amountProblems(link: { amount_type: AmountType; amount: number | null; min_amount: number | null; max_amount: number | null }) {
  const problems: { field: string; message: string }[] = [];
  if (link.amount_type === 'fixed' && link.amount === null) problems.push({ field: 'amount', message: 'Amount is required for a fixed amount link' });
  if (link.amount_type === 'open' && link.min_amount !== null && link.max_amount !== null && link.min_amount > link.max_amount) {
    problems.push({ field: 'max_amount', message: 'Maximum amount must not be less than the minimum amount' });
  }
  return problems;
}

export const createLinkInput = z.strictObject(shape, { error: 'the request body must be a JSON object' }).superRefine((v, ctx) => {
  for (const p of amountProblems(v)) ctx.addIssue({ code: 'custom', message: p.message, path: [p.field] });
});
export type CreateLinkInput = z.output<typeof createLinkInput>;

/** An edit sends only what changes; `null` clears an optional field. */
export const updateLinkInput = z.strictObject(
  {
    title: title.optional(),
    description: description.optional(),
    title_bn: shape.title_bn.optional(),
    description_bn: shape.description_bn.optional(),
    amount_type: shape.amount_type.optional(),
    amount: shape.amount.optional(),
    min_amount: shape.min_amount.optional(),
    max_amount: shape.max_amount.optional(),
    quantity: shape.quantity.optional(),
    expires_at: shape.expires_at.optional(),
    active: z.boolean({ error: 'active must be true or false' }).optional(),
    slug: optional(slug).optional(),
    redirect_url: shape.redirect_url.optional(),
    webhook_url: shape.webhook_url.optional(),
    fields: fields.optional(),
  },
  { error: 'the request body must be a JSON object' },
);
export type UpdateLinkInput = z.output<typeof updateLinkInput>;

/** A number a customer types (Bangla digits read as ASCII): an optional sign, digits, an optional fraction. */
const NUMBER = /^-?\d{1,15}(?:\.\d{1,6})?$/;

/** A custom field the customer left empty although required, or filled with something it does not take (too long, not a number, not a choice). */
export type AnswerError = { field: string; label: string; kind: 'required' | 'invalid' };

/** The customer's answers on the public page, by field index (`field_0`…), checked against the link's fields. */
export function readAnswers(linkFields: LinkField[], form: Record<string, unknown>): { answers: Record<string, string>; errors: AnswerError[] } {
  const answers: Record<string, string> = {};
  const errors: AnswerError[] = [];
  linkFields.forEach((f, i) => {
    const name = `field_${i}`;
    const raw = form[name];
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') {
      if (f.required) errors.push({ field: name, label: f.label, kind: 'required' });
      return;
    }
    if (value.length > MAX_ANSWER_CHARS || hasControlCharacter(value)) {
      errors.push({ field: name, label: f.label, kind: 'invalid' });
      return;
    }
    if (f.type === 'number' && !NUMBER.test(asciiDigits(value))) {
      errors.push({ field: name, label: f.label, kind: 'invalid' });
      return;
    }
    if (f.type === 'select' && !f.options.includes(value)) {
      errors.push({ field: name, label: f.label, kind: 'invalid' });
      return;
    }
    // Stored as the customer typed it (Bangla intact).
    answers[f.label] = value;
  });
  return { answers, errors };
}
