import { CompiledQuery, type Compilable } from './kysely.js';
import type pg from 'pg';
import { commitTogether } from './group-commit.js';
import { idleSqlite, postgresPool, type Executor } from './index.js';
import type { Database } from './schema.js';

/**
 * A query built and compiled once per database kind, then run with new parameters: Kysely otherwise builds and compiles
 * the same query tree on every call, which costs about as much as SQLite running a small indexed query. On SQLite outside a
 * transaction the compiled statement runs directly on the connection (src/db/index.ts `idleSqlite`). For the few
 * queries every public API request runs (src/modules/api-keys/repository.ts, src/modules/payments/repository.ts).
 *
 * `build` receives placeholders to use where the arguments go; each stands for the argument at its position.
 */
export function prepared<Args extends unknown[], Row>(build: (db: Executor, ...placeholders: Args) => Compilable<Row>) {
  const compiled = compileOnce(build.length - 1, build as (db: Executor, ...placeholders: unknown[]) => Compilable<unknown>);
  // async: a build that fails its check rejects rather than throws. The statement still runs within the call.
  return async function run(db: Executor, ...args: Args): Promise<Row[]> {
    return execute<Row>(db, compiled(db, args));
  };
}

/**
 * An INSERT of one row, built and compiled once: `columns` names every column of the table (the type refuses a missing
 * or an unknown one), and each call inserts a row's values for them. On SQLite outside a transaction, the inserts of
 * requests that arrive together share one commit (src/db/group-commit.ts).
 */
export function preparedInsert<T extends keyof Database>(table: T, columns: Record<keyof Database[T], true>) {
  const names = Object.keys(columns) as (keyof Database[T])[];
  const compiled = compileOnce(names.length, (db, ...placeholders) =>
    db.insertInto(table).values(Object.fromEntries(names.map((name, i) => [name, placeholders[i]])) as never),
  );
  return async function insert(db: Executor, row: Database[T]): Promise<void> {
    const query = compiled(
      db,
      names.map((name) => row[name]),
    );
    // On an idle SQLite connection, inserts that arrive together share one commit (src/db/group-commit.ts).
    await commitTogether(db, query.sql, query.parameters, () => execute(db, query).then(() => undefined));
  };
}

/** Placeholders are strings no caller could pass: compiled parameters equal to one are replaced by the argument. */
function compileOnce(count: number, build: (db: Executor, ...placeholders: unknown[]) => Compilable<unknown>) {
  const placeholders = Array.from({ length: count }, (_, i) => `\u0000duar-param-${i}\u0000`);
  const index = new Map(placeholders.map((p, i) => [p, i]));
  // Keyed by the dialect adapter, which a database and its transactions share.
  const compiled = new WeakMap<object, { sql: string; parameters: readonly unknown[] }>();
  const name = `duar_prepared_${++statements}`;
  return function withArguments(db: Executor, args: readonly unknown[]) {
    const adapter = db.getExecutor().adapter;
    let query = compiled.get(adapter);
    if (!query) {
      query = build(db, ...placeholders).compile();
      if (query.parameters.filter((p) => index.has(p as string)).length !== placeholders.length) {
        throw new Error('prepared(): every placeholder must appear exactly once as a query parameter');
      }
      compiled.set(adapter, query);
    }
    const parameters = query.parameters.map((p) => {
      const i = index.get(p as string);
      return i === undefined ? p : args[i];
    });
    return { name, sql: query.sql, parameters };
  };
}
let statements = 0;

/**
 * Runs synchronously on an idle SQLite connection (the read or write happens inside this call); on PostgreSQL outside a
 * transaction as a named statement, which each pooled connection parses and plans once; else through Kysely.
 */
function execute<Row>(db: Executor, query: { name: string; sql: string; parameters: unknown[] }): Promise<Row[]> {
  // SQLite with no transaction open runs the statement at once, as Kysely's driver would (same statement, same rows).
  const sqlite = idleSqlite(db);
  if (sqlite) {
    try {
      const statement = sqlite.prepare(query.sql);
      if (!statement.reader) {
        statement.run(query.parameters);
        return Promise.resolve([]);
      }
      return Promise.resolve(statement.all(query.parameters) as Row[]);
    } catch (err) {
      return Promise.reject(err);
    }
  }
  const pool = postgresPool(db);
  if (pool) return pool.query<Row & pg.QueryResultRow>({ name: query.name, text: query.sql, values: query.parameters }).then((result) => result.rows);
  return db.executeQuery<Row>(CompiledQuery.raw(query.sql, query.parameters)).then((result) => result.rows);
}
