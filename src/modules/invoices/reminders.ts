import type { Db, Executor } from '../../db/index.js';
import type { InvoiceEmailsTable } from '../../db/tables/invoice-emails.js';
import { addDays, today, toDayMonthYear } from '../../lib/dates.js';
import { displayMoney } from '../../lib/money.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { isMethodId, METHOD_LABELS } from '../gateways/types.js';
import type { Mail } from '../mail/mailer.js';
import { dueReminder, INVOICE_REMINDERS, type InvoiceEmailKind } from './reminder-schedule.js';
import * as repo from './reminders-repository.js';
import { invoiceUrl } from './view.js';

/**
 * The emails an invoice's customer gets after `send` (PRODUCT.md §6): reminders 3 days before the due date, the day
 * after and 7 days after (open invoices, brands with reminders on; reminder-schedule.ts), and a receipt once it is paid.
 * Each is claimed by its `invoice_emails` row before it is sent (of several instances, one sends it), given back when
 * sending fails (the next run retries) and audited once sent. jobs/invoice-emails.ts runs this on the loop.
 */

/** A receipt goes out for invoices paid in the last 3 days: a server down for a weekend still sends it, an old payment is never mailed. */
const RECEIPT_WINDOW_MS = 3 * 86_400_000;
/** Who the audit log says sent them. */
const JOB: Actor = { label: 'duar (invoice emails)', ip: null };

export type DueEmail = { invoice: repo.InvoiceEmailRow; kind: InvoiceEmailKind; claim: InvoiceEmailsTable };

/** The reminders and receipts due at `at`, not yet claimed by this look (claimEmail decides). */
export async function dueEmails(db: Executor, at: number): Promise<DueEmail[]> {
  const out: DueEmail[] = [];
  for (const invoice of await repo.receiptCandidates(db, at - RECEIPT_WINDOW_MS)) {
    out.push({ invoice, kind: 'receipt', claim: { invoice_id: invoice.id, kind: 'receipt', due_on: '', sent_at: at } });
  }
  // Every time zone's today lies within a day of UTC's: the range holds each brand's candidates, its own day decides.
  const utcToday = today('UTC', at);
  const first = INVOICE_REMINDERS[0];
  const last = INVOICE_REMINDERS[INVOICE_REMINDERS.length - 1]!;
  for (const invoice of await repo.reminderCandidates(db, addDays(utcToday, -last.until - 1), addDays(utcToday, -first.day + 1))) {
    const reminder = dueReminder(invoice.due_on!, today(invoice.timezone, at), today(invoice.timezone, Number(invoice.sent_at ?? invoice.created_at)));
    if (reminder) out.push({ invoice, kind: reminder.id, claim: { invoice_id: invoice.id, kind: reminder.id, due_on: invoice.due_on!, sent_at: at } });
  }
  return out;
}

/** Claims the email for this run: false when another run (or instance) already sent it. */
export function claimEmail(db: Executor, email: DueEmail): Promise<boolean> {
  return repo.claimEmail(db, email.claim);
}

/** Sending failed: the claim goes back, so the next run tries again. */
export function releaseEmail(db: Executor, email: DueEmail): Promise<void> {
  return repo.releaseEmail(db, email.claim);
}

/** Sent: the brand's audit log says what went to whom. */
export async function recordEmailSent(db: Executor, email: DueEmail): Promise<void> {
  const { invoice, kind } = email;
  await recordAudit(db, {
    brandId: invoice.brand_id,
    actor: JOB,
    action: kind === 'receipt' ? 'invoice.receipt_sent' : 'invoice.reminder_sent',
    targetId: invoice.id,
    changes: { number: invoice.number, kind, to: invoice.customer_email, ...(kind === 'receipt' ? {} : { due_on: invoice.due_on }) },
  });
}

/** The email itself: the invoice's number, total, due date or payment, and its page. */
export function composeEmail(email: DueEmail, publicUrl: string): Mail {
  const { invoice: i, kind } = email;
  const total = displayMoney(Number(i.total), i.currency);
  const link = invoiceUrl(publicUrl, i.public_id);
  const due = i.due_on ? toDayMonthYear(i.due_on) : '';
  const greeting = `Dear ${i.customer_name},`;
  const to = i.customer_email!;
  if (kind === 'receipt') {
    const paid = paidWith(i);
    return {
      to,
      subject: `Receipt for invoice ${i.number} from ${i.brand_name}`,
      text: [
        greeting,
        '',
        `${i.brand_name} received your payment of ${total} for invoice ${i.number} on ${toDayMonthYear(today(i.timezone, Number(i.paid_at)))}.`,
        ...(paid ? [paid] : []),
        '',
        `The paid invoice: ${link}`,
        '',
        'Thank you.',
      ].join('\n'),
    };
  }
  const soon = kind === 'due_soon';
  return {
    to,
    subject: soon ? `Invoice ${i.number} from ${i.brand_name} is due on ${due}` : `Invoice ${i.number} from ${i.brand_name} is overdue`,
    text: [
      greeting,
      '',
      soon
        ? `A reminder: invoice ${i.number} from ${i.brand_name} for ${total} is due on ${due}.`
        : `Invoice ${i.number} from ${i.brand_name} for ${total} was due on ${due} and is not paid yet.`,
      '',
      `See and pay it here: ${link}`,
      '',
      'If you have paid already, thank you, and please ignore this email.',
    ].join('\n'),
  };
}

/** "Paid with bKash, transaction ID 8N7A6B5C4D.": the method (a wallet by its name) and transaction ID the invoice records. */
function paidWith(i: repo.InvoiceEmailRow): string | null {
  const method = i.paid_method !== null && isMethodId(i.paid_method) ? METHOD_LABELS[i.paid_method] : i.paid_method;
  const trx = i.paid_transaction_id;
  if (!method && !trx) return null;
  return `Paid${method ? ` with ${method}` : ''}${trx ? `, transaction ID ${trx}` : ''}.`;
}

/** The brand's reminder toggle (receipts are always sent). */
export const remindersOn = (db: Executor, brandId: string) => repo.readReminders(db, brandId);

export async function setRemindersOn(db: Db, brandId: string, on: boolean, actor: Actor): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const was = await repo.readReminders(trx, brandId);
    if (was === on) return on;
    await repo.setReminders(trx, brandId, on);
    await recordAudit(trx, { brandId, actor, action: 'brand.updated', targetId: brandId, changes: { invoice_reminders: { from: was, to: on } } });
    return on;
  });
}
