import { isoTime, toDayMonthYear, today } from '../../lib/dates.js';
import { formatAmount, formatDecimal } from '../../lib/money.js';
import type { Item } from './totals.js';
import type { InvoiceRow } from './repository.js';
import { isOverdue } from './states.js';

/** `INV-` and 000001: six digits at least, more once a brand passes 999,999 invoices. */
export function formatNumber(prefix: string, sequence: number): string {
  return `${prefix}${String(sequence).padStart(6, '0')}`;
}

export function invoiceUrl(publicUrl: string, publicId: string): string {
  return `${publicUrl}/invoice/${publicId}`;
}

export function itemsOf(invoice: Pick<InvoiceRow, 'items'>): Item[] {
  return JSON.parse(invoice.items) as Item[];
}

/** Open, with its due date before today in the brand's time zone. */
export function overdue(invoice: Pick<InvoiceRow, 'status' | 'due_on'>, timeZone: string, now = Date.now()): boolean {
  return isOverdue(invoice.status, invoice.due_on, today(timeZone, now));
}

/**
 * An invoice as the admin API and the public API show it (docs/admin-api.md): every figure a string with 2 decimals,
 * `vat_percent` too, dates dd/mm/yyyy, times ISO. `private_note` is the merchant's: the public page never shows it.
 */
export function invoiceView(inv: InvoiceRow, timeZone: string, publicUrl: string, now = Date.now()) {
  return {
    id: inv.id,
    number: inv.number,
    public_id: inv.public_id,
    url: invoiceUrl(publicUrl, inv.public_id),
    status: inv.status,
    /** Derived: open and due before today in the brand's time zone. */
    overdue: overdue(inv, timeZone, now),
    customer: { name: inv.customer_name, email: inv.customer_email, phone: inv.customer_phone },
    items: itemsOf(inv).map((i) => ({
      description: i.description,
      quantity: i.quantity,
      unit_price: formatAmount(i.unit_price),
      amount: formatAmount(i.quantity * i.unit_price),
    })),
    currency: inv.currency,
    subtotal: formatAmount(inv.subtotal),
    discount: formatAmount(inv.discount),
    vat_percent: formatDecimal(inv.vat_percent, 2),
    vat: formatAmount(inv.vat),
    shipping: formatAmount(inv.shipping),
    total: formatAmount(inv.total),
    due_on: inv.due_on === null ? null : toDayMonthYear(inv.due_on),
    note: inv.note,
    private_note: inv.private_note,
    webhook_url: inv.webhook_url,
    /** The payment that paid it (null when unpaid or paid elsewhere). */
    payment_id: inv.payment_id,
    /** How it was paid: the payment's method and transaction id, or what mark-paid recorded. */
    paid: inv.paid_at === null ? null : { method: inv.paid_method, transaction_id: inv.paid_transaction_id, note: inv.paid_note, at: isoTime(inv.paid_at) },
    api_key_id: inv.api_key_id,
    livemode: inv.livemode === 1,
    created_at: isoTime(inv.created_at),
    updated_at: isoTime(inv.updated_at),
    sent_at: isoTime(inv.sent_at),
    voided_at: isoTime(inv.voided_at),
  };
}
export type InvoiceView = ReturnType<typeof invoiceView>;
