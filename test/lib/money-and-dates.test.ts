import { test } from 'node:test';
import assert from 'node:assert/strict';
import { banglaDigits, displayMoney, formatAmount, MAX_AMOUNT } from '../../src/lib/money.js';
import { formatAge, formatTime, weekendDays } from '../../web/dashboard/src/app/format.js';

test('BDT reads with the taka sign and lakh/crore grouping', () => {
  assert.equal(displayMoney('100000', 'BDT'), '৳1,00,000.00');
  assert.equal(displayMoney('1000.50', 'BDT'), '৳1,000.50');
  assert.equal(displayMoney('999', 'BDT'), '৳999.00');
  assert.equal(displayMoney('12345678.9', 'BDT'), '৳1,23,45,678.90');
  assert.equal(displayMoney(10_000_000_00, 'BDT'), '৳1,00,00,000.00', 'minor units');
  assert.equal(displayMoney('5', 'bdt'), '৳5.00', 'currency code in any case');
});

test('zero, negative and very large amounts', () => {
  assert.equal(displayMoney('0', 'BDT'), '৳0.00');
  assert.equal(displayMoney('0.00', 'BDT'), '৳0.00');
  assert.equal(displayMoney('-0.00', 'BDT'), '৳0.00', 'no minus on zero');
  assert.equal(displayMoney('-1500.25', 'BDT'), '-৳1,500.25');
  assert.equal(displayMoney(-150025, 'BDT'), '-৳1,500.25');
  assert.equal(displayMoney('999999999999.99', 'BDT'), '৳9,99,99,99,99,999.99', 'the largest wire amount, exact to the paisa');
  assert.equal(displayMoney('999999999999.99', 'USD'), 'USD 999,999,999,999.99');
});

test('other currencies read by their code (a $ could be any dollar) with thousands grouping', () => {
  assert.equal(displayMoney('100000', 'USD'), 'USD 100,000.00');
  assert.equal(displayMoney('1000.5', 'EUR'), 'EUR 1,000.50');
  assert.equal(displayMoney('-2.5', 'INR'), '-INR 2.50');
  assert.equal(displayMoney(1000, 'JPY'), 'JPY 10.00', 'two decimals as sent, whatever the currency');
});

test('text that is not an amount, or a currency Intl does not know, is still shown', () => {
  assert.equal(displayMoney('abc', 'BDT'), 'abc BDT');
  assert.equal(displayMoney('10', 'XYZ1'), '10.00 XYZ1');
});

test('times read in the brand time zone, ages in plain words', () => {
  assert.equal(formatTime('2026-11-26T08:05:00Z', 'Asia/Dhaka'), '26 Nov 2026, 14:05');
  assert.equal(formatTime(null, 'Asia/Dhaka'), '—');
  const now = Date.parse('2026-11-26T12:00:00Z');
  assert.equal(formatAge('2026-11-26T11:59:40Z', now), 'just now');
  assert.equal(formatAge('2026-11-26T11:48:00Z', now), '12 min ago');
  assert.equal(formatAge('2026-11-26T09:00:00Z', now), '3 h ago');
  assert.equal(formatAge('2026-11-25T11:00:00Z', now), '1 day ago');
  assert.equal(formatAge('2026-11-20T12:00:00Z', now), '6 days ago');
});

test('the calendar weekend is Friday and Saturday for Asia/Dhaka brands', () => {
  assert.deepEqual(weekendDays('Asia/Dhaka'), [5, 6]);
  assert.deepEqual(weekendDays('Europe/London'), [0, 6]);
});

/** The taka written by hand, as Duar did before Intl: sign, ৳, the last three digits, then pairs (lakh, crore). */
function handWrittenTaka(minor: number): string {
  const digits = String(Math.abs(minor)).padStart(3, '0');
  const whole = digits.slice(0, -2);
  const grouped = whole.length <= 3 ? whole : `${whole.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ',')},${whole.slice(-3)}`;
  return `${minor < 0 ? '-' : ''}৳${grouped}.${digits.slice(-2)}`;
}

test('Intl gives exactly the hand-written taka, in ASCII and in Bangla digits, over a range of amounts', () => {
  let seed = 20261207;
  const next = () => (seed = (seed * 48271) % 2147483647);
  const values = [0, 1, 9, 10, 99, 100, 999_99, 1000_00, 99_999_99, 1_00_000_00, 12_34_56_789_01, MAX_AMOUNT, -1, -150025, -MAX_AMOUNT];
  for (let digits = 1; digits <= 14; digits++) for (let i = 0; i < 20; i++) values.push(next() % 10 ** digits);
  for (const minor of values) {
    const hand = handWrittenTaka(minor);
    assert.equal(displayMoney(minor), hand, String(minor));
    assert.equal(displayMoney(formatAmount(minor)), hand, formatAmount(minor));
    assert.equal(displayMoney(minor, 'BDT', 'beng'), banglaDigits(hand), `${minor} in Bangla digits`);
  }
  assert.equal(displayMoney(12_500_000, 'BDT', 'beng'), '৳১,২৫,০০০.০০');
  assert.equal(displayMoney(100_050, 'USD', 'beng'), 'USD ১,০০০.৫০');
  assert.equal(displayMoney('abc', 'BDT', 'beng'), 'abc BDT', 'text that is not an amount keeps its letters');
  assert.equal(displayMoney('10', 'XYZ1', 'beng'), '১০.০০ XYZ১', 'a currency Intl does not know: every digit converted by hand, as customer pages always did');
});
