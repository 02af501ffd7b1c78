import { en } from '../../src/http/checkout/i18n/en.js';

/**
 * Every English word the customer pages' catalogue holds, as fragments a Bangla page must not contain: each string, and
 * the literal text around the arguments of each function (called with a marker). Short or letterless fragments say
 * nothing. Used by the page tests (test/payments/checkout-language.test.ts) and the browser test (test/e2e/bangla.test.ts).
 */
export function englishFragments(): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  const MARK = '\u0001';
  for (const [key, value] of Object.entries(en)) {
    const text = typeof value === 'string' ? value : (value as (...a: string[]) => string)(...Array.from({ length: value.length }, () => MARK));
    for (const part of text.split(MARK)) {
      const fragment = part.replace(/^[\s:·—,.()]+|[\s:·—,.()]+$/g, '');
      if (fragment.length >= 4 && /[A-Za-z]{3}/.test(fragment)) out.push({ key, text: fragment });
    }
  }
  return out;
}

/** The catalogue's English fragments found in what a person reads on a page. */
export function englishLeft(visibleText: string): { key: string; text: string }[] {
  return englishFragments().filter((f) => visibleText.includes(f.text));
}
