import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../src/config/index.js';

/**
 * The databases every repository and route test runs on. SQLite always; PostgreSQL where it is reachable
 * (TEST_DATABASE_URL, default the local server), and always in CI, where an unreachable server fails the run.
 */
export type TestDialect = 'sqlite' | 'postgres';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (err) {
    if (process.env.CI) throw new Error(`PostgreSQL is required in CI but unreachable at ${ADMIN_URL}: ${(err as Error).message}`);
    return false;
  }
}

export const dialects: TestDialect[] = (await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh, empty database of the dialect; `drop` removes it. */
export async function freshDatabase(dialect: TestDialect): Promise<{ database: Config['database']; dataDir: string; drop: () => Promise<void> }> {
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
