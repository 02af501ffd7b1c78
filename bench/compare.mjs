// `node bench/compare.mjs <other checkout> [sqlite|postgres]`: CPU time per request of this checkout's build against
// another's (e.g. `git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci)`), both built (`npm run
// build:server`) and loaded into this one process, requests through app.inject() in alternating batches (N, ROUNDS),
// medians. No HTTP and no load generator, so it isolates what a change did to the request path and, being CPU time,
// moves little when other processes load the machine. The key has an expiry date, as the profile had. On
// PostgreSQL the CPU time of the database's own server processes is reported beside it (Linux /proc, 10 ms ticks).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const [otherDir, dialect = 'sqlite'] = process.argv.slice(2);
if (!otherDir) throw new Error('usage: node bench/compare.mjs <other checkout> [sqlite|postgres]');
const N = Number(process.env.N ?? 400);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const cleanup = [];
/** LOG=info: each app logs as `duar serve` does at that level (each build's own logger options) into a sink. */
const logLevel = process.env.LOG;
const sink = new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * On PostgreSQL, the CPU time (µs) used so far by the server processes serving `database` (from /proc, Linux): the
 * database's own parsing, planning and executing, which this process's CPU time does not include.
 */
async function backendCpu(database) {
  if (!database) return 0;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
  await client.end();
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the backend ended meanwhile
    }
  }
  return ticks * 10_000; // USER_HZ is 100 on Linux
}

async function setup(dir, name) {
  let databaseName;
  const load = (path) => import(join(resolve(dir), 'dist', path));
  const [{ loadConfig }, { openDatabase }, { buildApp, loggerOptions }, { getBrand }, { createApiKey }] = await Promise.all(
    ['config/index.js', 'server.js', 'app.js', 'modules/brands/service.js', 'modules/api-keys/service.js'].map(load),
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'duar-compare-'));
  cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const env = { DUAR_DATA_DIR: dataDir, PUBLIC_URL: 'http://127.0.0.1', LOG_LEVEL: 'silent' };
  if (dialect === 'postgres') {
    const database = `duar_compare_${name}_${randomBytes(3).toString('hex')}`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`CREATE DATABASE ${database}`);
    await client.end();
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    env.DATABASE_URL = url.toString();
    databaseName = database;
    cleanup.push(async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${database}`);
      await c.end();
    });
  }
  const config = loadConfig(env);
  const db = await openDatabase(config);
  const appKey = randomBytes(32);
  const app = await buildApp({ config, db, appKey, logger: logLevel ? { ...loggerOptions(logLevel), stream: sink } : false });
  await app.ready();
  cleanup.unshift(async () => {
    await app.close();
    await db.destroy();
  });
  const brand = await getBrand(db, 'default');
  const abilities = ['payment:checkout', 'payment:verify'];
  const { key } = await createApiKey(
    db,
    appKey,
    brand,
    { name: 'compare', abilities, is_active: true, expires_at: '2099-12-31' },
    { label: 'compare', ip: null },
  );
  const headers = { 'rt-uddoktapay-api-key': key, 'content-type': 'application/json' };
  const checkout = {
    full_name: 'A',
    email: 'a@example.com',
    amount: '100',
    metadata: { order: 1 },
    redirect_url: 'https://shop.example/ok',
    cancel_url: 'https://shop.example/no',
  };
  const created = await app.inject({ method: 'POST', url: '/api/checkout-v2', headers, payload: checkout });
  const invoice = created.json().payment_url.split('/').pop();
  return {
    name,
    app,
    databaseName,
    requests: {
      'GET /api/me': { method: 'GET', url: '/api/me', headers },
      'POST /api/verify-payment': { method: 'POST', url: '/api/verify-payment', headers, payload: { invoice_id: invoice } },
      'POST /default/api/verify-payment': { method: 'POST', url: '/default/api/verify-payment', headers, payload: { invoice_id: invoice } },
      'POST /api/checkout-v2': { method: 'POST', url: '/api/checkout-v2', headers, payload: checkout },
    },
  };
}

try {
  const other = await setup(otherDir, 'other');
  const self = await setup(new URL('..', import.meta.url).pathname, 'this');
  const samples = new Map();
  for (let round = 0; round <= ROUNDS; round++) {
    for (const request of Object.keys(self.requests)) {
      for (const side of round % 2 ? [other, self] : [self, other]) {
        const backendStart = await backendCpu(side.databaseName);
        const start = process.cpuUsage();
        for (let i = 0; i < N; i++) {
          const res = await side.app.inject(side.requests[request]);
          if (res.statusCode !== 200) throw new Error(`${side.name} ${request}: ${res.statusCode} ${res.body}`);
        }
        const used = process.cpuUsage(start);
        const backend = (await backendCpu(side.databaseName)) - backendStart;
        const key = `${request}|${side.name}`;
        if (round > 0) {
          // round 0 warms up
          samples.set(key, [...(samples.get(key) ?? []), (used.user + used.system) / N]);
          samples.set(`${key}|db`, [...(samples.get(`${key}|db`) ?? []), backend / N]);
        }
      }
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const change = (before, after) => `${after <= before ? '' : '+'}${((after / before - 1) * 100).toFixed(0)}%`;
  const pgColumns = dialect === 'postgres';
  console.log(
    `| ${dialect} | other (${otherDir}) µs/req | this µs/req | change |${pgColumns ? ' PostgreSQL backends, other µs/req | this | change |' : ''}\n|---|---:|---:|---:|${pgColumns ? '---:|---:|---:|' : ''}`,
  );
  for (const request of Object.keys(self.requests)) {
    const before = median(samples.get(`${request}|other`));
    const after = median(samples.get(`${request}|this`));
    let row = `| ${request} | ${before.toFixed(0)} | ${after.toFixed(0)} | ${change(before, after)} |`;
    if (pgColumns) {
      const [dbBefore, dbAfter] = [median(samples.get(`${request}|other|db`)), median(samples.get(`${request}|this|db`))];
      row += ` ${dbBefore.toFixed(0)} | ${dbAfter.toFixed(0)} | ${change(dbBefore, dbAfter)} |`;
    }
    console.log(row);
  }
} finally {
  for (const step of cleanup) await step().catch(() => {});
}
