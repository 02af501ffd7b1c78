import { displayMoney, formatAmount } from '../../lib/money.js';
import type { MethodId } from '../gateways/types.js';
import { METHOD_LABELS } from '../gateways/types.js';
import type { AlertEvent, AlertLanguage } from './states.js';

/**
 * What an alert's message is written from, stored with the alert (alerts.facts): amounts in minor units, instants in
 * epoch ms, never a key, token or secret. One shape per family of events.
 */
export type PaymentFacts = {
  payment_id: string;
  invoice_id: string;
  /** Minor units of `currency` (the refund's amount for payment.refunded / refund.failed). */
  amount: number;
  currency: string;
  method: MethodId | null;
  customer: string;
  at: number;
  /** refund.failed: the gateway's reason. */
  reason?: string | null;
};
export type SmsFacts = { sms_id: string; amount: number; provider: string; trx_id: string | null; at: number; reason?: string | null };
export type DeviceSilentFacts = { waiting: number; since: number; last_sms_at: number | null };
export type KeyFacts = { key_name: string; hint: string; expires_on: string; days: number };
export type SummaryFacts = {
  date: string;
  collected: number;
  count: number;
  by_method: { method: MethodId; amount: number; count: number }[];
  pending: number;
  refunded: number;
};
export type AlertFacts = PaymentFacts | SmsFacts | DeviceSilentFacts | KeyFacts | SummaryFacts;

export type MessageContext = { brandName: string; brandSlug: string; timezone: string; publicUrl: string };
export type Message = { title: string; text: string };

const BN_METHODS: Record<MethodId, string> = { sandbox: 'স্যান্ডবক্স', bkash: 'বিকাশ', nagad: 'নগদ', rocket: 'রকেট', upay: 'উপায়' };

const bnNumber = new Intl.NumberFormat('bn-BD');
/**
 * Another currency in a Bangla message keeps `bn-IN`'s lakh grouping (`USD ১,২৫,০০০.০০`), which displayMoney's
 * thousands grouping for codes would change; BDT is displayMoney's, in Bangla digits (`৳১,২৫,০০০.০০`).
 */
const bnDecimal = new Intl.NumberFormat('bn-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function money(minor: number, currency: string, lang: AlertLanguage): string {
  if (lang === 'en') return displayMoney(minor, currency);
  const decimal = formatAmount(minor) as Intl.StringNumericLiteral;
  return currency.toUpperCase() === 'BDT' ? displayMoney(minor, 'BDT', 'beng') : `${currency.toUpperCase()} ${bnDecimal.format(decimal)}`;
}

function count(n: number, lang: AlertLanguage): string {
  return lang === 'en' ? String(n) : bnNumber.format(n);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: AlertLanguage, timeZone: string, kind: 'time' | 'date'): Intl.DateTimeFormat {
  const id = `${lang}|${timeZone}|${kind}`;
  let f = timeFormats.get(id);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : { timeZone, day: 'numeric', month: 'long', year: 'numeric' };
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'bn-BD', options);
    timeFormats.set(id, f);
  }
  return f;
}
/** A brand-local time: `7 Dec, 18:17` / `৭ ডিসে, ১৮:১৭`. */
const when = (at: number, lang: AlertLanguage, tz: string) => formatter(lang, tz, 'time').format(at);
/** A calendar date (YYYY-MM-DD) as words: `7 December 2026` / `৭ ডিসেম্বর, ২০২৬`. */
const day = (date: string, lang: AlertLanguage) => formatter(lang, 'UTC', 'date').format(Date.parse(`${date}T12:00:00Z`));

function method(m: MethodId | null, lang: AlertLanguage): string {
  if (!m) return lang === 'en' ? 'an unknown method' : 'অজানা মাধ্যম';
  return lang === 'en' ? METHOD_LABELS[m] : BN_METHODS[m];
}

function dashboard(ctx: MessageContext, path: string): string {
  return `${ctx.publicUrl}/admin/brands/${ctx.brandSlug}/${path}`;
}

type Titles = Record<AlertLanguage, (n: number) => string>;
const PAYMENT_TITLES: Record<'payment.completed' | 'payment.pending_approval' | 'payment.refunded' | 'refund.failed', Titles> = {
  'payment.completed': {
    en: (n) => (n === 1 ? 'Payment completed' : `${n} payments completed`),
    bn: (n) => (n === 1 ? 'পেমেন্ট সম্পন্ন হয়েছে' : `${bnNumber.format(n)}টি পেমেন্ট সম্পন্ন হয়েছে`),
  },
  'payment.pending_approval': {
    en: (n) => (n === 1 ? 'A payment is waiting for your approval' : `${n} payments are waiting for your approval`),
    bn: (n) => (n === 1 ? 'একটি পেমেন্ট আপনার অনুমোদনের অপেক্ষায়' : `${bnNumber.format(n)}টি পেমেন্ট আপনার অনুমোদনের অপেক্ষায়`),
  },
  'payment.refunded': {
    en: (n) => (n === 1 ? 'Refund made' : `${n} refunds made`),
    bn: (n) => (n === 1 ? 'টাকা ফেরত দেওয়া হয়েছে' : `${bnNumber.format(n)}টি পেমেন্টের টাকা ফেরত দেওয়া হয়েছে`),
  },
  'refund.failed': {
    en: (n) => (n === 1 ? 'A refund failed' : `${n} refunds failed`),
    bn: (n) => (n === 1 ? 'টাকা ফেরত দেওয়া যায়নি' : `${bnNumber.format(n)}টি পেমেন্টের টাকা ফেরত দেওয়া যায়নি`),
  },
};

