import type { Config } from '../config/index.js';
import { createDb, type Db } from './index.js';
import { migrateToLatest } from './migrate.js';
import { ensureDefaultBrand } from '../modules/brands/service.js';

/** Opens the database, brings its schema up to date and makes sure a fresh install has its default brand. */
export async function openDatabase(config: Config): Promise<Db> {
  const db = createDb(config.database);
  await migrateToLatest(db);
  await ensureDefaultBrand(db);
  return db;
}
