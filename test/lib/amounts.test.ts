import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WIRE_AMOUNT, displayMoney, displayRate, MAX_AMOUNT, parseAmount, readDecimal, type NumberRule } from '../../src/lib/money.js';

/** Why the payment API refuses a positive amount (the end of "amount …"), or null. */
function wireProblem(value: unknown): string | null {
  const read = readDecimal(value, WIRE_AMOUNT);
  return read.ok ? null : read.problem;
}

const typedTaka: NumberRule = { style: 'typed', decimals: 2, min: 1, max: MAX_AMOUNT, unit: 'taka' };

test('the payment API reads amounts as UddoktaPay clients send them, and nothing wider', () => {
  for (const [value, minor] of [
    ['100', 10_000],
    ['12.50', 1250],
    [10, 1000],
    [12.5, 1250],
    [' 7 ', 700],
    ['999999999999.99', MAX_AMOUNT],
  ] as const) {
    assert.equal(parseAmount(value), minor, String(value));
    assert.equal(wireProblem(value), null, String(value));
  }
  // Grouped or prefixed text is refused on the wire: a locale-formatted "1,250" could be 1.25 somewhere (ADR 060).
  for (const value of ['1,250', '৳100', 'Tk 100', '১০০', '1e3', '+5', '10.005', 'ten', '']) {
    assert.equal(parseAmount(value), null, value);
    assert.ok(wireProblem(value), value);
  }
  assert.equal(wireProblem(0), 'must be positive: greater than 0 and at most 999999999999.99');
  assert.equal(wireProblem('1e12'), 'must be at most 999999999999.99');
  assert.equal(wireProblem(null), 'must be a number or a string such as "100" or "12.50"');
});

test('the dashboard reads amounts as people type them: grouping both ways, ৳/Tk/BDT, Bangla digits', () => {
  for (const [value, minor] of [
    ['1,250', 125_000],
    ['1,25,000', 12_500_000],
    ['12,50,000.5', 125_000_050],
    ['1,250,000', 125_000_000],
    ['৳1,250.50', 125_050],
    ['৳ 1,250', 125_000],
    ['Tk 700', 70_000],
    ['Tk.700', 70_000],
    ['tk. 700', 70_000],
    ['BDT 7,250', 725_000],
    ['১,২৫০.৫০', 125_050],
    ['৳১২৫০', 125_000],
    [1250, 125_000],
  ] as const) {
    const read = readDecimal(value, typedTaka);
    assert.deepEqual(read, { ok: true, units: minor }, String(value));
  }
  for (const [value, problem] of [
    ['1,2500', 'must be an amount such as 1,250 or 1,25,000.50'],
    ['12,50', 'must be an amount such as 1,250 or 1,25,000.50'],
    [',250', 'must be an amount such as 1,250 or 1,25,000.50'],
    ['1 250', 'must be an amount such as 1,250 or 1,25,000.50'],
    ['$100', 'must be an amount such as 1,250 or 1,25,000.50'],
    ['1.234', 'may have at most 2 decimals, such as 1,250 or 1,25,000.50'],
    ['-5', 'must be more than 0 and at most 999999999999.99'],
    ['0', 'must be more than 0 and at most 999999999999.99'],
    [null, 'must be an amount such as 1,250 or 1,25,000.50'],
  ] as const) {
    assert.deepEqual(readDecimal(value, typedTaka), { ok: false, problem }, String(value));
  }
});

test('whole numbers, percentages and rates use the same reader', () => {
  const count: NumberRule = { style: 'typed', decimals: 0, min: 1, max: 1_000_000, unit: 'count' };
  assert.deepEqual(readDecimal('1,000', count), { ok: true, units: 1000 });
  assert.deepEqual(readDecimal('১০০০', count), { ok: true, units: 1000 });
  assert.deepEqual(readDecimal('10.5', count), { ok: false, problem: 'must be a whole number such as 1,000' });
  const percent: NumberRule = { style: 'typed', decimals: 2, min: 0, max: 1000, unit: 'percent' };
  assert.deepEqual(readDecimal('1.85%', percent), { ok: true, units: 185 });
  assert.deepEqual(readDecimal('10.01', percent), { ok: false, problem: 'must be between 0 and 10.00' });
  const rate: NumberRule = { style: 'typed', decimals: 4, min: 1, max: 10 ** 13, unit: 'rate' };
  assert.deepEqual(readDecimal('৳122.5', rate), { ok: true, units: 1_225_000 });
  assert.deepEqual(readDecimal('0.00001', rate), { ok: false, problem: 'may have at most 4 decimals, such as 122.50 or 0.0085' });
});

test('one money format: ৳ with lakh grouping, exactly what Intl en-IN gives', () => {
  const intl = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'BDT', currencyDisplay: 'narrowSymbol' });
  for (const [minor, text] of [
    [0, '৳0.00'],
    [125_000, '৳1,250.00'],
    [12_500_000, '৳1,25,000.00'],
    [70_000, '৳700.00'],
    [-150_025, '-৳1,500.25'],
    [MAX_AMOUNT, '৳9,99,99,99,99,999.99'],
  ] as const) {
    assert.equal(displayMoney(minor), text);
    assert.equal(displayMoney(minor), intl.format(minor / 100), `Intl agrees on ${minor}`);
  }
  assert.equal(displayRate(1_225_000), '৳122.50');
  assert.equal(displayRate(1_234_567), '৳123.4567');
});

test('a wallet SMS amount uses the same reader: commas anywhere, up to four decimals rounded half up to paisa', () => {
  const sms: NumberRule = { style: 'sms', decimals: 2, min: 0, max: MAX_AMOUNT, unit: 'taka' };
  for (const [value, paisa] of [
    ['16.1343', 1613],
    ['16.135', 1614],
    ['0.005', 1],
    ['0.0049', 0],
    ['1,2345.00', 1_234_500],
    ['999999999999.99', MAX_AMOUNT],
  ] as const) {
    assert.deepEqual(readDecimal(value, sms), { ok: true, units: paisa }, value);
  }
  for (const value of ['16.13435', '.20', '1,,0', '12.', '999999999999.995', '1000000000000']) {
    assert.equal(readDecimal(value, sms).ok, false, value);
  }
  // What a person types is stricter about grouping than what a wallet writes.
  assert.equal(readDecimal('1,2345.00', { ...sms, style: 'typed' }).ok, false);
});