function paymentLine(f: PaymentFacts, lang: AlertLanguage, ctx: MessageContext): string {
  const amount = money(f.amount, f.currency, lang);
  const reason = f.reason ? (lang === 'en' ? ` — ${f.reason}` : ` — কারণ: ${f.reason}`) : '';
  return lang === 'en'
    ? `${amount} from ${f.customer} by ${method(f.method, lang)}, ${when(f.at, lang, ctx.timezone)} (invoice ${f.invoice_id})${reason}`
    : `${f.customer}-এর কাছ থেকে ${amount}, ${method(f.method, lang)}, ${when(f.at, lang, ctx.timezone)} (ইনভয়েস ${f.invoice_id})${reason}`;
}

function paymentsMessage(event: keyof typeof PAYMENT_TITLES, all: PaymentFacts[], lang: AlertLanguage, ctx: MessageContext): Message {
  const title = `${PAYMENT_TITLES[event][lang](all.length)} — ${ctx.brandName}`;
  const lines = all.length === 1 ? [paymentLine(all[0]!, lang, ctx)] : all.map((f) => `• ${paymentLine(f, lang, ctx)}`);
  const currencies = new Set(all.map((f) => f.currency));
  if (all.length > 1 && currencies.size === 1) {
    const total = money(
      all.reduce((sum, f) => sum + f.amount, 0),
      all[0]!.currency,
      lang,
    );
    lines.push(lang === 'en' ? `In all: ${total}` : `মোট: ${total}`);
  }
  const link =
    event === 'payment.pending_approval'
      ? dashboard(ctx, 'payments?status=pending')
      : all.length === 1
        ? dashboard(ctx, `payments/${all[0]!.payment_id}`)
        : dashboard(ctx, 'payments');
  const open = event === 'payment.pending_approval' ? (lang === 'en' ? 'Approve or reject: ' : 'অনুমোদন বা বাতিল করুন: ') : lang === 'en' ? 'Open: ' : 'দেখুন: ';
  return { title, text: [title, '', ...lines, '', open + link].join('\n') };
}

function smsMessage(event: 'sms.unmatched' | 'sms.review', all: SmsFacts[], lang: AlertLanguage, ctx: MessageContext): Message {
  const n = all.length;
  const title =
    event === 'sms.unmatched'
      ? lang === 'en'
        ? `${n === 1 ? 'Money received with no order' : `${n} payments received with no order`} — ${ctx.brandName}`
        : `${n === 1 ? 'অর্ডার ছাড়াই টাকা এসেছে' : `অর্ডার ছাড়াই ${bnNumber.format(n)}টি লেনদেনে টাকা এসেছে`} — ${ctx.brandName}`
      : lang === 'en'
        ? `${n === 1 ? 'An SMS is held for your review' : `${n} SMS are held for your review`} — ${ctx.brandName}`
        : `${n === 1 ? 'একটি SMS আপনার যাচাইয়ের অপেক্ষায়' : `${bnNumber.format(n)}টি SMS আপনার যাচাইয়ের অপেক্ষায়`} — ${ctx.brandName}`;
  const lines = all.map((f) => {
    const amount = money(f.amount, 'BDT', lang);
    const trx = f.trx_id ? (lang === 'en' ? `, TrxID ${f.trx_id}` : `, TrxID ${f.trx_id}`) : '';
    const reason = f.reason ? (lang === 'en' ? ` — ${f.reason}` : ` — কারণ: ${f.reason}`) : '';
    return `${n > 1 ? '• ' : ''}${amount} ${lang === 'en' ? 'by' : '—'} ${f.provider}${trx}, ${when(f.at, lang, ctx.timezone)}${reason}`;
  });
  return { title, text: [title, '', ...lines, '', (lang === 'en' ? 'Open: ' : 'দেখুন: ') + dashboard(ctx, 'sms')].join('\n') };
}

function deviceSilentMessage(f: DeviceSilentFacts, lang: AlertLanguage, ctx: MessageContext): Message {
  const title =
    lang === 'en'
      ? `Your phone may be offline: ${f.waiting} ${f.waiting === 1 ? 'customer is' : 'customers are'} waiting — ${ctx.brandName}`
      : `আপনার ফোন সম্ভবত অফলাইন: ${bnNumber.format(f.waiting)} জন গ্রাহক অপেক্ষা করছেন — ${ctx.brandName}`;
  const last =
    f.last_sms_at === null
      ? lang === 'en'
        ? 'No SMS has ever arrived from your devices.'
        : 'আপনার কোনো ডিভাইস থেকে এখনো কোনো SMS আসেনি।'
      : lang === 'en'
        ? `The last SMS from your devices arrived ${when(f.last_sms_at, lang, ctx.timezone)}.`
        : `আপনার ডিভাইস থেকে শেষ SMS এসেছে ${when(f.last_sms_at, lang, ctx.timezone)}।`;
  const check =
    lang === 'en' ? 'Check that the phone is on, online and the Duar app is running.' : 'ফোনটি চালু আছে, ইন্টারনেটে যুক্ত আছে এবং Duar অ্যাপ চলছে কি না দেখুন।';
  return { title, text: [title, '', last, check, '', (lang === 'en' ? 'Open: ' : 'দেখুন: ') + dashboard(ctx, 'settings/devices')].join('\n') };
}

