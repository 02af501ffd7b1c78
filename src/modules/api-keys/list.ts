import type { Executor } from '../../db/index.js';
import type { Brand } from '../brands/repository.js';
import { listApiKeys } from './repository.js';
import { keyView, type KeyView } from './view.js';

/**
 * The brand's keys as the dashboard and `duar keys list` show them. Apart from service.ts, which loads zod, the audit
 * log and the brand rules for its writes, so a listing loads none of them (ADR 043).
 */
export async function listApiKeyViews(db: Executor, brand: Brand, now = Date.now()): Promise<KeyView[]> {
  return (await listApiKeys(db, brand.id)).map((row) => keyView(row, brand, now));
}
