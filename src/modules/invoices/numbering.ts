import { z } from 'zod';
import type { Db, Executor } from '../../db/index.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import * as repo from './repository.js';
import { formatNumber } from './view.js';

/**
 * A brand's invoice numbering (ADR 121): its prefix (default `INV-`), editable; the sequence only grows. A prefix ends
 * in a letter or sign, never a digit, so prefix + number can never spell another prefix's number.
 */
export const numberingInput = z.strictObject(
  {
    prefix: z
      .string({ error: 'prefix must be a string' })
      .trim()
      .regex(/^[A-Za-z0-9/_-]{0,11}[A-Za-z/_-]$/, 'prefix must be 1–12 letters, digits, "-", "_" or "/", not ending with a digit (e.g. INV- or 2026/)')
      .optional(),
    /** The customers' reminder e-mails of open invoices (reminders.ts); receipts are sent either way. */
    reminders: z.boolean({ error: 'reminders must be true or false' }).optional(),
  },
  { error: 'the request body must be a JSON object' },
);
export const numberingLabels = { prefix: 'Number prefix', reminders: 'Email reminders' };

export async function numberingView(db: Executor, brandId: string) {
  const { prefix, last_number } = await repo.numbering(db, brandId);
  return { prefix, last_number, next_number: formatNumber(prefix, last_number + 1) };
}
export type NumberingView = Awaited<ReturnType<typeof numberingView>>;

export async function setNumberPrefix(db: Db, brandId: string, prefix: string, actor: Actor): Promise<NumberingView> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.numbering(trx, brandId);
    if (before.prefix === prefix) return;
    await repo.setPrefix(trx, brandId, prefix, Date.now());
    await recordAudit(trx, {
      brandId,
      actor,
      action: 'invoice.numbering_updated',
      targetId: brandId,
      changes: { prefix: { from: before.prefix, to: prefix } },
    });
  });
  return numberingView(db, brandId);
}
