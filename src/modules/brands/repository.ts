import type { Executor } from '../../db/index.js';
import type { BrandsTable } from '../../db/schema.js';

export type Brand = BrandsTable;

export function findBrandBySlug(db: Executor, value: string): Promise<Brand | undefined> {
  return db.selectFrom('brands').selectAll().where('slug', '=', value.toLowerCase()).executeTakeFirst();
}

export function findBrandById(db: Executor, id: string): Promise<Brand | undefined> {
  return db.selectFrom('brands').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listBrands(db: Executor): Promise<Brand[]> {
  return db.selectFrom('brands').selectAll().orderBy('created_at').orderBy('slug').execute();
}

export async function insertBrand(db: Executor, brand: Brand): Promise<void> {
  await db.insertInto('brands').values(brand).execute();
}

export async function updateBrand(db: Executor, brand: Brand): Promise<void> {
  await db.updateTable('brands').set(brand).where('id', '=', brand.id).execute();
}

/** Another brand holding this brand's slug or (when it has one) its domain. */
export function findClash(db: Executor, brand: Pick<Brand, 'id' | 'slug' | 'domain'>): Promise<Pick<Brand, 'slug' | 'domain'> | undefined> {
  return db
    .selectFrom('brands')
    .select(['slug', 'domain'])
    .where('id', '!=', brand.id)
    .where((eb) => eb.or([eb('slug', '=', brand.slug), ...(brand.domain ? [eb('domain', '=', brand.domain)] : [])]))
    .executeTakeFirst();
}

export async function hasAnyBrand(db: Executor): Promise<boolean> {
  return (await db.selectFrom('brands').select('id').limit(1).executeTakeFirst()) !== undefined;
}
