import { z } from 'zod';
import { fail } from './validation.js';
import { hasControlCharacter } from './text.js';

/**
 * An http(s) URL, stored as `new URL(value).href`: a non-ASCII path (`https://shop.example/ধন্যবাদ`) becomes
 * percent-encoded, so the customer's redirect back to it is a valid Location header. Control characters and line
 * breaks are refused rather than silently dropped (the URL parser would remove a tab or newline without a word).
 */
export const httpUrl = (field: string) =>
  z
    .string({ error: (i) => (i.input === undefined ? `${field} is required` : `${field} must be a string`) })
    .trim()
    .min(1, `${field} must not be empty`)
    .transform((value, ctx) => {
      if (hasControlCharacter(value)) {
        fail(ctx, 'control_characters', `${field} must not contain control characters or line breaks`);
        return z.NEVER;
      }
      const href = normalizedHttpUrl(value);
      if (href === null) {
        fail(ctx, 'invalid_request', `${field} must be an http(s) URL such as https://shop.example.com/return`);
        return z.NEVER;
      }
      if (href.length > 2048) {
        fail(ctx, 'invalid_request', `${field} must have at most 2048 characters`);
        return z.NEVER;
      }
      return href;
    });

function normalizedHttpUrl(value: string): string | null {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0 ? u.href : null;
  } catch {
    return null;
  }
}
