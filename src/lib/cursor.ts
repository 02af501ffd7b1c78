import { z } from 'zod';

/**
 * Where the next page of a newest-first list starts: the last listed row's (created_at, id) in base64url, opaque to
 * clients. Filters are not in it; a client sends the same filters with it. Used by the payments and audit lists.
 */
export function encodeCursor(row: { created_at: number; id: string }): string {
  return Buffer.from(`${row.created_at}.${row.id}`).toString('base64url');
}

/** The `cursor` query parameter, decoded to the position it names (or a field error in plain words). */
export const cursorParam = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const match = /^(\d{1,15})\.([A-Za-z0-9_]{1,64})$/.exec(Buffer.from(value, 'base64url').toString());
    if (!match) {
      ctx.addIssue({ code: 'custom', message: 'cursor is not one this list gave (use next_cursor as it came)' });
      return z.NEVER;
    }
    return { createdAt: Number(match[1]), id: match[2]! };
  });
