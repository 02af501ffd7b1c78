import { displayRate } from '../../lib/money.js';
import { priceWith, takaAmountOf, type Price } from '../../modules/payments/pricing.js';
import { providers } from '../../modules/gateways/index.js';
import type { MethodSettings } from '../../modules/gateways/settings.js';
import type { MethodId } from '../../modules/gateways/types.js';
import type { PaymentRow } from '../../modules/payments/lookup.js';
import type { CustomerBrand } from '../../modules/brands/customer-pages.js';
import type { Catalogue } from './i18n/en.js';
import { LANGUAGES, type Locale } from './language.js';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
const e = escapeHtml;

/** Small, inline and system-font only: the page must load fast on a phone on a weak connection, with no external assets. */
const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827}
main{max-width:28rem;margin:0 auto;padding:1rem}.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:1rem}
h1,h2{font-size:1.1rem;margin:0 0 .25rem}.amount{font-size:2rem;font-weight:700;margin:.25rem 0}.muted{color:#6b7280;font-size:.875rem}
details{border:1px solid #e5e7eb;border-radius:10px;margin:.75rem 0}summary{cursor:pointer;padding:.9rem 1rem;font-weight:600;list-style:none}
summary::-webkit-details-marker{display:none}details[open] summary{border-bottom:1px solid #e5e7eb}.body{padding:1rem}
label{display:block;font-size:.875rem;margin:.75rem 0 .25rem}input{width:100%;padding:.7rem;font-size:1rem;border:1px solid #d1d5db;border-radius:8px}
button,.button{display:block;width:100%;padding:.8rem;margin-top:.75rem;font-size:1rem;font-weight:600;border:0;border-radius:8px;background:#2563eb;color:#fff;text-align:center;text-decoration:none;cursor:pointer}
button.secondary{background:#e5e7eb;color:#111827}.number{font-size:1.25rem;font-weight:700;letter-spacing:.05em}.error{background:#fef2f2;color:#991b1b;padding:.75rem;border-radius:8px}
.notice{background:#fffbeb;color:#92400e;padding:.75rem;border-radius:8px}.ok{background:#ecfdf5;color:#065f46;padding:.75rem;border-radius:8px}pre{white-space:pre-wrap;font:inherit;margin:.5rem 0}
nav.lang{text-align:right;font-size:.875rem;margin-bottom:.5rem}nav.lang a{color:#1d4ed8;padding:.25rem}nav.lang a[aria-current]{color:#111827;font-weight:700;text-decoration:none}
.shop{display:flex;align-items:center;gap:.75rem}.shop img{max-height:48px;max-width:96px;object-fit:contain}.contact a{display:inline-block;margin:.25rem 1rem .25rem 0;color:#1d4ed8}`;

/** What the customer pages show of the shop: its name, logo and how to reach it. */
export type Shop = Pick<CustomerBrand, 'name' | 'logo_url' | 'contact_phone' | 'contact_whatsapp' | 'contact_email'>;

/** A phone number as a wa.me link wants it: digits only, with Bangladesh's 880 before a local 01… number. */
export function whatsappNumber(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return /^01\d{9}$/.test(digits) ? `88${digits}` : digits;
}

/** How to reach the shop, as links a phone can follow; nothing when the brand gave no contact. */
export function contactCard(page: PageInfo, shop: Shop): string {
  const { t, digits } = page.locale;
  const links: string[] = [];
  if (shop.contact_phone) links.push(`<a href="tel:${e(shop.contact_phone.replace(/[\s-]/g, ''))}">${e(t.contactPhone)} ${e(digits(shop.contact_phone))}</a>`);
  if (shop.contact_whatsapp)
    links.push(
      `<a href="https://wa.me/${whatsappNumber(shop.contact_whatsapp)}" rel="noopener noreferrer">${e(t.contactWhatsapp)} ${e(digits(shop.contact_whatsapp))}</a>`,
    );
  if (shop.contact_email) links.push(`<a href="mailto:${e(shop.contact_email)}">${e(t.contactEmail)} ${e(shop.contact_email)}</a>`);
  if (links.length === 0) return '';
  return `<div class="card contact" data-contact><p class="muted">${e(t.contactTitle(shop.name))}</p>${links.join(' ')}</div>`;
}

/** The origin the page may load the brand's logo from (its Content-Security-Policy allows that one), or null. */
export function logoOrigin(shop: Pick<Shop, 'logo_url'> | null): string | null {
  if (!shop?.logo_url) return null;
  try {
    const url = new URL(shop.logo_url);
    return url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** English | বাংলা on every page, as plain links (no JavaScript): `href` is the page's own GET address with `?lang=`. */
function languageSwitch(locale: Locale, href: string): string {
  const names = { en: 'English', bn: 'বাংলা' } as const;
  const links = LANGUAGES.map((lang) =>
    lang === locale.lang
      ? `<a href="${e(href)}?lang=${lang}" lang="${lang}" aria-current="true">${names[lang]}</a>`
      : `<a href="${e(href)}?lang=${lang}" lang="${lang}" hreflang="${lang}">${names[lang]}</a>`,
  ).join(' | ');
  return `<nav class="lang" aria-label="${e(locale.t.languageSwitch)}">${links}</nav>`;
}

/** The page's GET address: where the language switch links to (a form URL would only send the browser back here). */
export type PageInfo = { locale: Locale; href?: string };

export function layout(page: PageInfo, title: string, body: string, nonce?: string, script?: string): string {
  const nav = page.href === undefined ? '' : languageSwitch(page.locale, page.href);
  return `<!doctype html><html lang="${page.locale.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${e(title)}</title><style>${CSS}</style></head><body><main>${nav}${body}</main>${
    script && nonce ? `<script nonce="${nonce}">${script}</script>` : ''
  }</body></html>`;
}

/** A method's name in the page's language (bKash / বিকাশ). */
export function walletName(t: Catalogue, method: MethodId): string {
  const names: Record<MethodId, string> = { sandbox: t.walletSandbox, bkash: t.walletBkash, nagad: t.walletNagad, rocket: t.walletRocket, upay: t.walletUpay };
  return names[method];
}

/**
 * The amount line: what the customer sends, in taka, and for a checkout in another currency what it was and the rate
 * ("USD 10.00 = ৳1,225.00 (1 USD = ৳122.50)"). The one place the page writes its amounts.
 */
export function amountText(locale: Locale, p: PaymentRow): { taka: string; converted: string | null } {
  const taka = locale.money(takaAmountOf(p));
  if (p.currency === 'BDT') return { taka, converted: null };
  return { taka, converted: locale.digits(`${locale.money(p.amount, p.currency)} = ${taka} (1 ${p.currency} = ${displayRate(p.exchange_rate)})`) };
}

/** A fee the customer bears, once the method is chosen: "৳1,000.00 + ৳23.50 bKash charge = ৳1,023.50". */
function priceLine(page: PageInfo, p: PaymentRow, price: Price, method: MethodId): string {
  if (price.fee_bearer !== 'customer' || price.fee === 0) return '';
  const { t, money } = page.locale;
  const line = t.feeLine(e(money(takaAmountOf(p))), e(money(price.fee)), e(walletName(t, method)), `<b>${e(money(price.charged_amount))}</b>`);
  return `<p class="notice" data-fee>${line}</p>`;
}

/** The shop's logo beside its name (the logo is decoration: empty alt; one that fails to load leaves the name). */
export function shopName(shop: Shop, tag: 'h1' | 'div'): string {
  const logo = logoOrigin(shop) ? `<img src="${e(shop.logo_url!)}" alt="" referrerpolicy="no-referrer">` : '';
  return `<div class="shop">${logo}<${tag}${tag === 'div' ? ' class="muted"' : ''}>${e(shop.name)}</${tag}></div>`;
}

export function header(page: PageInfo, shop: Shop, p: PaymentRow): string {
  const { t } = page.locale;
  const amount = amountText(page.locale, p);
  const converted = amount.converted === null ? '' : `<div class="muted">${e(amount.converted)}</div>`;
  // Once a method with a customer-borne fee was chosen, what they were charged with it.
  const charged = p.payment_method ? priceLine(page, p, p, p.payment_method) : '';
  const payBy = `${p.status === 'initiated' ? `<div class="muted">${e(t.payBy(page.locale.date(p.expires_at)))}</div>` : ''}${p.livemode === 0 ? `<p class="notice">${e(t.testMode)}</p>` : ''}`;
  return `<div class="card">${shopName(shop, 'h1')}<div class="amount">${e(amount.taka)}</div>${converted}${charged}<div class="muted">${e(t.invoice(p.invoice_id, p.full_name))}</div>${payBy}</div>`;
}

/** A refusal to show on the form: the service's code (translated on Bangla pages) and its English sentence. */
export type FormError = { code: string; message: string };
export type FormState = { method?: string; error?: FormError; senderNumber?: string; transactionId?: string };

function actionOf(t: Catalogue, type: 'personal' | 'agent' | 'merchant'): { action: string; type: string } {
  switch (type) {
    case 'personal':
      return { action: t.actionPersonal, type: t.typePersonal };
    case 'agent':
      return { action: t.actionAgent, type: t.typeAgent };
    case 'merchant':
      return { action: t.actionMerchant, type: t.typeMerchant };
  }
}

function errorLine(t: Catalogue, error: FormError): string {
  return `<p class="error" role="alert">${e(t.refusal(error.code, error.message))}</p>`;
}

function methodSection(page: PageInfo, p: PaymentRow, s: MethodSettings, form: FormState): string {
  const { t, money } = page.locale;
  const provider = providers[s.method];
  const name = walletName(t, s.method);
  const open = form.method === s.method ? ' open' : '';
  const error = form.method === s.method && form.error ? errorLine(t, form.error) : '';
  const price = priceWith(p, s);
  const charge = priceLine(page, p, price, s.method);
  if (provider.kind === 'sandbox') {
    return `<details${open}><summary>${e(name)}</summary><div class="body">${error}
<p class="notice">${e(t.sandboxNotice)}</p>
<form method="post" action="/payment/${e(p.invoice_id)}/sandbox">
${charge}<button name="outcome" value="success">${e(t.sandboxSuccess(money(price.charged_amount)))}</button>
<button name="outcome" value="pending" class="secondary">${e(t.sandboxPending)}</button></form></div></details>`;
  }
  const { action, type } = actionOf(t, s.accountType ?? 'personal');
  const steps = t.walletSteps(e(name), `<b>${e(action)}</b>`, `<b>${e(money(price.charged_amount))}</b>`, e(type));
  return `<details${open}><summary>${e(name)}</summary><div class="body">${error}
${charge}<p>${steps}</p>
<p class="number">${e(s.accountNumber ?? '')}</p>${merchantWords(page.locale.lang, { en: s.instructions, bn: s.instructionsBn }, 'pre')}
<form method="post" action="/payment/${e(p.invoice_id)}/wallet/${e(s.method)}">
<label for="sn-${s.method}">${e(t.senderLabel(name))}</label>
<input id="sn-${s.method}" name="sender_number" inputmode="tel" autocomplete="tel" required placeholder="01XXXXXXXXX" value="${e(form.method === s.method ? (form.senderNumber ?? '') : '')}">
<label for="tx-${s.method}">${e(t.trxLabel)}</label>
<input id="tx-${s.method}" name="transaction_id" autocapitalize="characters" autocomplete="off" required value="${e(form.method === s.method ? (form.transactionId ?? '') : '')}">
<button>${e(t.submit)}</button></form></div></details>`;
}

/**
 * The merchant's own words (a wallet's instructions, a link's title): in the page's language when given in it, else as
 * written in the other (then marked with its language, so a screen reader reads it right), in a `tag` element; '' when
 * there are none. `en` is what the merchant wrote first, whatever language it is in.
 */
export function merchantWords(lang: Locale['lang'], words: { en: string | null; bn: string | null }, tag: string, attributes = ''): string {
  const own = lang === 'bn' ? words.bn : words.en;
  if (own) return `<${tag}${attributes}>${e(own)}</${tag}>`;
  const other = lang === 'bn' ? words.en : words.bn;
  return other ? `<${tag}${attributes} lang="${lang === 'bn' ? 'en' : 'bn'}">${e(other)}</${tag}>` : '';
}

/** The amounts a method takes, in the page's words, or null when it has no limits. */
function amountRange(locale: Locale, m: Pick<MethodSettings, 'minAmount' | 'maxAmount'>): string | null {
  const { t, money } = locale;
  if (m.minAmount !== null && m.maxAmount !== null) return t.rangeBetween(money(m.minAmount), money(m.maxAmount));
  if (m.minAmount !== null) return t.rangeFrom(money(m.minAmount));
  if (m.maxAmount !== null) return t.rangeUpTo(money(m.maxAmount));
  return null;
}

/** With every method outside its limits: which amounts each takes, instead of an empty list. */
function noMethodLeft(page: PageInfo, p: PaymentRow, outOfRange: MethodSettings[]): string {
  const { t } = page.locale;
  if (outOfRange.length === 0) return `<p class="notice">${e(t.noMethods)}</p>`;
  const ranges = outOfRange.map((m) => `<li>${e(walletName(t, m.method))}: ${e(amountRange(page.locale, m) ?? '')}</li>`).join('');
  return `<p class="notice" data-limits>${e(t.noMethodTakes(page.locale.money(takaAmountOf(p))))}</p><ul>${ranges}</ul>`;
}

export function checkoutPage(
  page: PageInfo,
  shop: Shop,
  p: PaymentRow,
  methods: MethodSettings[],
  form: FormState = {},
  outOfRange: MethodSettings[] = [],
): string {
  const { t } = page.locale;
  const list = methods.length ? methods.map((m) => methodSection(page, p, m, form)).join('') : noMethodLeft(page, p, outOfRange);
  // A refusal for a method the page no longer offers (switched off meanwhile) is shown above the list.
  const inline = form.method !== undefined && methods.some((m) => m.method === form.method);
  const generalError = form.error && !inline ? errorLine(t, form.error) : '';
  return layout(
    page,
    t.titlePay(shop.name),
    `${header(page, shop, p)}<div class="card">${generalError}<h2>${e(t.choose)}</h2>${list}
<form method="post" action="/payment/${e(p.invoice_id)}/cancel"><button class="secondary">${e(t.cancel)}</button></form></div>${contactCard(page, shop)}`,
  );
}

/** The page for a checkout that can no longer be paid, or that was paid (with the way back to the shop). */
export function statusPage(page: PageInfo, shop: Shop, p: PaymentRow): string {
  const { t } = page.locale;
  const back = `<a class="button" href="/payment/${e(p.invoice_id)}/return">${e(t.returnToShop)}</a>`;
  const away = `<a class="button" href="${e(p.cancel_url)}">${e(t.backToShop)}</a>`;
  const message = ((): string => {
    switch (p.status) {
      case 'completed':
      case 'partially_refunded':
      case 'refunded':
        return `<p class="ok">${e(t.statusComplete)}</p>${back}`;
      case 'pending':
        return `<p class="notice">${e(t.statusPending)}</p>${back}`;
      case 'expired':
        return `<p class="error">${e(t.statusExpired)}</p>${away}`;
      case 'canceled':
        return `<p class="error">${e(t.statusCanceled)}</p>${away}`;
      case 'failed':
        return `<p class="error">${e(t.statusFailed)}</p>${p.transaction_id ? `<p class="muted">${e(t.trxLine(p.transaction_id))}</p>` : ''}${away}`;
      case 'initiated':
        return '';
    }
  })();
  return layout(page, t.titleStatus(shop.name), `${header(page, shop, p)}<div class="card">${message}</div>${contactCard(page, shop)}`);
}

/** return_type POST: a self-submitting form delivers `invoice_id` form-encoded (RAW/CodeIgniter read $_POST['invoice_id']). */
export function postRedirectPage(page: PageInfo, redirectUrl: string, invoiceId: string, nonce: string): string {
  const { t } = page.locale;
  return layout(
    page,
    t.titleReturning,
    `<div class="card"><form id="back" method="post" action="${e(redirectUrl)}"><input type="hidden" name="invoice_id" value="${e(invoiceId)}">
<p>${e(t.returning)}</p><noscript><button>${e(t.continue)}</button></noscript></form></div>`,
    nonce,
    'document.getElementById("back").submit();',
  );
}

/** A customer-facing failure with no payment page to show it on. */
export function errorPage(page: PageInfo, message: string): string {
  const { t } = page.locale;
  return layout(page, t.errorTitle, `<div class="card"><h1>${e(t.errorTitle)}</h1><p>${e(message)}</p></div>`);
}

export function notFoundPage(page: PageInfo): string {
  const { t } = page.locale;
  return layout(page, t.notFoundTitle, `<div class="card"><h1>${e(t.notFoundTitle)}</h1><p>${e(t.notFoundBody)}</p></div>`);
}