function keyMessage(f: KeyFacts, lang: AlertLanguage, ctx: MessageContext): Message {
  const title =
    lang === 'en'
      ? `API key "${f.key_name}" expires ${f.days === 1 ? 'tomorrow' : `in ${f.days} days`} — ${ctx.brandName}`
      : `API কী "${f.key_name}"-এর মেয়াদ ${f.days === 1 ? 'আগামীকাল' : `${bnNumber.format(f.days)} দিন পরে`} শেষ হবে — ${ctx.brandName}`;
  const body =
    lang === 'en'
      ? `The key (${f.hint}) works through ${day(f.expires_on, lang)}. Roll it or extend its expiry date to keep the shop working.`
      : `কীটি (${f.hint}) ${day(f.expires_on, lang)} পর্যন্ত কাজ করবে। দোকান চালু রাখতে নতুন কী নিন বা মেয়াদ বাড়ান।`;
  return { title, text: [title, '', body, '', (lang === 'en' ? 'Open: ' : 'দেখুন: ') + dashboard(ctx, 'settings/api')].join('\n') };
}

function summaryMessage(f: SummaryFacts, lang: AlertLanguage, ctx: MessageContext): Message {
  const title = lang === 'en' ? `Today at ${ctx.brandName}, ${day(f.date, lang)}` : `আজ ${ctx.brandName}-এ, ${day(f.date, lang)}`;
  const lines =
    lang === 'en'
      ? [`Collected: ${money(f.collected, 'BDT', lang)} from ${f.count} ${f.count === 1 ? 'payment' : 'payments'}`]
      : [`জমা হয়েছে: ${bnNumber.format(f.count)}টি পেমেন্টে ${money(f.collected, 'BDT', lang)}`];
  for (const m of f.by_method) lines.push(`• ${method(m.method, lang)}: ${money(m.amount, 'BDT', lang)} (${count(m.count, lang)})`);
  lines.push(lang === 'en' ? `Waiting for approval: ${f.pending}` : `অনুমোদনের অপেক্ষায়: ${bnNumber.format(f.pending)}টি`);
  lines.push(lang === 'en' ? `Refunded: ${money(f.refunded, 'BDT', lang)}` : `ফেরত দেওয়া হয়েছে: ${money(f.refunded, 'BDT', lang)}`);
  return { title, text: [title, '', ...lines, '', (lang === 'en' ? 'Open: ' : 'দেখুন: ') + dashboard(ctx, '')].join('\n') };
}

/** One message for alerts of one event (a coalesced burst names each of them), in the channel's language. */
export function renderMessage(event: AlertEvent, facts: AlertFacts[], lang: AlertLanguage, ctx: MessageContext): Message {
  switch (event) {
    case 'payment.completed':
    case 'payment.pending_approval':
    case 'payment.refunded':
    case 'refund.failed':
      return paymentsMessage(event, facts as PaymentFacts[], lang, ctx);
    case 'sms.unmatched':
    case 'sms.review':
      return smsMessage(event, facts as SmsFacts[], lang, ctx);
    case 'device.silent':
      return joined(facts.map((f) => deviceSilentMessage(f as DeviceSilentFacts, lang, ctx)));
    case 'key.expiring':
      return joined(facts.map((f) => keyMessage(f as KeyFacts, lang, ctx)));
    case 'summary.daily':
      return joined(facts.map((f) => summaryMessage(f as SummaryFacts, lang, ctx)));
  }
}

/** Alerts of an event that is not coalesced but fell due together (two keys expiring): one message, each in full. */
function joined(messages: Message[]): Message {
  return { title: messages[0]!.title, text: messages.map((m) => m.text).join('\n\n') };
}

/** "Send test alert": says which brand and channel it came from, in the channel's language. */
export function testMessage(lang: AlertLanguage, ctx: MessageContext): Message {
  const title = lang === 'en' ? `Test alert from Duar — ${ctx.brandName}` : `Duar থেকে পরীক্ষামূলক বার্তা — ${ctx.brandName}`;
  const body =
    lang === 'en'
      ? 'This channel is set up: alerts of the events you chose will arrive here.'
      : 'এই চ্যানেলটি ঠিকমতো যুক্ত হয়েছে: আপনার বেছে নেওয়া ঘটনাগুলোর বার্তা এখানে আসবে।';
  return { title, text: [title, '', body, '', dashboard(ctx, 'settings/alerts')].join('\n') };
}
