import { CompiledQuery, type Compilable } from 'kysely';
import { idleSqlite, type Executor } from './index.js';

/**
 * A query built and compiled once per database kind, then run with new parameters: Kysely otherwise builds and compiles
 * the same query tree on every call, which costs about as much as SQLite running a small indexed query. On SQLite outside a
 * transaction the compiled statement runs directly on the connection (src/db/index.ts `idleSqlite`). For the few
 * queries every public API request runs (src/modules/api-keys/repository.ts, src/modules/payments/repository.ts).
 *
 * `build` receives placeholders to use where the arguments go; each stands for the argument at its position.
 */
export function prepared<Args extends unknown[], Row>(build: (db: Executor, ...placeholders: Args) => Compilable<Row>) {
  // Placeholders are strings no caller could pass: compiled parameters equal to one are replaced by the argument.
  const placeholders = Array.from({ length: build.length - 1 }, (_, i) => `\u0000duar-param-${i}\u0000`);
  const index = new Map(placeholders.map((p, i) => [p, i]));
  // Keyed by the dialect adapter, which a database and its transactions share.
  const compiled = new WeakMap<object, { sql: string; parameters: readonly unknown[] }>();
  return async function run(db: Executor, ...args: Args): Promise<Row[]> {
    const adapter = db.getExecutor().adapter;
    let query = compiled.get(adapter);
    if (!query) {
      query = build(db, ...(placeholders as Args)).compile();
      if (query.parameters.filter((p) => index.has(p as string)).length !== placeholders.length) {
        throw new Error('prepared(): every placeholder must appear exactly once as a query parameter');
      }
      compiled.set(adapter, query);
    }
    const parameters = query.parameters.map((p) => {
      const i = index.get(p as string);
      return i === undefined ? p : args[i];
    });
    // SQLite with no transaction open runs the statement at once, as Kysely's driver would (same statement, same rows).
    const sqlite = idleSqlite(db);
    if (sqlite) return sqlite.prepare(query.sql).all(parameters) as Row[];
    const result = await db.executeQuery<Row>(CompiledQuery.raw(query.sql, parameters));
    return result.rows;
  };
}
