import { formatAmount, type NumberRule, readDecimal } from '../../../../../src/lib/money.js';
import { computeTotals, INVOICE_NUMBERS, type Item } from '../../../../../src/modules/invoices/totals.js';

/**
 * The form's figures as the merchant types, computed by the server's own function (src/modules/invoices/totals.ts,
 * dependency-free, so the bundle takes it as it is) from the numbers read the way the server reads them (lib/money.ts
 * readDecimal, with the rules of totals.ts INVOICE_NUMBERS): what the form shows is what the invoice will say. The
 * server checks again on save.
 */
const RULES = INVOICE_NUMBERS;

export type ItemDraft = { key: number; description: string; quantity: string; unit_price: string };
export type ChargesDraft = { items: ItemDraft[]; discount: string; vat_percent: string; shipping: string };

/** A number typed in a field, or null while it cannot be read; an optional field left blank is 0. */
function read(text: string, rule: NumberRule, blankIsZero: boolean): number | null {
  if (blankIsZero && text.trim() === '') return 0;
  const r = readDecimal(text, rule);
  return r.ok ? r.units : null;
}

export type LiveTotals = {
  /** Each line's amount, null while its quantity or price cannot be read. */
  lines: (string | null)[];
  /** The figures once every number reads; `problem` when they break a rule (discount over the subtotal, total 0). */
  figures: { subtotal: string; discount: string; vat: string; shipping: string; total: string } | null;
  problem: string | null;
};

export function liveTotals(d: ChargesDraft): LiveTotals {
  const items = d.items.map((i) => ({ quantity: read(i.quantity, RULES.quantity, false), unit_price: read(i.unit_price, RULES.unit_price, false) }));
  const lines = items.map((i) => (i.quantity === null || i.unit_price === null ? null : i.quantity * i.unit_price));
  const discount = read(d.discount, RULES.charge, true);
  const vatPercent = read(d.vat_percent, RULES.vat_percent, true);
  const shipping = read(d.shipping, RULES.charge, true);
  const shown = lines.map((l) => (l === null || !Number.isSafeInteger(l) ? null : formatAmount(l)));
  if (items.some((i) => i.quantity === null || i.unit_price === null) || discount === null || vatPercent === null || shipping === null) {
    return { lines: shown, figures: null, problem: null };
  }
  const result = computeTotals({
    items: items.map((i): Item => ({ description: '', quantity: i.quantity!, unit_price: i.unit_price! })),
    discount,
    vat_percent: vatPercent,
    shipping,
  });
  if (!result.ok) return { lines: shown, figures: null, problem: result.problems.map((p) => p.message).join('; ') };
  const t = result.totals;
  return {
    lines: t.lines.map(formatAmount),
    figures: {
      subtotal: formatAmount(t.subtotal),
      discount: formatAmount(discount),
      vat: formatAmount(t.vat),
      shipping: formatAmount(shipping),
      total: formatAmount(t.total),
    },
    problem: null,
  };
}
