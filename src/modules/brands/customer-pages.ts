import type { Selectable } from '../../db/kysely.js';
import { z } from 'zod';
import type { Db, Executor } from '../../db/index.js';
import type { BrandCustomerColumns } from '../../db/schema.js';
import { changedFields, recordAudit, type Actor } from '../audit/audit.js';
import { asciiDigits } from '../../lib/money.js';
import { hasControlCharacter } from '../../lib/text.js';
import { fail } from '../../lib/validation.js';
import type { Brand } from './repository.js';

/**
 * What a brand's customers see on its payment pages (Brand Settings → Customer pages; issues 17 and 23): how to reach
 * the shop, its logo, the pages' default language and Bangla digits. Columns of `brands` read apart from the brand row
 * (db/schema.ts says why); docs/decisions/100-customer-pages-in-bangla.md records the choices.
 */
export type CustomerPages = Selectable<BrandCustomerColumns>;
/** A brand as its customer pages need it. */
export type CustomerBrand = Brand & CustomerPages;

const COLUMNS = ['contact_phone', 'contact_whatsapp', 'contact_email', 'logo_url', 'customer_language', 'bangla_digits'] as const;

export function findCustomerBrand(db: Executor, id: string): Promise<CustomerBrand | undefined> {
  return db.selectFrom('brands').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The brand behind a customer page's address (`/pay/{slug}`), with what its pages show. */
export function findCustomerBrandBySlug(db: Executor, slug: string): Promise<CustomerBrand | undefined> {
  return db.selectFrom('brands').selectAll().where('slug', '=', slug).executeTakeFirst();
}

async function readCustomerPages(db: Executor, brandId: string): Promise<CustomerPages> {
  return db.selectFrom('brands').select(COLUMNS).where('id', '=', brandId).executeTakeFirstOrThrow();
}

/** A number a customer can call: digits (Bangla ones read as ASCII), spaces and hyphens, an optional leading +. */
const phone = z
  .string()
  .trim()
  .transform((value) => asciiDigits(value))
  .pipe(z.string().regex(/^\+?[0-9][0-9 -]{4,22}[0-9]$/, 'enter a phone number such as 01712345678 or +880 1712-345678'))
  .nullable();
const email = z.email({ message: 'enter an e-mail address such as help@example.com' }).trim().toLowerCase().max(254).nullable();
/**
 * A link to an image the merchant hosts: https only, no user name or password in it, at most 500 characters. The
 * pages show it in an <img> (which never runs a script, not even an SVG's) and allow images from that origin only.
 */
const logoUrl = z
  .string()
  .trim()
  .max(500, 'the logo URL may have at most 500 characters')
  .superRefine((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : null;
    if (url?.protocol !== 'https:' || url.username || url.password || url.hostname === '' || hasControlCharacter(value) || /[\s"'<>\\]/.test(value))
      fail(ctx, 'invalid_request', 'the logo must be an https:// address of an image, such as https://example.com/logo.png');
  })
  .nullable();
const blankIsNull = (value: unknown) => (typeof value === 'string' ? value.trim() || null : value);

export const customerPagesInput = z.strictObject({
  contact_phone: z.preprocess(blankIsNull, phone).optional(),
  contact_whatsapp: z.preprocess(blankIsNull, phone).optional(),
  contact_email: z.preprocess(blankIsNull, email).optional(),
  logo_url: z.preprocess(blankIsNull, logoUrl).optional(),
  customer_language: z.enum(['en', 'bn'], { error: 'customer_language must be en (English) or bn (Bangla)' }).optional(),
  bangla_digits: z.boolean({ error: 'bangla_digits must be true or false' }).optional(),
});
/** The form's labels (Brand Settings → Customer pages), for messages that name its fields. */
export const customerPagesLabels = {
  contact_phone: 'Phone',
  contact_whatsapp: 'WhatsApp',
  contact_email: 'E-mail',
  logo_url: 'Logo URL',
  customer_language: 'Default language',
  bangla_digits: 'Bangla digits',
};

export function customerPagesView(c: CustomerPages) {
  return {
    contact_phone: c.contact_phone,
    contact_whatsapp: c.contact_whatsapp,
    contact_email: c.contact_email,
    logo_url: c.logo_url,
    customer_language: c.customer_language,
    bangla_digits: c.bangla_digits === 1,
  };
}
export type CustomerPagesView = ReturnType<typeof customerPagesView>;

export function getCustomerPages(db: Executor, brand: Brand): Promise<CustomerPages> {
  return readCustomerPages(db, brand.id);
}

/** Saves the fields given (null clears one); the audit entry names each change with its old and new value. */
export async function updateCustomerPages(db: Db, brand: Brand, input: z.output<typeof customerPagesInput>, actor: Actor): Promise<CustomerPages> {
  return db.transaction().execute(async (trx) => {
    const current = await readCustomerPages(trx, brand.id);
    const { bangla_digits, ...rest } = input;
    const next: CustomerPages = { ...current, ...rest, ...(bangla_digits === undefined ? {} : { bangla_digits: bangla_digits ? 1 : 0 }) };
    const changes = changedFields(current, next, [...COLUMNS]);
    if (Object.keys(changes).length === 0) return current;
    await trx
      .updateTable('brands')
      .set({ ...next, updated_at: Date.now() })
      .where('id', '=', brand.id)
      .execute();
    await recordAudit(trx, { brandId: brand.id, actor, action: 'brand.updated', targetId: brand.id, changes });
    return next;
  });
}
