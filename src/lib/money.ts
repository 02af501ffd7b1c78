/**
 * Money is integer minor units inside Duar; two-decimal strings only at the wire. Every amount Duar reads is read by
 * readDecimal (docs/decisions/060-currencies-fees-and-rounding.md, 075-one-owner-per-rule.md): the payment API strictly,
 * as UddoktaPay clients send it; the dashboard, CLI, admin API and payment links as people type it; a wallet's SMS as the
 * wallet writes it. Zod fields over it are lib/validation.ts `numberField`. Browser-safe: the dashboard imports this file.
 */

/** The largest amount Duar accepts, in minor units: twelve digits before the decimal point (999999999999.99). */
export const MAX_AMOUNT = 99_999_999_999_999;

/**
 * How a number arrives. `wire`: the UddoktaPay payment API — a JSON number or a string of digits with an optional
 * decimal point (`10`, `12.5`, `"100"`, `"12.50"`), exactly what the plugins send. `typed`: what a person types in the
 * dashboard or CLI — also grouped by thousands or the South Asian way (`1,250`, `1,25,000`), Bangla digits, and for
 * taka (and rates in taka) a `৳`, `Tk`, `Tk.` or `BDT` prefix, for percentages a `%` sign. `sms`: a number a wallet
 * wrote in a message its template already matched (modules/sms/templates.ts `NUM`) — commas anywhere between digits,
 * and up to four decimals (fees such as `16.1343`) rounded half up to `decimals`.
 */
export type NumberStyle = 'wire' | 'typed' | 'sms';

export type NumberRule = {
  style: NumberStyle;
  /** Decimal places allowed: 2 for money, 4 for exchange rates, 0 for whole numbers. */
  decimals: number;
  /** Smallest and largest accepted, in units of the last decimal place (paisa for money). */
  min: number;
  max: number;
  /** What the number counts: it chooses the examples in messages and what a typed value may carry around it. */
  unit: 'taka' | 'rate' | 'percent' | 'count';
};

export type ReadResult = { ok: true; units: number } | { ok: false; problem: string };

const BANGLA_ZERO = 0x09e6;

/** Bangla digits (০–৯) as ASCII digits. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u09e6-\u09ef]/g, (d) => String(d.charCodeAt(0) - BANGLA_ZERO));
}

/** ASCII digits as Bangla digits (০–৯): for text Intl does not write (a time's words, an amount it could not read). */
export function banglaDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(BANGLA_ZERO + Number(d)));
}

const TAKA_PREFIX = /^(?:৳|tk\.?|bdt)\s*/i;
/** Not grouped, grouped by thousands (1,250,000), or the South Asian way (12,50,000: the last three, then pairs). */
const GROUPED = /^(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})*,\d{3})$/;
const PLAIN = /^\d+$/;
/** Commas anywhere between digits: the shape a wallet template matched (modules/sms/templates.ts `NUM`). */
const COMMAS = /^\d+(?:,\d+)*$/;
/** Decimals a wallet writes (a fee of `16.1343`); more than the rule keeps are rounded half up. */
const SMS_DECIMALS = 4;

/**
 * Reads a number in `rule`'s style into integer units of its last decimal place, or says why it cannot, as the end
 * of a sentence that starts with the field's name ("amount must be …").
 */
