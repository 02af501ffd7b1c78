import type { Transform } from 'node:stream';
import type { Db } from '../../db/index.js';
import { addDays, formatDateTime, startOfDay, today } from '../../lib/dates.js';
import { formatAmount, formatDecimal } from '../../lib/money.js';
import type { Brand } from '../brands/service.js';
import { keyNamesById } from '../api-keys/service.js';
import type { MethodId } from '../gateways/index.js';
import { expireDueCheckouts, paymentsPage, type PaymentRow } from '../payments/access.js';
import type { PaymentState } from '../payments/states.js';
import { invoicesPage, type InvoiceFilter } from '../invoices/service.js';
import { isOverdue } from '../invoices/states.js';
import { invoiceUrl, itemsOf } from '../invoices/view.js';
import type { RefundStatus } from '../refunds/states.js';
import type { SmsFilter } from '../sms/repository.js';
import { type Column, csvStream } from './csv.js';
import * as repo from './repository.js';

/**
 * CSV exports of a brand's payments, refunds and SMS (docs/decisions/073-csv-exports.md), with the filters of the
 * dashboard's lists. Rows are read in pages of PAGE rows as the client takes the text, so a 10⁶-row export holds a page
 * in memory, not the file. Times are the brand's wall clock (`YYYY-MM-DD HH:MM:SS`, which spreadsheets read as a date),
 * amounts as the API writes them (`1234.50`).
 */
const PAGE = 1000;

/** The list filters: `from`/`to` are calendar days in the brand's time zone, both included. */
export type PaymentExportQuery = {
  status?: PaymentState;
  method?: MethodId;
  from?: string;
  to?: string;
  q?: string;
  livemode?: boolean;
  payment_link?: string;
};
export type RefundExportQuery = { status?: RefundStatus; from?: string; to?: string; livemode?: boolean };
export type InvoiceExportQuery = { status?: NonNullable<InvoiceFilter['status']> };
export type SmsExportQuery = { status?: SmsFilter['status']; provider?: SmsFilter['provider']; wallet?: string; q?: string; livemode?: boolean };

const dayRange = (brand: Brand, from?: string, to?: string) => ({
  createdFrom: from ? startOfDay(from, brand.timezone) : undefined,
  createdBefore: to ? startOfDay(addDays(to, 1), brand.timezone) : undefined,
});

/** Pages of rows, each read after the last row of the one before, until one comes back short. */
async function* keyset<Row extends { created_at: number; id: string }>(read: (after: repo.After) => Promise<Row[]>): AsyncGenerator<Row[]> {
  let after: repo.After = null;
  for (;;) {
    const rows = await read(after);
    if (rows.length > 0) yield rows;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = { createdAt: Number(last.created_at), id: last.id };
  }
}

