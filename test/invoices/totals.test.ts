import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeTotals, type Charges } from '../../src/modules/invoices/totals.js';

const charges = (c: Partial<Charges>): Charges => ({
  items: [{ description: 'x', quantity: 1, unit_price: 100 }],
  discount: 0,
  vat_percent: 0,
  shipping: 0,
  ...c,
});
const totals = (c: Partial<Charges>) => {
  const r = computeTotals(charges(c));
  assert.ok(r.ok, JSON.stringify(r));
  return r.totals;
};

test('invoice totals: VAT rounds half up at the paisa, on the subtotal less the discount', () => {
  // 0.50 paisa exactly: 10 paisa × 5% = 0.5 → 1.
  assert.equal(totals({ items: [{ description: 'a', quantity: 1, unit_price: 10 }], vat_percent: 500 }).vat, 1);
  // 0.49 paisa: 7 × 7% = 0.49 → 0.
  assert.equal(totals({ items: [{ description: 'a', quantity: 1, unit_price: 7 }], vat_percent: 700 }).vat, 0);
  // 1.4999…: 333 × 0.45% = 1.4985 → 1; 334 × 0.45% = 1.503 → 2.
  assert.equal(totals({ items: [{ description: 'a', quantity: 1, unit_price: 333 }], vat_percent: 45 }).vat, 1);
  assert.equal(totals({ items: [{ description: 'a', quantity: 1, unit_price: 334 }], vat_percent: 45 }).vat, 2);
  // 15% of (3 × 333.33 − 50.00) = 15% of 949.99 = 142.4985 → 142.50.
  const t = totals({ items: [{ description: 'a', quantity: 3, unit_price: 33_333 }], discount: 5_000, vat_percent: 1_500, shipping: 6_000 });
  assert.deepEqual(t, { lines: [99_999], subtotal: 99_999, vat: 14_250, total: 99_999 - 5_000 + 14_250 + 6_000 });
  // 12.5% of 0.04 = 0.005 → 0.01 (half up), never a float's 0.0049999.
  assert.equal(totals({ items: [{ description: 'a', quantity: 1, unit_price: 4 }], vat_percent: 1_250 }).vat, 1);
});

test('invoice totals: lines are quantity × unit price, exact above 2^53 before the check', () => {
  const t = totals({
    items: [
      { description: 'a', quantity: 7, unit_price: 1_999 },
      { description: 'b', quantity: 1_000_000, unit_price: 99_999_999 },
    ],
  });
  assert.deepEqual(t.lines, [13_993, 99_999_999_000_000]);
  assert.equal(t.subtotal, 99_999_999_013_993);
  const over = computeTotals(charges({ items: [{ description: 'b', quantity: 1_000_000, unit_price: 99_999_999_999 }] }));
  assert.equal(over.ok, false);
  // 100% VAT doubles a subtotal at the top: the total is refused, not rounded.
  const doubled = computeTotals(charges({ items: [{ description: 'b', quantity: 1, unit_price: 99_999_999_999_999 }], vat_percent: 10_000 }));
  assert.ok(!doubled.ok && doubled.problems[0]!.field === 'total', JSON.stringify(doubled));
});

test('invoice totals: the discount may not pass the subtotal, and the total must stay above zero', () => {
  const over = computeTotals(charges({ discount: 101 }));
  assert.ok(!over.ok && over.problems[0]!.field === 'discount', JSON.stringify(over));
  const zero = computeTotals(charges({ discount: 100 }));
  assert.ok(!zero.ok && zero.problems[0]!.field === 'total', JSON.stringify(zero));
  // All discounted, but shipping is still owed: a total of shipping alone.
  assert.equal(totals({ discount: 100, shipping: 5_000 }).total, 5_000);
});
