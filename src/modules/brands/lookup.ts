import type { Executor } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { findBrandBySlug, type Brand } from './repository.js';

/**
 * The brand a command or an admin request names by slug. Apart from service.ts, whose rules need zod, the team and the
 * audit log, so a read such as `duar keys list` loads none of them (ADR 043).
 */
export async function getBrand(db: Executor, slugValue: string): Promise<Brand> {
  const brand = await findBrandBySlug(db, slugValue);
  if (!brand) throw new DuarError('brand_not_found', `No brand with slug "${slugValue}"`);
  return brand;
}
