import { banglaDigits, displayMoney } from '../../lib/money.js';
import { bn } from './i18n/bn.js';
import { type Catalogue, en } from './i18n/en.js';

export const LANGUAGES = ['en', 'bn'] as const;
export type Language = (typeof LANGUAGES)[number];
export const catalogues: Record<Language, Catalogue> = { en, bn };

/** The cookie that remembers a customer's choice on this Duar (no account): a year, the checkout pages only. */
export const LANGUAGE_COOKIE = 'duar_lang';
export const LANGUAGE_COOKIE_OPTIONS = { path: '/payment', maxAge: 365 * 24 * 3600, sameSite: 'lax', httpOnly: true } as const;

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'bn';
}

/**
 * The first of our languages the browser asks for, by its q weights (`bn-BD,bn;q=0.9,en;q=0.8` → bn), or null when it
 * asks for neither. A `*` counts for nothing: it says any language will do, so the brand's default decides.
 */
export function fromAcceptLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  let best: { lang: Language; q: number } | null = null;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (!isLanguage(primary)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { lang: primary, q };
  }
  return best?.lang ?? null;
}

/** `?lang=` first (a link the merchant shared, or the switch), then the remembered choice, then the browser, then the brand. */
export function chooseLanguage(query: unknown, cookie: unknown, acceptLanguage: string | undefined, brandDefault: Language): Language {
  if (isLanguage(query)) return query;
  if (isLanguage(cookie)) return cookie;
  return fromAcceptLanguage(acceptLanguage) ?? brandDefault;
}

/** What a page needs to speak one language: its words, and money and dates written the way that language reads them. */
export type Locale = {
  lang: Language;
  t: Catalogue;
  /** Taka as `৳1,25,000.00` (Bangla digits when the brand asks for them on Bangla pages). */
  money: (paisa: number, currency?: string) => string;
  /** A moment in the brand's time zone: `7 December, 18:56` / `৭ ডিসেম্বর, ১৮:৫৬`. */
  date: (ms: number) => string;
  /** Digits as this page writes them. */
  digits: (text: string) => string;
};

export function localeFor(lang: Language, options: { timeZone: string; banglaDigits?: boolean }): Locale {
  const bangla = lang === 'bn' && options.banglaDigits === true;
  const digits = bangla ? banglaDigits : (text: string) => text;
  const tag = lang === 'bn' ? 'bn-BD-u-nu-latn' : 'en-GB';
  const day = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', timeZone: options.timeZone });
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: options.timeZone });
  return {
    lang,
    t: catalogues[lang],
    money: (paisa, currency) => displayMoney(paisa, currency, bangla ? 'beng' : 'latn'),
    date: (ms) => digits(`${day.format(ms)}, ${time.format(ms)}`),
    digits,
  };
}