export function readDecimal(value: unknown, rule: NumberRule): ReadResult {
  const problem = rule.style === 'wire' ? wireProblem(value, rule) : null;
  if (problem) return { ok: false, problem };
  if (typeof value !== 'number' && typeof value !== 'string') return { ok: false, problem: typedShapeProblem(rule) };
  let text = typeof value === 'number' ? String(value) : value.trim();
  if (rule.style === 'typed') {
    text = asciiDigits(text);
    if (rule.unit === 'taka' || rule.unit === 'rate') text = text.replace(TAKA_PREFIX, '');
    if (rule.unit === 'percent') text = text.replace(/\s*%$/, '');
    if (/^-\s*[\d,.]*\d/.test(text)) return { ok: false, problem: rangeProblem(rule) };
  }
  const [whole = '', fraction = '', extra] = text.split('.');
  const wholeOk = { wire: PLAIN, typed: GROUPED, sms: COMMAS }[rule.style].test(whole);
  if (extra !== undefined || !wholeOk || (text.includes('.') && !PLAIN.test(fraction))) {
    return { ok: false, problem: rule.style === 'wire' ? wireDecimalsProblem(rule) : typedShapeProblem(rule) };
  }
  if (fraction.length > (rule.style === 'sms' ? Math.max(SMS_DECIMALS, rule.decimals) : rule.decimals)) {
    return { ok: false, problem: rule.style === 'wire' ? wireDecimalsProblem(rule) : typedDecimalsProblem(rule) };
  }
  const kept = fraction.slice(0, rule.decimals).padEnd(rule.decimals, '0');
  const roundUp = fraction.length > rule.decimals && fraction[rule.decimals]! >= '5' ? 1n : 0n;
  const units = BigInt(whole.replace(/,/g, '')) * 10n ** BigInt(rule.decimals) + BigInt(kept || '0') + roundUp;
  if (units < BigInt(rule.min) || units > BigInt(rule.max)) return { ok: false, problem: rangeProblem(rule) };
  return { ok: true, units: Number(units) };
}

/**
 * The payment API's wording (README.md, Payment API), kept as clients have read it: a number out of range is told so
 * before its form is ("1e12": too large, not "write it with digits").
 */
function wireProblem(value: unknown, rule: NumberRule): string | null {
  if (typeof value !== 'number' && typeof value !== 'string') return 'must be a number or a string such as "100" or "12.50"';
  const text = typeof value === 'number' ? String(value) : value.trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n)) return 'must be a number such as 100 or "12.50"';
  if (n < 0 || (n === 0 && rule.min > 0)) return rangeProblem(rule);
  if (n * 10 ** rule.decimals > rule.max) return `must be at most ${formatDecimal(rule.max, rule.decimals)}`;
  return null;
}

function wireDecimalsProblem(rule: NumberRule): string {
  return `must be written with digits and at most ${rule.decimals} decimals, such as 100 or "12.50"`;
}

function typedExamples(rule: NumberRule): string {
  switch (rule.unit) {
    case 'taka':
      return '1,250 or 1,25,000.50';
    case 'rate':
      return '122.50 or 0.0085';
    case 'percent':
      return '1.85';
    case 'count':
      return '1,000';
  }
}

function typedShapeProblem(rule: NumberRule): string {
  const what = { taka: 'an amount', rate: 'a number', percent: 'a percentage', count: 'a whole number' }[rule.unit];
  return `must be ${what} such as ${typedExamples(rule)}`;
}

function typedDecimalsProblem(rule: NumberRule): string {
  if (rule.decimals === 0) return `must be a whole number such as ${typedExamples(rule)}`;
  return `may have at most ${rule.decimals} decimals, such as ${typedExamples(rule)}`;
}

function rangeProblem(rule: NumberRule): string {
  const max = formatDecimal(rule.max, rule.decimals);
  if (rule.style === 'wire') return `must be positive: greater than 0 and at most ${max}`;
  if (rule.min > 0) return `must be more than 0 and at most ${max}`;
  return `must be between 0 and ${max}`;
}

