import { formatDecimal } from '../../lib/money.js';
import type { InvoiceRow } from '../../modules/invoices/service.js';
import { itemsOf } from '../../modules/invoices/view.js';
import type { Locale } from './language.js';
import { contactCard, escapeHtml as e, layout, type PageInfo, type Shop, shopName } from './render.js';

/**
 * The public page of an invoice (PRODUCT.md §6): printable on one A4 page (its print stylesheet drops the page's
 * chrome), no JavaScript, no external asset but the brand's logo; everything the merchant typed is escaped here.
 */

/** Wider than the checkout's card, a table for the items; on paper: no background, no shadows, no buttons. */
const INVOICE_CSS = `<style>main{max-width:46rem}table{width:100%;border-collapse:collapse;margin:.5rem 0}th,td{padding:.4rem .3rem;text-align:left;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{font-size:.8rem;color:#6b7280;font-weight:600}.num{text-align:right;white-space:nowrap}tfoot td{border:0}tfoot tr.total td{font-weight:700;font-size:1.1rem;border-top:2px solid #111827}
.meta{display:flex;flex-wrap:wrap;gap:1rem 2.5rem;margin:.75rem 0}.meta div{min-width:8rem}.note{white-space:pre-wrap}.badge{display:inline-block;padding:.1rem .5rem;border-radius:6px;font-size:.8rem;font-weight:700;background:#fee2e2;color:#991b1b}
@media print{@page{size:A4;margin:12mm}body{background:#fff;font-size:12px}main{max-width:none;padding:0}.card{box-shadow:none;padding:0 0 .75rem;margin:0 0 .75rem;border-radius:0}nav.lang,form,.contact{display:none}}</style>`;

/** A calendar date (yyyy-mm-dd) as the page's language writes it: `31 December 2026` / `৩১ ডিসেম্বর ২০২৬`. */
function day(locale: Locale, iso: string): string {
  const tag = locale.lang === 'bn' ? 'bn-BD-u-nu-latn' : 'en-GB';
  return locale.digits(
    new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${iso}T00:00:00Z`)),
  );
}

/** The instant's calendar date in the brand's time zone, as yyyy-mm-dd. */
function isoDay(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

function figures(locale: Locale, inv: InvoiceRow): string {
  const { t, money, digits } = locale;
  const row = (label: string, value: string, cls = '') => `<tr${cls}><td colspan="3" class="num">${e(label)}</td><td class="num">${e(value)}</td></tr>`;
  const rows = [row(t.invoiceSubtotal, money(inv.subtotal, inv.currency))];
  if (inv.discount > 0) rows.push(row(t.invoiceDiscount, `−${money(inv.discount, inv.currency)}`));
  if (inv.vat_percent > 0) rows.push(row(t.invoiceVat(digits(formatDecimal(inv.vat_percent, 2).replace(/\.?0+$/, ''))), money(inv.vat, inv.currency)));
  if (inv.shipping > 0) rows.push(row(t.invoiceShipping, money(inv.shipping, inv.currency)));
  rows.push(row(t.invoiceTotal, money(inv.total, inv.currency), ' class="total"'));
  return `<tfoot>${rows.join('')}</tfoot>`;
}

function itemsTable(locale: Locale, inv: InvoiceRow): string {
  const { t, money, digits } = locale;
  const body = itemsOf(inv)
    .map(
      (i) =>
        `<tr><td>${e(i.description)}</td><td class="num">${e(digits(String(i.quantity)))}</td><td class="num">${e(money(i.unit_price, inv.currency))}</td><td class="num">${e(money(i.quantity * i.unit_price, inv.currency))}</td></tr>`,
    )
    .join('');
  const head = `<thead><tr><th>${e(t.invoiceItem)}</th><th class="num">${e(t.invoiceQty)}</th><th class="num">${e(t.invoiceUnitPrice)}</th><th class="num">${e(t.invoiceAmount)}</th></tr></thead>`;
  return `<table>${head}<tbody>${body}</tbody>${figures(locale, inv)}</table>`;
}

/** What stands where the Pay button would: the button on an open invoice, else what happened to it. */
function payOrStatus(page: PageInfo, inv: InvoiceRow): string {
  const { t, money } = page.locale;
  switch (inv.status) {
    case 'open':
      return `<form method="post" action="${e(`/invoice/${encodeURIComponent(inv.public_id)}/pay`)}"><button type="submit">${e(t.invoicePay(money(inv.total, inv.currency)))}</button></form>`;
    case 'paid':
      return `<p class="ok" role="status">${e(t.invoicePaid)}</p>`;
    case 'refunded':
      return `<p class="notice" role="status">${e(t.invoiceRefunded)}</p>`;
    case 'void':
    case 'draft':
      return `<p class="notice" role="status">${e(t.invoiceNotPayable)}</p>`;
  }
}

/** `/invoice/{public id}`: the shop, the number and dates, who it bills, the items and figures, the note, Pay ৳…. */
export function invoicePage(page: PageInfo, shop: Shop, inv: InvoiceRow, timeZone: string, overdue: boolean): string {
  const { locale } = page;
  const { t } = locale;
  const customer = [inv.customer_name, inv.customer_email, inv.customer_phone && locale.digits(inv.customer_phone)].filter(Boolean).map((v) => e(v as string));
  const badge = overdue ? ` <span class="badge">${e(t.invoiceOverdue)}</span>` : '';
  const meta = `<div class="meta"><div><div class="muted">${e(t.invoiceBillTo)}</div>${customer.join('<br>')}</div><div><div class="muted">${e(t.invoiceIssued)}</div>${e(
    day(locale, isoDay(inv.created_at, timeZone)),
  )}</div><div><div class="muted">${e(t.invoiceDue)}</div>${e(inv.due_on === null ? t.invoiceDueOnReceipt : day(locale, inv.due_on))}${badge}</div></div>`;
  const note = inv.note ? `<p class="note">${e(inv.note)}</p>` : '';
  const body = `${INVOICE_CSS}<div class="card">${shopName(shop, 'div')}<h1>${e(t.invoiceTitle(inv.number))}</h1>${meta}${itemsTable(locale, inv)}${note}${payOrStatus(
    page,
    inv,
  )}</div>${contactCard(page, shop)}`;
  return layout(page, `${t.invoiceTitle(inv.number)} — ${shop.name}`, body);
}

/** Void (or asked to pay one that takes no payment): a plain page saying so. */
export function invoiceClosedPage(page: PageInfo, shop: Shop, inv: InvoiceRow): string {
  const { t } = page.locale;
  const words =
    inv.status === 'void' ? t.invoiceVoid : inv.status === 'paid' ? t.invoicePaid : inv.status === 'refunded' ? t.invoiceRefunded : t.invoiceNotPayable;
  return layout(
    page,
    t.invoiceTitle(inv.number),
    `<div class="card">${shopName(shop, 'div')}<h1>${e(t.invoiceTitle(inv.number))}</h1><p>${e(words)}</p></div>`,
  );
}

export function invoiceNotFoundPage(page: PageInfo): string {
  const { t } = page.locale;
  return layout(page, t.invoiceNotFoundTitle, `<div class="card"><h1>${e(t.invoiceNotFoundTitle)}</h1><p>${e(t.invoiceNotFound)}</p></div>`);
}
