import type { Config } from '../config/index.js';
import { createDb, type Db } from './index.js';
import { allMigrationsApplied } from './migration-names.js';
import { hasAnyBrand } from '../modules/brands/repository.js';

/** Opens the database, brings its schema up to date and makes sure a fresh install has its default brand. */
export async function openDatabase(config: Config): Promise<Db> {
  const db = createDb(config.database);
  try {
    // Every start and every `duar` command opens the database; the migrator and the migrations are loaded only when the
    // database is not exactly at this version (pending, unknown or out-of-order ones: the migrator applies or refuses).
    if (!(await allMigrationsApplied(db))) await (await import('./migrate.js')).migrateToLatest(db);
    // Only a fresh install has no brand: the brand service (its rules load zod, the team and the audit log) is loaded then.
    if (!(await hasAnyBrand(db))) await (await import('../modules/brands/service.js')).ensureDefaultBrand(db);
  } catch (err) {
    // A database this version refuses (or cannot reach) is closed again: a PostgreSQL pool would hold the process open
    // until its idle connections time out.
    await db.destroy();
    throw err;
  }
  return db;
}