/** Integer units of the last of `decimals` places as a decimal string: (12250, 2) → "122.50". */
export function formatDecimal(units: number, decimals: number): string {
  const sign = units < 0 ? '-' : '';
  const digits = String(Math.abs(units)).padStart(decimals + 1, '0');
  return decimals === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/**
 * A positive amount on the payment API (create checkout, refund): > 0, at most 2 decimals, string or number. Its
 * refusals say "positive" and the maximum, so `-5`, `0` and `1e12` each get an answer a person can act on.
 */
export const WIRE_AMOUNT: NumberRule = { style: 'wire', decimals: 2, min: 1, max: MAX_AMOUNT, unit: 'taka' };

/** An amount a person types (dashboard, CLI, admin API, payment links): > 0, grouped either way, ৳/Tk, Bangla digits. */
export const TYPED_AMOUNT: NumberRule = { style: 'typed', decimals: 2, min: 1, max: MAX_AMOUNT, unit: 'taka' };

/** Parses a wire amount (`"100"`, `"12.50"`, `10`, `12.5`) into minor units; null unless it is an amount ≥ 0 with at most two decimals. */
export function parseAmount(value: unknown): number | null {
  const read = readDecimal(value, { ...WIRE_AMOUNT, min: 0 });
  return read.ok ? read.units : null;
}

/** Minor units as the wire's two-decimal string: 125000 → "1250.00". */
export function formatAmount(minor: number): string {
  return formatDecimal(minor, 2);
}

/** How digits are written: ASCII, or Bangla (customer pages in Bangla of a brand that asks for them, Bangla alerts). */
export type Digits = 'latn' | 'beng';

/**
 * BDT as a person reads it everywhere (customer pages, dashboard, messages): the taka sign and lakh/crore grouping,
 * `৳1,25,000.00`, exactly what `Intl.NumberFormat('en-IN', {currency: 'BDT', currencyDisplay: 'narrowSymbol'})` gives
 * in Node and in browsers (test/lib/money-and-dates.test.ts, test/e2e/money-format.test.ts); with
 * `numberingSystem: 'beng'` the same in Bangla digits, `৳১,২৫,০০০.০০`. Fed an exact decimal string, so no amount goes
 * through a float.
 */
const TAKA = {
  latn: new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'BDT', currencyDisplay: 'narrowSymbol' }),
  beng: new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'BDT', currencyDisplay: 'narrowSymbol', numberingSystem: 'beng' }),
};

/**
 * An amount as a person reads it: BDT as `৳1,25,000.00`; any other currency by its code with thousands grouping,
 * `USD 1,000.50` (a `$` could be any dollar); `digits: 'beng'` writes the same in Bangla digits. Takes minor units or a
 * wire amount (`"1000.50"`, `"-12.50"`); text it cannot read is returned as given (its digits as asked).
 */
export function displayMoney(amount: number | string, currency = 'BDT', digits: Digits = 'latn'): string {
  let minor: number | null;
  if (typeof amount === 'number') {
    minor = Number.isSafeInteger(amount) ? amount : null;
  } else {
    const text = amount.trim();
    const unsigned = parseAmount(text.startsWith('-') ? text.slice(1) : text);
    minor = unsigned === null ? null : text.startsWith('-') ? -unsigned : unsigned;
  }
  // Intl writes nothing here (not an amount, or a currency it does not know): the digits are converted by hand.
  const asIs = (text: string) => (digits === 'beng' ? banglaDigits(text) : text);
  if (minor === null) return asIs(`${amount} ${currency}`);
  const decimal = formatAmount(minor === 0 ? 0 : minor);
  const code = currency.toUpperCase();
  if (code === 'BDT') return TAKA[digits].format(decimal as Intl.StringNumericLiteral);
  try {
    const format = new Intl.NumberFormat('en', {
      style: 'currency',
      currency: code,
      currencyDisplay: 'code',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
      numberingSystem: digits,
    });
    return format.format(decimal as Intl.StringNumericLiteral).replace(/\u00a0/g, ' ');
  } catch {
    return asIs(`${decimal} ${currency}`);
  }
}

/** An exchange rate (BDT per unit, in ten-thousandths) as a person reads it: 1225000 → "৳122.50", 85 → "৳0.0085". */
export function displayRate(rate: number): string {
  const format = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'BDT', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 4 });
  return format.format(formatDecimal(rate, RATE_DECIMALS) as Intl.StringNumericLiteral);
}

/** Exchange rates are BDT per unit with up to four decimals, stored as integer ten-thousandths (122.5 → 1225000). */
export const RATE_DECIMALS = 4;
/** The rate of BDT itself, and of every payment made in BDT. */
export const TAKA_RATE = 10 ** RATE_DECIMALS;
