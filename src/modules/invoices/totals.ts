import { MAX_AMOUNT, type NumberRule } from '../../lib/money.js';

/**
 * An invoice's figures in integer paisa, exactly as PRODUCT.md §6 says: line = quantity × unit_price; subtotal = Σ lines;
 * vat = round half up of (subtotal − discount) × vat_percent ÷ 100; total = subtotal − discount + vat + shipping.
 * Computed in BigInt so no product loses a paisa above 2^53, then checked against the largest payment. Pure.
 */

/** The most items an invoice holds (PRODUCT.md §6). */
export const MAX_ITEMS = 50;

/**
 * How each figure is read (lib/money.ts readDecimal, as people type amounts): the admin API's fields (fields.ts) and the
 * dashboard's live totals read them with these same rules, so the form shows what the server will compute.
 */
export const INVOICE_NUMBERS = {
  quantity: { style: 'typed', decimals: 0, min: 1, max: 1_000_000, unit: 'count' },
  unit_price: { style: 'typed', decimals: 2, min: 1, max: MAX_AMOUNT, unit: 'taka' },
  /** Discount and shipping: 0 means none. */
  charge: { style: 'typed', decimals: 2, min: 0, max: MAX_AMOUNT, unit: 'taka' },
  /** In hundredths of a percent, 0–100%. */
  vat_percent: { style: 'typed', decimals: 2, min: 0, max: 10_000, unit: 'percent' },
} as const satisfies Record<string, NumberRule>;

export type Item = { description: string; quantity: number; unit_price: number };
/** `vat_percent` in hundredths of a percent (15.5% = 1550). */
export type Charges = { items: Item[]; discount: number; vat_percent: number; shipping: number };
export type Totals = { lines: number[]; subtotal: number; vat: number; total: number };

export type TotalsResult = { ok: true; totals: Totals } | { ok: false; problems: { field: string; message: string }[] };

const HUNDRED_PERCENT = 10_000n;

export function computeTotals(c: Charges): TotalsResult {
  const problems: { field: string; message: string }[] = [];
  const max = BigInt(MAX_AMOUNT);
  const lines = c.items.map((item) => BigInt(item.quantity) * BigInt(item.unit_price));
  lines.forEach((line, i) => {
    if (line > max) problems.push({ field: `items.${i}`, message: `item ${i + 1}: quantity × unit_price is more than the largest amount Duar takes` });
  });
  const subtotal = lines.reduce((a, b) => a + b, 0n);
  const discount = BigInt(c.discount);
  if (problems.length === 0 && discount > subtotal) problems.push({ field: 'discount', message: 'discount must not be more than the subtotal of the items' });
  if (problems.length > 0) return { ok: false, problems };
  const base = subtotal - discount;
  const vat = (base * BigInt(c.vat_percent) + HUNDRED_PERCENT / 2n) / HUNDRED_PERCENT;
  const total = base + vat + BigInt(c.shipping);
  if (total <= 0n) return { ok: false, problems: [{ field: 'total', message: 'the total must be more than 0.00' }] };
  if (total > max || subtotal > max) return { ok: false, problems: [{ field: 'total', message: 'the total is more than the largest amount Duar takes' }] };
  return { ok: true, totals: { lines: lines.map(Number), subtotal: Number(subtotal), vat: Number(vat), total: Number(total) } };
}
