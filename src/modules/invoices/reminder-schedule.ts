import { addDays } from '../../lib/dates.js';

/**
 * The customer's reminders of an open invoice (PRODUCT.md §6): 3 days before its due date, the day after and 7 days
 * after, each once per due date. `day` is the reminder's day counted from the due date; `until` the last day it is still
 * sent when the server missed its day (down, or no SMTP yet), so a reminder comes late rather than never, but an
 * invoice months overdue is not mailed when reminders are switched on. The `invoice_emails.kind` column holds the id.
 * Imports only lib/, so the table type and the dashboard can use it.
 */
export const INVOICE_REMINDERS = [
  { id: 'due_soon', day: -3, until: -1 },
  { id: 'overdue', day: 1, until: 6 },
  { id: 'overdue_week', day: 7, until: 13 },
] as const;
export type InvoiceReminder = (typeof INVOICE_REMINDERS)[number];
export type InvoiceEmailKind = InvoiceReminder['id'] | 'receipt';

/**
 * Pure: the reminder due on `todayDate` for an open invoice due on `dueOn` that was sent (opened) on `openedOn`, all
 * calendar days in the brand's time zone; null when none is. A reminder whose day is not after the day the invoice was
 * sent is skipped: the invoice's own email, that day or later, already gave the due date.
 */
export function dueReminder(dueOn: string, todayDate: string, openedOn: string): InvoiceReminder | null {
  for (const r of INVOICE_REMINDERS) {
    const from = addDays(dueOn, r.day);
    if (todayDate >= from && todayDate <= addDays(dueOn, r.until)) return from > openedOn ? r : null;
  }
  return null;
}
