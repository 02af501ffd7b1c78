import { z } from 'zod';
import { DuarError, type ErrorCode } from './errors.js';

/** Parses `input` with `schema`; the first problem becomes a DuarError that names the field in words a person reads. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.') || undefined;
  const code = (issue as { params?: { code?: ErrorCode } }).params?.code ?? 'invalid_request';
  throw new DuarError(code, describeIssue(issue, field), { field });
}

function describeIssue(issue: z.core.$ZodIssue, field: string | undefined): string {
  const label = field ?? 'request body';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `${label} is required` : `${label} must be ${article(issue.expected)}`;
    case 'too_small':
      // A schema's own message (`.min(1, 'select at least one ability')`) says it better than the generic one.
      if (!issue.message.startsWith('Too small')) return field && !issue.message.startsWith(field) ? `${label}: ${issue.message}` : issue.message;
      return issue.origin === 'string' && issue.minimum === 1
        ? `${label} must not be empty`
        : `${label} must have at least ${issue.minimum} ${unit(issue.origin)}`;
    case 'too_big':
      return `${label} must have at most ${issue.maximum} ${unit(issue.origin)}`;
    case 'unrecognized_keys':
      return `${issue.keys.join(', ')} cannot be set here`;
    default:
      return field && !issue.message.startsWith(field) ? `${label}: ${issue.message}` : issue.message;
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
