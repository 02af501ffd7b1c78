import type { CreditKind, SmsProvider } from './providers.js';

/**
 * The "money received" message formats, one strict template per (provider, kind), written against the normalised
 * text (parse.ts: Bangla digits to ASCII, every run of white space to one space). Each is anchored at both ends:
 * - fields before the payer-chosen Ref (amount, payer) are anchored at the start, and the payer pattern cannot contain
 *   a `.`, so nothing in the Ref can be read as them;
 * - the Ref is greedy, so the fixed tail (fee, balance, TrxID, date) is the *last* one in the message: a Ref reading
 *   `TrxID ABCDEFGHIJ` or `Tk 5,000.00` is only ever Ref text;
 * - after the date only an optional `.` and the wallet's own trailer (`Download App: …`) may follow.
 * Formats come from real and observed messages (docs/decisions/050-devices-and-sms-verification.md).
 */
export type DateStyle = 'dmy' | 'rocket' | 'none';
export type Template = { provider: SmsProvider; kind: CreditKind; pattern: RegExp; date: DateStyle };

const NUM = String.raw`\d+(?:,\d+)*(?:\.\d{1,4})?`;
const TK = String.raw`(?:Tk|TK|tk|BDT)\.? ?`;
const parts: Record<string, string> = {
  '{amount}': `${TK}(?<amount>${NUM})`,
  '{amountnum}': `(?<amount>${NUM})`,
  '{fee}': `${TK}(?<fee>${NUM})`,
  '{balance}': `${TK}(?<balance>${NUM})`,
  '{balancenum}': `(?:${TK})?(?<balance>${NUM})`,
  '{msisdn}': String.raw`(?<payer>(?:\+?88)?01\d{9})`,
  // A person's number, a business or a bank name: no `.`, so a Ref can never extend it.
  '{name}': String.raw`(?<payer>(?:\+?88)?01\d{9}|[A-Za-z][A-Za-z0-9 &'()/,-]*?)`,
  '{bankname}': String.raw`(?<payer>[A-Za-z][A-Za-z0-9 &'()/,.-]*?)`,
  '{masked}': String.raw`(?<payer>\*{0,4}\d{3,12})`,
  '{ref}': '(?<ref>.*)',
  '{trxten}': '(?<trx>[A-Z0-9]{10})',
  '{trxeight}': '(?<trx>[A-Z0-9]{8})',
  '{trxdigits}': String.raw`(?<trx>\d{10})`,
  '{trxupay}': '(?<trx>01[A-Z0-9]{8})',
  '{trx}': '(?<trx>[A-Z0-9]{6,20})',
  '{date}': String.raw`(?<date>\d{2}/\d{2}/\d{4} \d{2}:\d{2})`,
  '{rdate}': String.raw`(?<date>\d{2}-[A-Z]{3}-\d{2} \d{2}:\d{2}:\d{2} [AaPp][Mm])`,
  '{end}': String.raw`\.?(?: .*)?$`,
  // Nagad sometimes puts a promotion line before the message: the *first* header wins (lazy), never one in the Ref.
  '{promo}': '(?:.*? )??',
};

function t(provider: SmsProvider, kind: CreditKind, date: DateStyle, source: string): Template {
  const body = source.replace(/\{[a-z]+\}/g, (token) => {
    const part = parts[token];
    if (part === undefined) throw new Error(`unknown template token ${token}`);
    return part;
  });
  return { provider, kind, date, pattern: new RegExp(`^${body}`) };
}

// bKash: `… Fee Tk x. Balance Tk y. TrxID Z at dd/mm/yyyy HH:MM` is always the tail; Ref optional, with or without a
// space before it, possibly empty (`Ref .`) or several words with commas.
const BKASH_REF = String.raw`(?: ?\.? ?Ref ?{ref})?`;
const BKASH_TAIL = String.raw`\. Fee {fee}\. Balance {balance}\. ?TrxID {trxten} at {date}{end}`;
// Without a Fee there is no Ref either (a business sender): an optional Fee after a free-text Ref would be ambiguous.
const BKASH_TAIL_NO_FEE = String.raw`\. Balance {balance}\. ?TrxID {trxten} at {date}{end}`;

