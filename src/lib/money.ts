/** Money is integer minor units inside Duar; two-decimal strings only at the wire. */

/** Parses a wire amount (`"100"`, `"12.50"`, `10`, `12.5`) into minor units; null if it is not a positive-or-zero amount with at most two decimals. */
export function parseAmount(value: unknown): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function formatAmount(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The largest amount Duar accepts, in minor units: twelve digits before the decimal point (999999999999.99). */
export const MAX_AMOUNT = 99_999_999_999_999;

/**
 * Why a wire amount is refused, as the end of a sentence that starts with the field's name, or null when parseAmount
 * accepts it. Says "positive" and the maximum, so `-5`, `0` and `1e12` each get an answer a person can act on.
 */
export function amountProblem(value: unknown): string | null {
  if (typeof value !== 'number' && typeof value !== 'string') return 'must be a number or a string such as "100" or "12.50"';
  const text = typeof value === 'number' ? String(value) : value.trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n)) return 'must be a number such as 100 or "12.50"';
  if (n <= 0) return `must be positive: greater than 0 and at most ${formatAmount(MAX_AMOUNT)}`;
  if (n > MAX_AMOUNT / 100) return `must be at most ${formatAmount(MAX_AMOUNT)}`;
  if (parseAmount(value) === null) return 'must be written with digits and at most 2 decimals, such as 100 or "12.50"';
  return null;
}

/** Digits grouped the South Asian way: the last three, then pairs ("10000000" → "1,00,00,000"). */
function lakhGroups(digits: string): string {
  if (digits.length <= 3) return digits;
  const head = digits.slice(0, -3);
  return `${head.replace(/\B(?=(\d{2})+$)/g, ',')},${digits.slice(-3)}`;
}

/**
 * An amount as a merchant reads it: BDT as `৳1,00,000.00` (lakh and crore grouping, the taka sign), any other
 * currency with its own symbol and grouping (`$1,000.50`, `€1,000.50`), negatives with a leading minus.
 * Takes minor units or a wire amount (`"1000.50"`, `"-12.50"`); text it cannot read is returned as given.
 */
export function displayMoney(amount: number | string, currency: string): string {
  let minor: number | null;
  let negative = false;
  if (typeof amount === 'number') {
    minor = Number.isSafeInteger(amount) ? Math.abs(amount) : null;
    negative = amount < 0;
  } else {
    const text = amount.trim();
    negative = text.startsWith('-');
    minor = parseAmount(negative ? text.slice(1) : text);
  }
  if (minor === null) return `${amount} ${currency}`;
  const sign = negative && minor > 0 ? '-' : '';
  const whole = String(Math.floor(minor / 100));
  const cents = String(minor % 100).padStart(2, '0');
  if (currency.toUpperCase() === 'BDT') return `${sign}৳${lakhGroups(whole)}.${cents}`;
  try {
    const symbol = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
      .formatToParts(0)
      .find((part) => part.type === 'currency')?.value;
    return `${sign}${symbol ?? `${currency} `}${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}`;
  } catch {
    return `${sign}${whole}.${cents} ${currency}`;
  }
}
