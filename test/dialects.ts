import pg from 'pg';
import { test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../src/config/index.js';

/**
 * The databases every repository and route test runs on. SQLite always; PostgreSQL where it is reachable
 * (TEST_DATABASE_URL, default the local server), and always in CI, where an unreachable server fails the run.
 * Locally an unreachable server is never silent: the first loop over `dialects` in a file reports that file's
 * PostgreSQL half as one skipped test with the reason, and the closing line of `npm test` leaves postgres out.
 */
export type TestDialect = 'sqlite' | 'postgres';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Why PostgreSQL is not tested in this run, or null when it is. */
async function postgresUnreachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (err) {
    if (process.env.CI) throw new Error(`PostgreSQL is required in CI but unreachable at ${ADMIN_URL}: ${(err as Error).message}`);
    return `PostgreSQL unreachable at ${ADMIN_URL} (${(err as Error).message || (err as { code?: string }).code}); set TEST_DATABASE_URL or start it`;
  }
}

const postgresSkip = await postgresUnreachable();
let skipReported = false;

export const dialects: TestDialect[] = postgresSkip ? ['sqlite'] : ['sqlite', 'postgres'];
if (postgresSkip) {
  // Looping over the dialects is what gives a file its PostgreSQL half; that loop reports the missing half.
  Object.defineProperty(dialects, Symbol.iterator, {
    value: function* (this: TestDialect[]) {
      if (!skipReported) {
        skipReported = true;
        test("postgres: this file's PostgreSQL tests", { skip: postgresSkip }, () => {});
      }
      yield* Array.prototype.values.call(this);
    },
  });
}

/**
 * Notes for `npm test`'s closing line that this test file used `what` (a database it created, or the browser):
 * run.ts names in it only what some test actually ran on.
 */
export function ran(what: TestDialect | 'chromium'): void {
  if (process.env.DUAR_TEST_RAN_FILE) appendFileSync(process.env.DUAR_TEST_RAN_FILE, `${what}\n`);
}

/** A fresh, empty database of the dialect; `drop` removes it. */
export async function freshDatabase(dialect: TestDialect): Promise<{ database: Config['database']; dataDir: string; drop: () => Promise<void> }> {
  ran(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'duar-test-'));
  if (dialect === 'sqlite') {
    return { database: { kind: 'sqlite', file: join(dataDir, 'duar.sqlite') }, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `duar_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    database: { kind: 'postgres', url: url.toString() },
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      // A closed pool's sockets may still be saying goodbye; FORCE would kill them mid-close and crash their process.
      for (let i = 0; i < 50; i++) {
        const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