export async function exportPayments(db: Db, brand: Brand, query: PaymentExportQuery): Promise<Transform> {
  // As the list does: checkouts past their time read Expired, not Initiated.
  await expireDueCheckouts(db, brand.id, Date.now());
  const keyNames = await keyNamesById(db, brand.id);
  const at = (ms: number | null) => (ms === null ? null : formatDateTime(Number(ms), brand.timezone));
  const columns: Column<PaymentRow>[] = [
    { header: 'Invoice ID', cell: (p) => p.invoice_id },
    { header: `Created (${brand.timezone})`, cell: (p) => at(p.created_at) },
    { header: 'Status', cell: (p) => p.status },
    { header: 'Amount', cell: (p) => formatAmount(Number(p.amount)) },
    { header: 'Currency', cell: (p) => p.currency },
    { header: 'Fee (BDT)', cell: (p) => formatAmount(Number(p.fee)) },
    { header: 'Charged (BDT)', cell: (p) => formatAmount(Number(p.charged_amount)) },
    { header: 'Refunded (BDT)', cell: (p) => formatAmount(Number(p.refunded_amount)) },
    { header: 'Method', cell: (p) => p.payment_method },
    { header: 'Sender number', cell: (p) => p.sender_number },
    { header: 'Transaction ID', cell: (p) => p.transaction_id },
    { header: 'Customer name', cell: (p) => p.full_name },
    { header: 'Customer email', cell: (p) => p.email },
    { header: 'Metadata', cell: (p) => p.metadata },
    { header: 'API key', cell: (p) => (p.api_key_id === null ? null : (keyNames.get(p.api_key_id) ?? p.api_key_id)) },
    { header: 'Mode', cell: (p) => (Number(p.livemode) === 1 ? 'live' : 'test') },
    { header: `Paid (${brand.timezone})`, cell: (p) => at(p.paid_at) },
    { header: `Completed (${brand.timezone})`, cell: (p) => at(p.completed_at) },
    { header: 'Payment ID', cell: (p) => p.id },
  ];
  const filter = {
    status: query.status,
    method: query.method,
    ...dayRange(brand, query.from, query.to),
    search: query.q?.trim() || undefined,
    livemode: query.livemode ?? true,
    paymentLink: query.payment_link,
  };
  const pages = keyset((after) => paymentsPage(db, brand.id, filter, { limit: PAGE, ...(after ? { after } : {}) }).then((page) => page.rows));
  return csvStream(columns, pages);
}

type RefundExportRow = Awaited<ReturnType<typeof repo.refundsPage>>[number];

export function exportRefunds(db: Db, brand: Brand, query: RefundExportQuery): Transform {
  const at = (ms: number | null) => (ms === null ? null : formatDateTime(Number(ms), brand.timezone));
  const columns: Column<RefundExportRow>[] = [
    { header: 'Refund ID', cell: (r) => r.id },
    { header: `Created (${brand.timezone})`, cell: (r) => at(r.created_at) },
    { header: 'Invoice ID', cell: (r) => r.invoice_id },
    { header: 'Payment transaction ID', cell: (r) => r.payment_transaction_id },
    { header: 'Method', cell: (r) => r.payment_method },
    { header: 'Amount (BDT)', cell: (r) => formatAmount(Number(r.amount)) },
    { header: 'Kind', cell: (r) => r.kind },
    { header: 'Status', cell: (r) => r.status },
    { header: 'Payout', cell: (r) => r.payout },
    { header: `Paid out (${brand.timezone})`, cell: (r) => at(r.paid_out_at) },
    { header: 'Paid out by', cell: (r) => r.paid_out_by },
    { header: 'Reason', cell: (r) => r.reason },
    { header: 'Product', cell: (r) => r.product_name },
    { header: 'Made through', cell: (r) => r.source },
    { header: 'Made by', cell: (r) => r.actor },
    { header: 'Gateway reference', cell: (r) => r.gateway_reference },
    { header: 'Payment ID', cell: (r) => r.payment_id },
  ];
  const filter = { status: query.status, ...dayRange(brand, query.from, query.to), livemode: query.livemode ?? true };
  return csvStream(
    columns,
    keyset((after) => repo.refundsPage(db, brand.id, filter, after, PAGE)),
  );
}

type SmsExportRow = Awaited<ReturnType<typeof repo.smsPage>>[number];

