import { z } from 'zod';
import type { Db, Executor } from '../../db/index.js';
import { changedFields, recordAudit, type Actor } from '../audit/audit.js';
import { DuarError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { isoTime, isTimeZone } from '../../lib/dates.js';
import { fail } from '../../lib/validation.js';
import * as repo from './repository.js';
import { addBrandOwners } from '../team/service.js';
import type { Brand } from './repository.js';

export { findBrandById, findBrandBySlug, listBrands, type Brand } from './repository.js';
export { getBrand } from './lookup.js';

/** First path segments Duar serves itself; a brand slug may not shadow them. */
const RESERVED_SLUGS = new Set(['admin', 'api', 'payment', 'checkout', 'assets', 'docs', 'openapi.json', 'health', 'static']);

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'slug must be 1–40 lowercase letters, digits or hyphens, not starting or ending with a hyphen')
  .superRefine((value, ctx) => {
    if (RESERVED_SLUGS.has(value)) fail(ctx, 'invalid_request', `slug "${value}" is reserved by Duar; choose another`);
  });
const name = z.string().trim().min(1).max(100);
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'domain must be a host name such as pay.example.com')
  .nullable();
const timezone = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (!isTimeZone(value)) fail(ctx, 'invalid_request', `timezone "${value}" is not an IANA time zone such as Asia/Dhaka`);
  });
const currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'currency must be a three-letter ISO 4217 code such as BDT');

export const createBrandInput = z.strictObject({
  slug,
  name,
  domain: domain.optional(),
  timezone: timezone.default('Asia/Dhaka'),
  currency: currency.default('BDT'),
});
/** The brand form's labels (New brand, Brand Settings → General), for messages that name its fields. */
export const brandFormLabels = { slug: 'Slug', name: 'Name', domain: 'Domain', timezone: 'Time zone', currency: 'Currency' };
/** The shop's name asked at first-time setup: it names the default brand. */
export const shopName = name;
export const updateBrandInput = z.strictObject({
  slug: slug.optional(),
  name: name.optional(),
  domain: domain.optional(),
  timezone: timezone.optional(),
  currency: currency.optional(),
});

export function brandView(b: Brand) {
  return {
    id: b.id,
    slug: b.slug,
    name: b.name,
    domain: b.domain,
    timezone: b.timezone,
    currency: b.currency,
    created_at: isoTime(b.created_at),
    updated_at: isoTime(b.updated_at),
  };
}
export type BrandView = ReturnType<typeof brandView>;

export async function createBrand(db: Db, input: z.output<typeof createBrandInput>, actor: Actor): Promise<Brand> {
  const now = Date.now();
  const brand: Brand = { id: newId('brd'), domain: null, ...input, created_at: now, updated_at: now };
  return db.transaction().execute(async (trx) => {
    await assertUnique(trx, brand);
    await repo.insertBrand(trx, brand);
    await addBrandOwners(trx, brand.id);
    const { slug, name, domain, timezone, currency } = brand;
    await recordAudit(trx, { brandId: brand.id, actor, action: 'brand.created', targetId: brand.id, changes: { slug, name, domain, timezone, currency } });
    return brand;
  });
}

/** Edits the brand; the audit entry names each changed field with its old and new value. */
export async function updateBrand(db: Db, brand: Brand, input: z.output<typeof updateBrandInput>, actor: Actor): Promise<Brand> {
  const next: Brand = { ...brand, ...input, updated_at: Date.now() };
  const changes = changedFields(brand, next, ['slug', 'name', 'domain', 'timezone', 'currency']);
  if (Object.keys(changes).length === 0) return brand;
  return db.transaction().execute(async (trx) => {
    await assertUnique(trx, next);
    await repo.updateBrand(trx, next);
    await recordAudit(trx, { brandId: brand.id, actor, action: 'brand.updated', targetId: brand.id, changes });
    return next;
  });
}

async function assertUnique(db: Executor, brand: Brand): Promise<void> {
  const clash = await repo.findClash(db, brand);
  if (clash?.slug === brand.slug) throw new DuarError('slug_taken', `The slug "${brand.slug}" is already used by another brand`, { field: 'slug' });
  if (clash) throw new DuarError('domain_taken', `The domain "${brand.domain}" is already used by another brand`, { field: 'domain' });
}

/** First-time setup names the fresh install's brand (slug `default`) after the shop; without that brand nothing changes. */
export async function nameDefaultBrand(db: Executor, shop: string, actor: Actor): Promise<void> {
  const brand = await repo.findBrandBySlug(db, 'default');
  if (!brand || brand.name === shop) return;
  await repo.updateBrand(db, { ...brand, name: shop, updated_at: Date.now() });
  await recordAudit(db, { brandId: brand.id, actor, action: 'brand.updated', targetId: brand.id, changes: { name: { from: brand.name, to: shop } } });
}

/** A fresh install has one brand, slug `default`. */
export async function ensureDefaultBrand(db: Db): Promise<void> {
  if (!(await repo.hasAnyBrand(db)))
    await createBrand(db, { slug: 'default', name: 'Default brand', timezone: 'Asia/Dhaka', currency: 'BDT' }, { label: 'duar (first start)', ip: null });
}
