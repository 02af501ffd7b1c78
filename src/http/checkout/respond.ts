import { fastifyCookie } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Brand } from '../../modules/brands/service.js';
import type { CustomerBrand } from '../../modules/brands/customer-pages.js';
import { chooseLanguage, isLanguage, LANGUAGE_COOKIE, LANGUAGE_COOKIE_OPTIONS, localeFor, type Language } from './language.js';
import type { PageInfo } from './render.js';

/** How every customer page is answered: its headers, and the language it speaks. */

/** `img`: the one origin the page may load images from (the brand's logo: render.ts logoOrigin), or null for none. */
export function html(reply: FastifyReply, status: number, body: string, nonce?: string, connect = false, img: string | null = null) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('Referrer-Policy', 'no-referrer')
    .header('X-Content-Type-Options', 'nosniff')
    .header(
      'Content-Security-Policy',
      `default-src 'none'; style-src 'unsafe-inline'; script-src ${nonce ? `'nonce-${nonce}'` : "'none'"};${connect ? " connect-src 'self';" : ''}${img ? ` img-src ${img};` : ''} base-uri 'none'; frame-ancestors 'none'`,
    )
    .send(body);
}

export type LangQuery = { Querystring: { lang?: unknown } };

/**
 * The language a page speaks (chooseLanguage: `?lang=`, the cookie, Accept-Language, the brand's default) and where its
 * switch links to. A `?lang=` is remembered in the cookie, so the choice follows the customer through the checkout.
 */
export function pageFor(
  request: FastifyRequest,
  reply: FastifyReply,
  brand: (Pick<Brand, 'timezone'> & Partial<Pick<CustomerBrand, 'customer_language' | 'bangla_digits'>>) | null,
  invoiceId?: string,
): PageInfo {
  const query = (request.query as { lang?: unknown } | undefined)?.lang;
  // The brand's default language and digits (Brand Settings → Customer pages) when the caller read them.
  const brandDefault: Language = brand?.customer_language ?? 'en';
  // A request refused before the cookie plugin ran (a control character in the URL) has no parsed cookies yet.
  const cookies = request.cookies ?? fastifyCookie.parse(request.headers.cookie ?? '');
  const lang = chooseLanguage(query, cookies[LANGUAGE_COOKIE], request.headers['accept-language'], brandDefault);
  if (isLanguage(query) && cookies[LANGUAGE_COOKIE] !== query) reply.setCookie(LANGUAGE_COOKIE, query, LANGUAGE_COOKIE_OPTIONS);
  reply.header('Vary', 'Accept-Language, Cookie');
  return {
    locale: localeFor(lang, { timeZone: brand?.timezone ?? 'Asia/Dhaka', banglaDigits: brand?.bangla_digits === 1 }),
    href: invoiceId === undefined ? request.url.split('?')[0] : `/payment/${encodeURIComponent(invoiceId)}`,
  };
}