export function exportSms(db: Db, brand: Brand, query: SmsExportQuery): Transform {
  const at = (ms: number | null) => (ms === null ? null : formatDateTime(Number(ms), brand.timezone));
  const money = (paisa: number | null) => (paisa === null ? null : formatAmount(Number(paisa)));
  const columns: Column<SmsExportRow>[] = [
    { header: 'SMS ID', cell: (s) => s.id },
    { header: `Received (${brand.timezone})`, cell: (s) => at(s.created_at) },
    { header: 'Status', cell: (s) => s.status },
    { header: 'Reason', cell: (s) => s.reason },
    { header: 'Provider', cell: (s) => s.provider },
    { header: 'Kind', cell: (s) => s.kind },
    { header: 'Amount (BDT)', cell: (s) => money(s.amount) },
    { header: 'Fee (BDT)', cell: (s) => money(s.fee) },
    { header: 'Balance (BDT)', cell: (s) => money(s.balance) },
    { header: 'Payer', cell: (s) => s.payer },
    { header: 'Reference', cell: (s) => s.ref },
    { header: 'TrxID', cell: (s) => s.trx_id },
    { header: 'Sender', cell: (s) => s.sender },
    { header: 'Wallet', cell: (s) => s.wallet },
    { header: 'Source', cell: (s) => s.source },
    { header: `SMS time (${brand.timezone})`, cell: (s) => at(s.sms_at) },
    { header: 'Payment ID', cell: (s) => s.payment_id },
    { header: 'Text', cell: (s) => s.body },
  ];
  const filter: SmsFilter = {
    status: query.status,
    provider: query.provider,
    wallet: query.wallet,
    search: query.q?.trim() || undefined,
    livemode: query.livemode ?? true,
  };
  return csvStream(
    columns,
    keyset((after) => repo.smsPage(db, brand.id, filter, after, PAGE)),
  );
}

type InvoiceExportRow = Awaited<ReturnType<typeof invoicesPage>>[number];

/** A brand's invoices with the list's state filter (`overdue` included), newest first: one row per invoice. */
export function exportInvoices(db: Db, brand: Brand, query: InvoiceExportQuery, publicUrl: string): Transform {
  const at = (ms: number | null) => (ms === null ? null : formatDateTime(Number(ms), brand.timezone));
  const money = (paisa: number) => formatAmount(Number(paisa));
  const day = today(brand.timezone);
  const columns: Column<InvoiceExportRow>[] = [
    { header: 'Number', cell: (i) => i.number },
    { header: `Created (${brand.timezone})`, cell: (i) => at(i.created_at) },
    { header: 'Status', cell: (i) => i.status },
    { header: 'Overdue', cell: (i) => (isOverdue(i.status, i.due_on, day) ? 'yes' : 'no') },
    { header: 'Customer name', cell: (i) => i.customer_name },
    { header: 'Customer email', cell: (i) => i.customer_email },
    { header: 'Customer phone', cell: (i) => i.customer_phone },
    {
      header: 'Items',
      cell: (i) =>
        itemsOf(i)
          .map((item) => `${item.quantity} × ${item.description}`)
          .join('; '),
    },
    { header: 'Subtotal', cell: (i) => money(i.subtotal) },
    { header: 'Discount', cell: (i) => money(i.discount) },
    { header: 'VAT %', cell: (i) => formatDecimal(Number(i.vat_percent), 2) },
    { header: 'VAT', cell: (i) => money(i.vat) },
    { header: 'Shipping', cell: (i) => money(i.shipping) },
    { header: 'Total', cell: (i) => money(i.total) },
    { header: 'Currency', cell: (i) => i.currency },
    { header: 'Due date', cell: (i) => i.due_on },
    { header: `Sent (${brand.timezone})`, cell: (i) => at(i.sent_at) },
    { header: `Paid (${brand.timezone})`, cell: (i) => at(i.paid_at) },
    { header: 'Paid with', cell: (i) => i.paid_method },
    { header: 'Paid transaction ID', cell: (i) => i.paid_transaction_id },
    { header: 'Payment ID', cell: (i) => i.payment_id },
    { header: `Voided (${brand.timezone})`, cell: (i) => at(i.voided_at) },
    { header: 'Note', cell: (i) => i.note },
    { header: 'Private note', cell: (i) => i.private_note },
    { header: 'Mode', cell: (i) => (Number(i.livemode) === 1 ? 'live' : 'test') },
    { header: 'Invoice page', cell: (i) => invoiceUrl(publicUrl, i.public_id) },
    { header: 'Invoice ID', cell: (i) => i.id },
  ];
  const filter: InvoiceFilter = { status: query.status ?? null, today: day };
  return csvStream(
    columns,
    keyset((after) => invoicesPage(db, brand.id, filter, after, PAGE)),
  );
}
