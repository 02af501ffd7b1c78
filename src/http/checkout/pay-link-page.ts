import type { LinkField } from '../../modules/links/fields.js';
import type { LinkRow, Unavailable } from '../../modules/links/service.js';
import type { Locale } from './language.js';
import { contactCard, escapeHtml as e, layout, merchantWords, shopName, type PageInfo, type Shop } from './render.js';

/**
 * The public page of a payment link and the brand's own "pay any amount" page: one form, no JavaScript, no external
 * asset (layout's inline CSS). Everything the merchant or customer typed is escaped here.
 */

/** What the customer typed, shown again with the fields that need correcting. */
export type LinkForm = { values: Record<string, string>; errors: Record<string, string>; paid?: boolean };

/** "৳1.00 to ৳5,000.00" / "from ৳1.00". */
export function amountRangeText(locale: Locale, min: number, max: number | null): string {
  const { t, money } = locale;
  return max === null ? t.rangeFrom(money(min)) : t.rangeBetween(money(min), money(max));
}

function input(name: string, label: string, form: LinkForm, attrs: string): string {
  const error = form.errors[name];
  const id = `f-${name}`;
  const described = error ? ` aria-invalid="true" aria-describedby="${id}-error"` : '';
  const message = error ? `<div class="error" id="${id}-error">${e(error)}</div>` : '';
  return `<label for="${id}">${e(label)}</label><input id="${id}" name="${name}" value="${e(form.values[name] ?? '')}" ${attrs}${described}>${message}`;
}

function customField(locale: Locale, f: LinkField, i: number, form: LinkForm): string {
  const name = `field_${i}`;
  const label = f.required ? f.label : `${f.label} ${locale.t.linkOptional}`;
  const required = f.required ? ' required' : '';
  if (f.type !== 'select') {
    const kind = f.type === 'number' ? 'inputmode="decimal"' : 'type="text"';
    return input(name, label, form, `${kind} maxlength="200"${required}`);
  }
  const id = `f-${name}`;
  const chosen = form.values[name] ?? '';
  const error = form.errors[name];
  const options = [`<option value="">${e(locale.t.linkChoose)}</option>`]
    .concat(f.options.map((o) => `<option${o === chosen ? ' selected' : ''}>${e(o)}</option>`))
    .join('');
  const described = error ? ` aria-invalid="true" aria-describedby="${id}-error"` : '';
  const message = error ? `<div class="error" id="${id}-error">${e(error)}</div>` : '';
  return `<label for="${id}">${e(label)}</label><select id="${id}" name="${name}"${required}${described}>${options}</select>${message}`;
}

const SELECT_CSS =
  '<style>select{width:100%;padding:.7rem;font-size:1rem;border:1px solid #d1d5db;border-radius:8px;background:#fff}.desc{white-space:pre-wrap}</style>';

function customerFields(locale: Locale, form: LinkForm): string {
  const { t } = locale;
  return [
    input('name', t.linkName, form, 'type="text" autocomplete="name" maxlength="100" required'),
    input('phone', t.linkPhone, form, 'type="tel" autocomplete="tel" inputmode="tel" maxlength="20" required'),
    input('email', t.linkEmail, form, 'type="email" autocomplete="email" maxlength="254"'),
  ].join('');
}

/**
 * Where the form posts: this page, in the language it speaks. The language cookie belongs to `/payment` (ADR 100), so
 * the answer to the form (its problems, or the checkout it hands over to) keeps the language the customer read.
 */
function action(page: PageInfo): string {
  return e(`${page.href ?? ''}?lang=${page.locale.lang}`);
}

function formTop(locale: Locale, form: LinkForm): string {
  if (form.paid) return `<p class="ok" role="status">${e(locale.t.linkPaid)}</p>`;
  return Object.keys(form.errors).length > 0 ? `<p class="error" role="alert">${e(locale.t.linkErrForm)}</p>` : '';
}

/** `/pay/{brand}/{link}`: title, description, the price or an amount box, the customer's details, the custom fields. */
export function linkPage(page: PageInfo, shop: Shop, link: LinkRow, fields: LinkField[], remaining: number | null, form: LinkForm): string {
  const { locale } = page;
  const { t } = locale;
  const price =
    link.amount_type === 'fixed'
      ? `<div class="amount">${e(locale.money(link.amount!))}</div>`
      : `<p class="muted">${e(t.linkAmountRange(amountRangeText(locale, link.min_amount!, link.max_amount)))}</p>`;
  const left = remaining === null ? '' : `<p class="muted">${e(t.linkLeft(locale.digits(String(remaining))))}</p>`;
  const amountBox =
    link.amount_type === 'open'
      ? input('amount', t.linkAmount, { ...form, values: { ...form.values, amount: form.values.amount ?? '' } }, 'inputmode="decimal" required')
      : '';
  const words = (en: string | null, bn: string | null, tag: string, attributes = '') => merchantWords(locale.lang, { en, bn }, tag, attributes);
  const body = `${SELECT_CSS}<div class="card">${shopName(shop, 'div')}${words(link.title, link.title_bn, 'h1')}${words(
    link.description || null,
    link.description_bn,
    'p',
    ' class="desc"',
  )}${price}${left}</div><div class="card">${formTop(locale, form)}<form method="post" action="${action(page)}" novalidate>${amountBox}${customerFields(locale, form)}${fields
    .map((f, i) => customField(locale, f, i, form))
    .join('')}<button type="submit">${e(t.linkSubmit)}</button></form></div>${contactCard(page, shop)}`;
  return layout(page, linkTitle(locale, link), body);
}

/** The link's title in the page's language when the merchant gave it in that language, else as written. */
export function linkTitle(locale: Locale, link: Pick<LinkRow, 'title' | 'title_bn'>): string {
  return (locale.lang === 'bn' && link.title_bn) || link.title;
}

/** `/pay/{brand}`: the brand's evergreen page, any amount from ৳1.00. */
export function brandPayPage(page: PageInfo, shop: Shop, minAmount: number, form: LinkForm): string {
  const { locale } = page;
  const { t } = locale;
  const body = `${SELECT_CSS}<div class="card">${shopName(shop, 'div')}<h1>${e(t.linkPayBrand(shop.name))}</h1><p class="muted">${e(
    t.linkAmountRange(amountRangeText(locale, minAmount, null)),
  )}</p></div><div class="card">${formTop(locale, form)}<form method="post" action="${action(page)}" novalidate>${input(
    'amount',
    t.linkAmount,
    form,
    'inputmode="decimal" required',
  )}${customerFields(locale, form)}${input('purpose', t.linkPurpose, form, 'type="text" maxlength="200"')}<button type="submit">${e(t.linkSubmit)}</button></form></div>${contactCard(page, shop)}`;
  return layout(page, t.linkPayBrand(shop.name), body);
}

/** Inactive, expired or sold out: a plain page saying so (served with 410). */
export function unavailablePage(page: PageInfo, shop: Shop, title: string, reason: Unavailable): string {
  const { t } = page.locale;
  const words = { inactive: t.linkInactive, expired: t.linkExpired, sold_out: t.linkSoldOut }[reason];
  return layout(
    page,
    `${title} — ${t.linkUnavailableTitle}`,
    `<div class="card">${shopName(shop, 'div')}<h1>${e(title)}</h1><p>${e(words)}</p></div>${contactCard(page, shop)}`,
  );
}

export function linkNotFoundPage(page: PageInfo): string {
  const { t } = page.locale;
  return layout(page, t.notFoundTitle, `<div class="card"><h1>${e(t.notFoundTitle)}</h1><p>${e(t.linkNotFound)}</p></div>`);
}