// biome-ignore format: one template a line, so the table reads as the list of message formats it is
export const TEMPLATES: readonly Template[] = [
  t('bkash', 'send_money', 'dmy', `You have received {amount} from {name}${BKASH_REF}${BKASH_TAIL}`),
  t('bkash', 'send_money', 'dmy', `You have received {amount} from {name}${BKASH_TAIL_NO_FEE}`),
  t('bkash', 'payment', 'dmy', `You have received payment {amount} from {name}${BKASH_REF}${BKASH_TAIL}`),
  t('bkash', 'payment', 'dmy', `You have received payment {amount} from {name}${BKASH_TAIL_NO_FEE}`),
  t('bkash', 'cash_in', 'dmy', String.raw`Cash In {amount} from {msisdn} successful\. Fee {fee}\. Balance {balance}\. ?TrxID {trxten} at {date}{end}`),
  t('bkash', 'agent_cash_out', 'dmy', String.raw`Cash Out {amount} from {msisdn} successful\. Fee {fee}\. (?:Comm ${TK}${NUM}\. )?Balance {balance}\. ?TrxID {trxten} at {date}{end}`),
  t('bkash', 'bank_deposit', 'dmy', String.raw`You have received a deposit of {amount} from {bankname}\. Fee {fee}\. Balance {balance}\. ?TrxID {trxten} at {date}{end}`),
  t('bkash', 'bank_deposit', 'dmy', String.raw`You have received deposit from iBanking of {amount} from {bankname}\. Fee {fee}\. Balance {balance}\. ?TrxID {trxten} at {date}{end}`),
  t('bkash', 'cashback', 'dmy', String.raw`Congratulations! You have received Cashback {amount}(?: on [A-Za-z ]+)?\. Balance {balance}\. ?TrxID {trxten} at {date}{end}`),

  // Nagad: one field per line (spaces after normalising); short labels (`Amt:`, `Bal:`) and no space after the colon in
  // promotional variants; `Balance:` without Tk on Cash In; an optional free-text `Ref:` line.
  t('nagad', 'send_money', 'dmy', String.raw`{promo}Money Received\. (?:Amount|Amt): ?{amount} Sender: ?{msisdn}(?: Ref: ?{ref})? TxnID: ?{trxeight} (?:Balance|Bal): ?{balancenum} {date}$`),
  t('nagad', 'cash_in', 'dmy', String.raw`{promo}Cash In Received\. (?:Amount|Amt): ?{amount} Uddokta: ?{msisdn} TxnID: ?{trxeight} (?:Balance|Bal): ?{balancenum} {date}$`),
  t('nagad', 'payment', 'dmy', String.raw`{promo}Payment Received\. (?:Amount|Amt): ?{amount} Customer: ?{msisdn} TxnID: ?{trxeight} (?:Balance|Bal): ?{balancenum} {date}$`),
  t('nagad', 'agent_cash_out', 'dmy', String.raw`{promo}Cash Out Received\. (?:Amount|Amt): ?{amount} Customer: ?{msisdn} TxnID: ?{trxeight} Comm: ?{fee} (?:Balance|Bal): ?{balancenum} {date}$`),
  t('nagad', 'b2b', 'dmy', String.raw`{promo}B2B Received\. (?:Amount|Amt): ?{amount} Sender: ?{msisdn} TxnID: ?{trxeight} (?:Balance|Bal): ?{balancenum} {date}$`),
  t('nagad', 'bank_deposit', 'dmy', String.raw`{promo}Add Money from Bank is Successful\. From: ?{bankname} Amount: ?{amount} TxnID: ?{trxeight} (?:Balance|Bal): ?{balancenum} {date}$`),
  t('nagad', 'refund', 'dmy', String.raw`Refund from {bankname} Amount: ?{amount} (?:TrnxID|TxnID): ?{trxeight} Balance: ?{balancenum} {date}$`),

  // Rocket: no space between Tk and the amount (`Tk99.00`, `Tk.20.00`), masked payer A/C, 10-digit TxnId, 12-hour date.
  t('rocket', 'send_money', 'rocket', String.raw`{amount} received from A/C: ?{masked} Fee: ?{fee}, Your A/C Balance: ?{balance} TxnId: ?{trxdigits} Date: ?{rdate}{end}`),
  t('rocket', 'send_money', 'rocket', String.raw`{amount} received from A/C: ?{masked}(?: Ref No: ?{ref})? Fee: ?{fee} NetBal: ?{balance} TxnId: ?{trxdigits} Date: ?{rdate}{end}`),
  t('rocket', 'bank_deposit', 'rocket', String.raw`{amount} received from Other Bank A/C: ?{masked}(?: Ref No: ?{ref})? Fee: ?{fee} NetBal: ?{balance} TxnId: ?{trxdigits} Date: ?{rdate}{end}`),
  t('rocket', 'bank_deposit', 'rocket', String.raw`{amount} credited from card (?<payer>\*+\d{2,6})\. Fee: ?{fee} NetBal: ?{balance} TxnId: ?{trxdigits} Date: ?{rdate}{end}`),
  t('rocket', 'agent_cash_out', 'rocket', String.raw`Cash-Out from A/C: ?{masked} {amount} Comm: ?{fee}; A/C Balance: ?{balance}\. ?TxnId: ?{trxdigits} Date: ?{rdate}{end}`),

  // Upay: `Tk.` with a dot, `Ref-` before the Ref, TrxID `01` + 8.
  t('upay', 'send_money', 'dmy', String.raw`{amount} has been received from {msisdn}\. Ref-? ?{ref}\. Balance {balance}\. TrxID {trxupay} at {date}{end}`),
  t('upay', 'payment', 'dmy', String.raw`Received Payment of {amount} from {msisdn}\.(?: Ref-? ?{ref}\.)? Balance {balance}\. TrxID {trxupay} at {date}{end}`),
  t('upay', 'agent_cash_out', 'dmy', String.raw`You have received Cash-out of {amount} from {msisdn}\. Comm: ?{fee}\. Balance {balance}\. TrxID {trxupay} at {date}{end}`),

  // Known only from a production parser's patterns (no date in the message; Cellfin has no balance either).
  t('tap', 'send_money', 'none', String.raw`Received {amount} from {msisdn}\. Balance {balance}\. TxID: ?{trx}\.?$`),
  t('cellfin', 'send_money', 'none', String.raw`Islami Bank CellFin Received {amountnum} Tk From CellFin: ?{msisdn} To CellFin: ?(?:\+?88)?01\d{9} TrxId: ?{trx}\.?$`),
  t('okwallet', 'send_money', 'none', String.raw`\(OK Wallet\) Successfully received {amount} from A/C {msisdn}\.(?: Ref ?{ref})? Balance {balance}\. TrxID ?{trx}\.?$`),
  t('mcash', 'send_money', 'none', String.raw`IBBL mCash You have received Tk: ?{amountnum} From: ?{msisdn}(?: Reference: ?{ref})? Balance Tk: ?{balancenum} TrxID: ?{trx}\.?$`),
  t('pathaopay', 'send_money', 'none', String.raw`You have received BDT {amountnum} from {msisdn}\. Balance {balance} TrxID {trx}\.?$`),
];

/**
 * Messages from a wallet's sender that are certainly not money received: OTPs, outgoing transfers, failed transfers,
 * requests and promotions. They are acknowledged as `ignored` and not stored.
 */
export const NOT_A_CREDIT =
  /\b(?:Congrats|Congratulations|OTP|PIN|verification code|security code|one time password|unsuccessful|failed|has been returned|request|coupon|offer|Send Money .* to|Payment (?:of .* )?to|Cash ?-?Out .*to A\/C|Cash Out .* to|Balance of your A\/C|Mobile Recharge|Device registration|Never share)\b/i;

/** Words that make an unrecognised message from a wallet's sender worth a person's look (`awaiting_review`). */
export const LOOKS_LIKE_CREDIT = /\b(?:received|credited|deposit|Cash In|Cash-Out from)\b/i;
