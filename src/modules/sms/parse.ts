import { MAX_AMOUNT, readDecimal, type NumberRule } from '../../lib/money.js';
import { LOOKS_LIKE_CREDIT, NOT_A_CREDIT, TEMPLATES, type DateStyle } from './templates.js';
import { providerOfSender, type CreditKind, type SmsProvider } from './providers.js';

/** A wallet's "money received" message, read. Amounts are integer paisa; `smsAt` is the message's own minute (Asia/Dhaka). */
export type ParsedCredit = {
  provider: SmsProvider;
  kind: CreditKind;
  amount: number;
  fee: number | null;
  balance: number | null;
  /** An 11-digit number (`01…`), a masked account (`***515`) or a name, as the message gives it. */
  payer: string | null;
  ref: string | null;
  trxId: string;
  smsAt: number | null;
};

export type ParseResult =
  | { outcome: 'credit'; credit: ParsedCredit }
  /** Not from a wallet, or a wallet's non-credit message (OTP, debit, failed transfer, promotion). */
  | { outcome: 'ignored'; provider: SmsProvider | null; reason: 'unknown_sender' | 'not_a_credit' }
  /** From a wallet's sender and reads like money received, but matches no template: a person should look. */
  | { outcome: 'unrecognised'; provider: SmsProvider; reason: 'unknown_format' };

/** Longer than any multipart wallet SMS: refused before any pattern runs. */
export const MAX_TEXT_LENGTH = 1600;

const BANGLA_ZERO = 0x09e6;

/**
 * Bangla digits to ASCII, zero-width characters removed, every run of white space (line breaks, tabs, no-break
 * spaces) to one space. Templates are written against this form, so `\n` vs space and double spaces do not matter.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u09e6-\u09ef]/g, (d) => String(d.charCodeAt(0) - BANGLA_ZERO))
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** An amount as a wallet writes it, by the one amount parser (lib/money.ts readDecimal, `sms` style). */
const SMS_AMOUNT: NumberRule = { style: 'sms', decimals: 2, min: 0, max: MAX_AMOUNT, unit: 'taka' };

/** `1,200.50`, `340.0`, `200`, `16.1343` → paisa (rounded half up beyond two decimals); null beyond 999999999999.99. */
export function toPaisa(value: string): number | null {
  const read = readDecimal(value, SMS_AMOUNT);
  return read.ok ? read.units : null;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** Bangladesh has no daylight saving: the wallets' clocks are always UTC+6. */
const DHAKA_OFFSET_MS = 6 * 3600_000;

function instant(y: number, mo: number, d: number, h: number, mi: number, s = 0): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  return ms - DHAKA_OFFSET_MS;
}

/** `dd/mm/yyyy HH:MM` or Rocket's `dd-MON-yy hh:mm:ss am`, as the instant it names in Asia/Dhaka; null if not a real time. */
export function parseSmsDate(value: string, style: DateStyle): number | null {
  if (style === 'dmy') {
    const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/.exec(value);
    return m ? instant(+m[3]!, +m[2]!, +m[1]!, +m[4]!, +m[5]!) : null;
  }
  if (style === 'rocket') {
    const m = /^(\d{2})-([A-Z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([AaPp])[Mm]$/.exec(value);
    if (!m) return null;
    const month = MONTHS.indexOf(m[2]!) + 1;
    const hour12 = +m[4]!;
    if (month === 0 || hour12 < 1 || hour12 > 12) return null;
    const hour = (hour12 % 12) + (m[7]!.toLowerCase() === 'p' ? 12 : 0);
    return instant(2000 + +m[3]!, month, +m[1]!, hour, +m[5]!, +m[6]!);
  }
  return null;
}

function cleanRef(ref: string | undefined): string | null {
  const value = ref
    ?.trim()
    .replace(/^[-.]\s*/, '')
    .trim();
  if (!value || value === '.' || /^(?:N\/?A)$/i.test(value)) return null;
  return value;
}

function cleanPayer(payer: string | undefined): string | null {
  const value = payer?.trim();
  if (!value) return null;
  return value.replace(/^\+?88(?=01\d{9}$)/, '');
}

/** Reads one message against the templates of `provider`; null when none matches exactly. */
export function parseCredit(provider: SmsProvider, text: string): ParsedCredit | null {
  const normalised = normaliseText(text);
  if (normalised.length > MAX_TEXT_LENGTH) return null;
  for (const template of TEMPLATES) {
    if (template.provider !== provider) continue;
    const g = template.pattern.exec(normalised)?.groups;
    if (!g) continue;
    const amount = toPaisa(g.amount!);
    const balance = g.balance === undefined ? null : toPaisa(g.balance);
    const fee = g.fee === undefined ? null : toPaisa(g.fee);
    if (amount === null || amount <= 0 || (g.balance !== undefined && balance === null) || (g.fee !== undefined && fee === null)) continue;
    let smsAt: number | null = null;
    if (template.date !== 'none') {
      smsAt = parseSmsDate(g.date!, template.date);
      if (smsAt === null) continue;
    }
    return { provider, kind: template.kind, amount, fee, balance, payer: cleanPayer(g.payer), ref: cleanRef(g.ref), trxId: g.trx!, smsAt };
  }
  return null;
}

/**
 * The whole decision for one forwarded message: whose sender it is (exact, case-insensitive, from the brand's list),
 * then a strict template of that provider only. The body never decides the provider.
 */
export function parseSms(from: string, text: string, senders: Record<SmsProvider, readonly string[]>): ParseResult {
  const provider = providerOfSender(from, senders);
  if (!provider) return { outcome: 'ignored', provider: null, reason: 'unknown_sender' };
  const credit = parseCredit(provider, text);
  if (credit) return { outcome: 'credit', credit };
  const normalised = normaliseText(text);
  if (NOT_A_CREDIT.test(normalised) || !LOOKS_LIKE_CREDIT.test(normalised)) return { outcome: 'ignored', provider, reason: 'not_a_credit' };
  return { outcome: 'unrecognised', provider, reason: 'unknown_format' };
}
