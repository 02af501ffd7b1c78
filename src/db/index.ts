import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from './kysely.js';
import type { Config } from '../config/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Repositories accept either the database or a transaction. */
export type Executor = Db | Trx;

/** The PostgreSQL driver, loaded on first use: a SQLite installation (and every `duar` command on one) never pays for it. */
let postgres: typeof pg | null = null;
function pgDriver(): typeof pg {
  if (postgres) return postgres;
  postgres = createRequire(import.meta.url)('pg') as typeof pg;
  // int8 (bigint) and numeric come back as numbers, as in SQLite: our values (epoch ms, minor units) fit in 2^53.
  postgres.types.setTypeParser(postgres.types.builtins.INT8, (v) => Number(v));
  postgres.types.setTypeParser(postgres.types.builtins.NUMERIC, (v) => Number(v));
  return postgres;
}

export function createDb(database: Config['database']): Db {
  if (database.kind === 'postgres') {
    const pool = new (pgDriver().Pool)({ connectionString: database.url, max: 10 });
    // An idle connection that dies (server restart, failover) emits 'error' on the pool; unhandled, it would end the
    // process. The pool discards that client, and the next query opens a new connection and reports a real outage.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    postgresPools.set(db, pool);
    return db;
  }
  // Owner-only: the database holds key digests and ciphertexts, password hashes and session digests.
  mkdirSync(dirname(database.file), { recursive: true, mode: 0o700 });
  const sqlite = new SQLite(database.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Another process (the CLI, a second server) may hold the write lock for a moment.
  sqlite.pragma('busy_timeout = 5000');
  const connection = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  sqliteConnections.set(db, connection);
  return db;
}

const postgresPools = new WeakMap<Db, pg.Pool>();

/** The pool behind a PostgreSQL `db` made by createDb (not a transaction's), for named statements (src/db/prepared.ts). */
export function postgresPool(db: Executor): pg.Pool | undefined {
  return postgresPools.get(db as Db);
}

/** The SQLite connection behind a database made by createDb (never a transaction's), for the hot path's synchronous reads. */
const sqliteConnections = new WeakMap<Db, SqliteConnection>();
export type SqliteConnection = ReturnType<typeof withStatementCache>;

/**
 * The connection of a SQLite `db` when a statement may run on it right now, synchronously, without Kysely: no transaction
 * is open on it but `readTogether`'s own (Kysely's driver would otherwise make the statement wait for that transaction to end). Kysely's
 * promise chain and connection lock cost more than SQLite answering an indexed read. Undefined for PostgreSQL and for
 * transactions, which go through Kysely. A Kysely `.stream()` would hold the connection outside a transaction (better-sqlite3
 * refuses writes, and the iterating statement itself, until the iteration ends): the code uses none; one would have to be
 * seen here first.
 */
export function idleSqlite(db: Executor): SqliteConnection | undefined {
  const connection = sqliteConnections.get(db as Db);
  return connection && (!connection.sqlite.inTransaction || connection.readingTogether()) ? connection : undefined;
}

/**
 * Kysely prepares every query anew; preparing costs more than running a small indexed query, and the same few shapes
 * repeat on every request. Statements are reused by SQL text (better-sqlite3 re-prepares them after a schema change).
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  /** Statements that write a table the key cache keeps (src/modules/api-keys/key-cache.ts). */
  const keyWriters = new WeakSet<SQLite.Statement>();
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  let keyWrites = 0;
  const begin = sqlite.prepare('BEGIN');
  const commit = sqlite.prepare('COMMIT');
  let together = false;
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= 1000) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
        if (!statement.readonly && KEY_TABLES.test(sql)) keyWriters.add(statement);
      }
      // Counted before it runs: a cache filled from here on is filled after the write (or its rollback).
      if (keyWriters.has(statement)) keyWrites++;
      return statement;
    },
    close: () => sqlite.close(),
    sqlite,
    /**
     * Runs `reads` (synchronous reads on this connection) in one read transaction: the read lock of the WAL index, two
     * `fcntl` calls a statement otherwise, is taken once for all of them. idleSqlite answers this connection meanwhile.
     */
    readTogether(reads: () => void): void {
      begin.run();
      together = true;
      try {
        reads();
      } finally {
        together = false;
        commit.run();
      }
    },
    readingTogether: () => together,
    /**
     * Changes whenever api_keys or brands may have changed: `data_version` moves when another connection (the CLI,
     * another process) commits anything, `keyWrites` when this connection runs a statement that writes either table.
     * Only meaningful outside a transaction (idleSqlite).
     */
    keyStamp: (): readonly [number, number] => [dataVersion.get() as number, keyWrites],
  };
}

/** Tables whose rows the key cache keeps: a statement of this connection that writes one empties it. */
const KEY_TABLES = /\b(api_keys|brands)\b/;
