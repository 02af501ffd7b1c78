/**
 * `npm run bench`: load against a running Duar server (its own process, SQLite and, where reachable, PostgreSQL)
 * and against a bare node:http server in the same run, with autocannon on loopback. Writes docs/benchmarks.md.
 * Short by design (2-core machine): BENCH_SECONDS per scenario (default 4), BENCH_CONNECTIONS (default 16).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../src/config/index.js';
import { openDatabase } from '../src/server.js';
import { getBrand } from '../src/modules/brands/brands.js';
import { createApiKey } from '../src/modules/api-keys/service.js';
import { scenarios, type Scenario } from './scenarios.js';

const root = new URL('..', import.meta.url).pathname;
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function startProcess(args: string[], env: Record<string, string>, readyText: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes(readyText)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`process exited with ${code}: ${out}`)));
  });
}

async function stop(child: ChildProcess) {
  child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

type Row = { target: string; scenario: string; rps: number; p50: number; p99: number; non2xx: number; errors: number };

async function load(target: string, url: string, scenario: Scenario, key: string): Promise<Row> {
  const result = await autocannon({
    url: url + scenario.path,
    method: scenario.method,
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', 'rt-uddoktapay-api-key': key },
    body: scenario.body ? JSON.stringify(scenario.body) : undefined,
  });
  return {
    target,
    scenario: scenario.name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function postgresUrl(): Promise<string | null> {
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `duar_bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return url.toString();
  } catch {
    return null;
  }
}

async function benchDuar(label: string, env: Record<string, string>, rows: Row[]) {
  const config = loadConfig(env);
  const db = await openDatabase(config);
  const appKey = Buffer.from(env.DUAR_APP_KEY!, 'base64');
  const brand = await getBrand(db, 'default');
  const { key, apiKey } = await createApiKey(db, appKey, brand, { name: 'bench', abilities: ['payment:checkout', 'payment:verify', 'payment:refund'], is_active: true }, { label: 'bench', ip: null });
  const prepared = await Promise.all(scenarios.map(async (s) => ({ s, ready: await s.prepare?.({ db, brand, keyId: apiKey.id }) })));
  await db.destroy();
  const server = await startProcess(['src/cli.ts', 'serve'], env, 'Duar is running');
  try {
    for (const { s, ready } of prepared) rows.push(await load(label, `http://127.0.0.1:${env.PORT}`, { ...s, ...ready }, key));
  } finally {
    await stop(server);
  }
}

const rows: Row[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'duar-bench-'));
try {
  const barePort = await freePort();
  const bare = await startProcess(['bench/bare-server.ts'], { PORT: String(barePort) }, 'ready');
  rows.push(await load('bare node:http', `http://127.0.0.1:${barePort}`, { name: 'fixed JSON body', method: 'GET', path: '/' }, ''));
  await stop(bare);

  const common = { LOG_LEVEL: 'warn', DUAR_APP_KEY: randomBytes(32).toString('base64'), HOST: '127.0.0.1' };
  const sqlitePort = String(await freePort());
  await benchDuar('Duar, SQLite', { ...common, PORT: sqlitePort, DUAR_DATA_DIR: dataDir, PUBLIC_URL: `http://127.0.0.1:${sqlitePort}` }, rows);
  const pgUrl = await postgresUrl();
  if (pgUrl) {
    const pgPort = String(await freePort());
    await benchDuar('Duar, PostgreSQL', { ...common, PORT: pgPort, DATABASE_URL: pgUrl, DUAR_DATA_DIR: dataDir, PUBLIC_URL: `http://127.0.0.1:${pgPort}` }, rows);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const bareRps = rows[0]!.rps;
const table = [
  '| target | scenario | req/s | vs bare node:http | p50 ms | p99 ms | non-2xx | errors |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.target} | ${r.scenario} | ${r.rps} | ${Math.round((r.rps / bareRps) * 100)}% | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} |`),
].join('\n');
const doc = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: autocannon on loopback, ${connections} connections,
${seconds} s per scenario, against Duar (\`duar serve\`, its own process, LOG_LEVEL=warn) and against a bare \`node:http\` server
answering a fixed JSON body in the same run. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version};
the load generator shares the machine with the server, so the numbers compare targets within one run rather than promise a capacity.

${table}

Scenarios (bench/scenarios.ts): every Duar request carries a valid API key in \`RT-UDDOKTAPAY-API-KEY\`, so each one parses and
checks the key (checksum, one primary-key lookup of key and brand, constant-time digest comparison, ability) before its handler runs.
A non-2xx count above zero means the scenario did not measure what it says; treat that row as invalid.
`;
writeFileSync(join(root, 'docs', 'benchmarks.md'), doc);
process.stdout.write(doc);
