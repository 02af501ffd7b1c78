import { z } from 'zod';
import { DuarError, type ErrorCode, type FieldError } from './errors.js';
import { readDecimal, type NumberRule } from './money.js';

export type { FieldError };

/**
 * How a form labels its fields (`{ expires_at: 'Expires at' }`). The admin API's messages name fields as the dashboard
 * shows them; the public API has no labels, so its messages use the wire names developers send.
 */
export type FieldLabels = Record<string, string>;

/** Parses `input` with `schema`; every invalid field becomes one entry of the DuarError's `errors` list (see validationError). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, labels: FieldLabels = {}): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  // A body that arrived as text (Content-Type text/plain) is a content-type mistake more often than a shape one.
  const wantedObject = result.error.issues.some((i) => i.path.length === 0 && i.code === 'invalid_type' && i.expected === 'object');
  if (typeof input === 'string' && wantedObject) {
    throw fieldErrors('invalid_request', [{ field: 'body', message: 'The request body must be a JSON object sent with Content-Type: application/json' }]);
  }
  throw validationError(result.error.issues, labels);
}

/**
 * All problems at once: `errors` lists the first problem of each field, `message` joins them for clients that only
 * read `message`, and `code`/`field` are the first problem's (the compatible single-field shape, kept for old clients).
 */
export function validationError(issues: readonly z.core.$ZodIssue[], labels: FieldLabels = {}): DuarError {
  const errors: FieldError[] = [];
  let code: ErrorCode | undefined;
  for (const issue of issues) {
    const field = issue.path.map(String).join('.');
    if (errors.some((e) => e.field === (field || 'body'))) continue;
    code ??= (issue as { params?: { code?: ErrorCode } }).params?.code ?? 'invalid_request';
    errors.push({ field: field || 'body', message: describeIssue(issue, field || undefined, labels) });
  }
  return fieldErrors(code ?? 'invalid_request', errors);
}

/** A DuarError for one or more invalid fields, in the shape validationError answers. */
export function fieldErrors(code: ErrorCode, errors: FieldError[]): DuarError {
  const first = errors[0]!;
  return new DuarError(code, errors.map((e) => e.message).join('; '), {
    field: first.field === 'body' ? undefined : first.field,
    errors,
  });
}

function labelOf(field: string, labels: FieldLabels): string {
  return labels[field] ?? field;
}

/** A schema's own message names the field by its wire name; with a label, the label replaces that name. */
function relabel(message: string, field: string | undefined, labels: FieldLabels): string {
  if (!field) return message;
  const label = labelOf(field, labels);
  if (message.startsWith(field)) return label + message.slice(field.length);
  return `${label}: ${message}`;
}

function describeIssue(issue: z.core.$ZodIssue, field: string | undefined, labels: FieldLabels): string {
  const label = field ? labelOf(field, labels) : 'The request body';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.message && !issue.message.startsWith('Invalid input')) return relabel(issue.message, field, labels);
      return issue.input === undefined ? `${label} is required` : `${label} must be ${article(issue.expected)}`;
    case 'too_small':
      // A schema's own message (`.min(1, 'select at least one ability')`) says it better than the generic one.
      if (!issue.message.startsWith('Too small')) return relabel(issue.message, field, labels);
      return issue.origin === 'string' && issue.minimum === 1
        ? `${label} must not be empty`
        : `${label} must have at least ${issue.minimum} ${unit(issue.origin)}`;
    case 'too_big':
      if (!issue.message.startsWith('Too big')) return relabel(issue.message, field, labels);
      return `${label} must have at most ${issue.maximum} ${unit(issue.origin)}`;
    case 'unrecognized_keys':
      return `${issue.keys.join(', ')} cannot be set here`;
    default:
      return relabel(issue.message, field, labels);
  }
}

function article(type: string): string {
  return ({ array: 'a list', object: 'an object', string: 'a string', number: 'a number', boolean: 'true or false' } as Record<string, string>)[type] ?? type;
}

function unit(origin: string): string {
  return ({ string: 'characters', array: 'items' } as Record<string, string>)[origin] ?? '';
}

/** A custom refinement failure carrying its own catalogue code. */
export function fail(ctx: z.RefinementCtx, code: ErrorCode, message: string): void {
  ctx.addIssue({ code: 'custom', message, params: { code } });
}

/** `page` (from 1) and `per_page` (1–100, default 25) of a list's query string, spread into its schema. */
export const pageParams = {
  page: z.coerce.number({ error: 'page must be a number' }).int('page must be a whole number').min(1, 'page must be at least 1').default(1),
  per_page: z.coerce
    .number({ error: 'per_page must be a number' })
    .int('per_page must be a whole number')
    .min(1, 'per_page must be at least 1')
    .max(100, 'per_page must be at most 100')
    .default(25),
};

type NumberFieldOptions = {
  /** Empty, null or missing means "none" (refund all that remains, no limit): the field gives null, and every refusal ends with this, as written. */
  blank?: string;
  /** Empty, null or missing is refused with this message (the payment API's `amount is required`). */
  required?: string;
  /** Replaces readDecimal's wording where the field says it better; starting with `:` it follows the field's name directly. */
  problem?: string;
  code?: ErrorCode;
};

/**
 * A number field read by the one amount parser (lib/money.ts readDecimal) into integer units, in the rule's style:
 * `wire` for the payment API, `typed` for anything a person types (grouping either way, ৳/Tk, Bangla digits).
 * Messages start with `field` (a form's label replaces it).
 */
export function numberField(rule: NumberRule, field: string, options?: Omit<NumberFieldOptions, 'blank'> | ErrorCode): z.ZodType<number, unknown>;
export function numberField(rule: NumberRule, field: string, options: NumberFieldOptions & { blank: string }): z.ZodType<number | null, unknown>;
export function numberField(rule: NumberRule, field: string, options: NumberFieldOptions | ErrorCode = {}): z.ZodType<number | null, unknown> {
  // A bare error code is the short form of `{ code }`.
  const { blank, required, problem, code = 'invalid_amount' } = typeof options === 'string' ? { code: options } : options;
  // With `blank` or `required` the field answers a missing key itself; without, zod's own "is required" does.
  const base = blank !== undefined || required !== undefined ? z.unknown().optional() : z.unknown();
  return base.transform((value, ctx): number | null => {
    const empty = isBlank(value);
    if (empty && blank !== undefined) return null;
    if (empty && required !== undefined) {
      fail(ctx, code, required);
      return z.NEVER;
    }
    const read = readDecimal(value, rule);
    if (read.ok) return read.units;
    const why = problem ?? read.problem;
    fail(ctx, code, `${field}${why.startsWith(':') ? '' : ' '}${why}${blank ?? ''}`);
    return z.NEVER;
  });
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** An optional form field: blank, null or missing is null (not set); anything else must pass `schema`. */
export const optionalField = <T extends z.ZodType>(schema: T) =>
  z
    .unknown()
    .optional()
    .transform((value, ctx): z.output<T> | null => {
      if (isBlank(value)) return null;
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [] } as z.core.$ZodRawIssue);
      return z.NEVER;
    });

/** Trimmed text of `min`–`max` characters; messages start with `field` (a form's label replaces it). */
export const plainText = (field: string, max: number, min = 0) =>
  z
    .string({ error: (i) => (i.input === undefined ? `${field} is required` : `${field} must be a string`) })
    .trim()
    .min(min, min === 1 ? `${field} must not be empty` : `${field} must have at least ${min} characters`)
    .max(max, `${field} must have at most ${max} characters`);
