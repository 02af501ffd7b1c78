/**
 * `npm run bench` (`-- --scale` for the 10⁶-payment, 10⁵-key figure): loads a running Duar server (its own process,
 * the production build in dist/) on SQLite and, where reachable, PostgreSQL, and a bare node:http server, all in the
 * same run, with wrk on loopback. Several short rounds alternate the targets; medians are reported beside the issue's
 * goals and written to docs/benchmarks.md with the machine and versions. BENCH_ROUNDS (3), BENCH_SECONDS (4) and
 * BENCH_CONNECTIONS (50) tune it; the default run takes about four minutes on two cores.
 */
import { execSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/config/index.js';
import { openDatabase } from '../src/server.js';
import type { Db } from '../src/db/index.js';
import { getBrand } from '../src/modules/brands/service.js';
import { createApiKey } from '../src/modules/api-keys/service.js';
import { MARKER } from './doc-section.js';
import { completedPayment, scenarios, type Scenario } from './scenarios.js';
import { dropPending, seed } from './seed.js';

const root = new URL('..', import.meta.url).pathname;
const scale = process.argv.includes('--scale');
/** `--quick`: no second phase (the grown tables); for before/after runs of one change. */
const quick = process.argv.includes('--quick');
/** BENCH_ONLY: a regular expression on the scenario names to run (the bare server always runs). */
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
/**
 * BENCH_BEFORE: another checkout, built (`npm run build:server` there), whose server runs beside this one on the same
 * database and is loaded in the same rounds ("before" rows): a before/after of one change that machine load cannot skew.
 */
const before = process.env.BENCH_BEFORE;
/** BENCH_PROF: a directory; each Duar server writes a V8 CPU profile there when it stops (`--cpu-prof`). */
const duarArgs = [...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []), 'dist/cli.js', 'serve'];
/** The p99 latency issue 22 allows, as a multiple of bare's. */
const P99_GOAL = 3;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const small = { payments: 100, keys: 10 };
const grown = scale ? { payments: 1_000_000, keys: 100_000 } : { payments: 10_000, keys: 1_000 };
const log = (text: string) => process.stderr.write(`${text}\n`);

const has = (cmd: string) => {
  try {
    execSync(`command -v ${cmd}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Debian's wrk, installed like .ci/run installs its packages when it is missing and we may. */
function ensureWrk() {
  if (has('wrk')) return;
  if (process.getuid?.() === 0 && has('apt-get')) {
    log('Installing Debian package: wrk');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null', { stdio: 'inherit' });
    return;
  }
  throw new Error('wrk is not installed (apt-get install wrk)');
}

// Two cores or more: the server gets core 0 and wrk core 1, so the load generator does not eat the server's CPU.
const pin = has('taskset') && cpus().length >= 2;
const pinned = (core: number, cmd: string, args: string[]): [string, string[]] => (pin ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args]);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function startProcess(args: string[], env: Record<string, string>, readyText: string, cwd = root): Promise<ChildProcess> {
  const [cmd, argv] = pinned(0, process.execPath, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    // Keep reading stdout after the ready line (the server's log goes there), but keep none of it.
    let out = '';
    child.stdout!.on('data', (chunk) => {
      if (out === null) return;
      out += chunk;
      if (out.includes(readyText)) {
        out = null as unknown as string;
        resolve(child);
      }
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

const rssMb = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};

/** CPU time the process has used (user + system), in ms; /proc counts in clock ticks of 10 ms on Linux. */
const cpuMs = (pid: number) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
};

/** cpuUs: the server's CPU time per answered request, which other load on the machine does not change much. */
type Sample = { rps: number; p50: number; p99: number; non2xx: number; errors: number; rss: number; cpuUs: number };

/** One wrk run against one target; the server's resident memory is sampled while it runs. */
async function load(url: string, scenario: { method: string; body?: unknown }, key: string, pid: number, duration = seconds): Promise<Sample> {
  let rss = 0;
  const cpuBefore = cpuMs(pid);
  const timer = setInterval(() => (rss = Math.max(rss, rssMb(pid))), 250);
  const [cmd, args] = pinned(1, 'wrk', [
    '-t1',
    `-c${connections}`,
    `-d${duration}s`,
    '--timeout',
    '10s',
    '--latency',
    '-s',
    join(root, 'bench/wrk/request.lua'),
    url,
  ]);
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, BENCH_METHOD: scenario.method, BENCH_BODY: scenario.body ? JSON.stringify(scenario.body) : '', BENCH_KEY: key },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`))));
  });
  clearInterval(timer);
  const r = JSON.parse(/^JSON (.*)$/m.exec(out)![1]!);
  const cpuUs = ((cpuMs(pid) - cpuBefore) * 1000) / Math.max(1, r.requests);
  return { rps: r.requests / (r.duration_us / 1e6), p50: r.p50_us / 1000, p99: r.p99_us / 1000, non2xx: r.non2xx, errors: r.errors, rss, cpuUs };
}

async function postgresUrl(): Promise<string | null> {
  const admin = pgAdmin;
  const name = `duar_bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    pgName = name;
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return url.toString();
  } catch {
    return null;
  }
}

const pgAdmin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let pgName: string | undefined;

async function dropDatabase(name: string) {
  const client = new pg.Client({ connectionString: pgAdmin });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name}`);
  await client.end();
}

type Dialect = 'sqlite' | 'postgres';
type Target = { label: string; dialect: Dialect | 'bare'; scenario: Scenario; url: string; key: string; pid: number; db?: Db; brandId?: string };

/** Starts Duar on one database with a bench key, the scenarios' data and `small` rows; returns its targets. */
async function startDuar(dialect: Dialect, env: Record<string, string>, servers: ChildProcess[]): Promise<Target[]> {
  const db = await openDatabase(loadConfig(env));
  const appKey = Buffer.from(env.DUAR_APP_KEY!, 'base64');
  const brand = await getBrand(db, 'default');
  const abilities = ['payment:checkout', 'payment:verify', 'payment:refund'] as const;
  const { key, apiKey } = await createApiKey(
    db,
    appKey,
    brand,
    { name: 'bench', abilities: [...abilities], is_active: true, mode: 'test' },
    { label: 'bench', ip: null },
  );
  const ready = await Promise.all(
    scenarios.filter((s) => !only || only.test(s.name)).map(async (s) => ({ ...s, ...(await s.prepare?.({ db, brand, keyId: apiKey.id })) })),
  );
  await completedPayment({ db, brand, keyId: apiKey.id }); // what seed() copies, whichever scenarios run
  await seed(db, brand.id, small);
  const server = await startProcess(duarArgs, env, 'Duar is running');
  servers.push(server);
  const label = dialect === 'sqlite' ? 'Duar, SQLite' : 'Duar, PostgreSQL';
  const targets = (server: ChildProcess, port: string, label: string) =>
    ready.map((scenario) => ({
      label,
      dialect,
      scenario,
      url: `http://127.0.0.1:${port}${scenario.path}`,
      key,
      pid: server.pid!,
      db,
      brandId: brand.id,
    }));
  if (!before) return targets(server, env.PORT!, label);
  // The other checkout's server on the same database, the same key and rows; interleaved with this one's targets.
  const port = String(await freePort());
  const other = await startProcess(duarArgs, { ...env, PORT: port }, 'Duar is running', before);
  servers.push(other);
  const mine = targets(server, env.PORT!, label);
  const theirs = targets(other, port, `${label} (before)`);
  return mine.flatMap((t, i) => [theirs[i]!, t]);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

type Result = { target: Target; samples: Sample[] };

/** `rounds` rounds; each loads every target once, in turn, so drift on the machine touches all targets alike. */
async function measure(targets: Target[]): Promise<Result[]> {
  const results = targets.map((target) => ({ target, samples: [] as Sample[] }));
  for (const r of results) await load(r.target.url, r.target.scenario, r.target.key, r.target.pid, 1).catch(() => undefined); // warm-up
  for (let round = 1; round <= rounds; round++) {
    for (const r of results) {
      const sample = await load(r.target.url, r.target.scenario, r.target.key, r.target.pid);
      r.samples.push(sample);
      if (r.target.scenario.method === 'POST' && r.target.scenario.path.endsWith('checkout-v2')) await dropPending(r.target.db!, r.target.brandId!);
      log(
        `round ${round}/${rounds}  ${r.target.label.padEnd(16)} ${r.target.scenario.name.padEnd(42)} ${Math.round(sample.rps)} req/s  p99 ${sample.p99.toFixed(1)} ms  ${Math.round(sample.cpuUs)} µs CPU/req`,
      );
    }
  }
  return results;
}

const med = (r: Result, field: keyof Sample) => median(r.samples.map((s) => s[field]));
const pct = (x: number) => `${Math.round(x * 100)}%`;

ensureWrk();
const startLoad = loadavg()[0]!.toFixed(1);
log('Building the server (npm run build:server)');
execSync('npm run build:server --silent', { cwd: root, stdio: 'inherit' });

const servers: ChildProcess[] = [];
const dbs: Db[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'duar-bench-'));
let doc = '';
try {
  const barePort = await freePort();
  const bare = await startProcess(['bench/bare-server.mjs'], { PORT: String(barePort) }, 'ready');
  servers.push(bare);
  const bareTarget: Target = {
    label: 'bare node:http',
    dialect: 'bare',
    scenario: { name: 'fixed JSON body', method: 'GET', path: '/' },
    url: `http://127.0.0.1:${barePort}/`,
    key: '',
    pid: bare.pid!,
  };

  // The default LOG_LEVEL (info), as an installation runs; ACCESS_LOG unset (per-request lines are opt-in).
  const common = { DUAR_APP_KEY: randomBytes(32).toString('base64'), HOST: '127.0.0.1' };
  const sqlitePort = String(await freePort());
  const targets = await startDuar('sqlite', { ...common, PORT: sqlitePort, DUAR_DATA_DIR: dataDir, PUBLIC_URL: `http://127.0.0.1:${sqlitePort}` }, servers);
  const pgUrl = await postgresUrl();
  if (pgUrl) {
    const pgPort = String(await freePort());
    targets.push(
      ...(await startDuar(
        'postgres',
        { ...common, PORT: pgPort, DATABASE_URL: pgUrl, DUAR_DATA_DIR: dataDir, PUBLIC_URL: `http://127.0.0.1:${pgPort}` },
        servers,
      )),
    );
  } else log('PostgreSQL not reachable: SQLite only');
  for (const t of targets) if (t.db && !dbs.includes(t.db)) dbs.push(t.db);

  log(`Phase 1: ${small.payments} payments, ${small.keys} keys`);
  const base = await measure([bareTarget, ...targets]);
  let sized: Result[] = [];
  if (!quick) {
    log(`Seeding to ${grown.payments} payments, ${grown.keys} keys`);
    for (const t of targets.filter((t, i, all) => all.findIndex((o) => o.db === t.db) === i)) await seed(t.db!, t.brandId!, grown);
    log('Phase 2: the same requests on the grown database');
    sized = await measure([bareTarget, ...targets.filter((t) => t.scenario.sized)]);
  }

  const bareBase = base[0]!;
  const rows = base.map((r) => {
    const goal = r.target.dialect === 'bare' ? undefined : r.target.scenario.goal?.[r.target.dialect];
    const ratio = med(r, 'rps') / med(bareBase, 'rps');
    const p99Ratio = med(r, 'p99') / med(bareBase, 'p99');
    return [
      r.target.label,
      r.target.scenario.name,
      Math.round(med(r, 'rps')),
      pct(ratio),
      goal ? `≥ ${pct(goal)} ${ratio >= goal ? 'met' : '**short**'}` : '–',
      med(r, 'p50').toFixed(1),
      med(r, 'p99').toFixed(1),
      r.target.dialect === 'bare' ? '–' : `${p99Ratio.toFixed(1)}× (≤ ${P99_GOAL}× ${p99Ratio <= P99_GOAL ? 'met' : '**short**'})`,
      Math.round(med(r, 'cpuUs')),
      pct(med(bareBase, 'cpuUs') / med(r, 'cpuUs')),
      `${Math.round(Math.max(...r.samples.map((s) => s.rss)))}${r.target.dialect === 'bare' ? '' : Math.max(...r.samples.map((s) => s.rss)) < 200 ? ' (< 200 met)' : ' (< 200 **short**)'}`,
      r.samples.reduce((n, s) => n + s.non2xx + s.errors, 0),
    ];
  });
  const bareSized = sized[0]!;
  const flat = sized.slice(1).map((r) => {
    const before = base.find((b) => b.target === r.target)!;
    // Against the bare server of the same phase, so machine drift between the phases cancels out.
    const change = med(r, 'rps') / med(bareSized, 'rps') / (med(before, 'rps') / med(bareBase, 'rps')) - 1;
    const cpuChange = med(r, 'cpuUs') / med(before, 'cpuUs') - 1;
    const signed = (x: number) => `${x >= 0 ? '+' : ''}${Math.round(x * 100)}%`;
    return [
      r.target.label,
      r.target.scenario.name,
      Math.round(med(before, 'rps')),
      Math.round(med(r, 'rps')),
      `${signed(change)} (within ±10% ${Math.abs(change) <= 0.1 ? 'met' : '**short**'})`,
      `${Math.round(med(before, 'cpuUs'))} → ${Math.round(med(r, 'cpuUs'))} (${signed(cpuChange)})`,
    ];
  });
  const table = (head: string[], body: (string | number)[][]) =>
    [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const wrkVersion = spawnSync('wrk', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0]?.trim() || 'wrk';
  const pgVersion = pgUrl ? (await dbs[1]?.selectNoFrom((eb) => eb.fn<string>('version', []).as('v')).executeTakeFirst())?.v : undefined;
  const sqliteVersion = (await dbs[0]!.selectNoFrom((eb) => eb.fn<string>('sqlite_version', []).as('v')).executeTakeFirst())?.v;
  doc = `# Benchmarks

Written by \`npm run bench${scale ? ' -- --scale' : ''}\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}. wrk, 1 thread, ${connections} connections,
loopback; ${rounds} rounds of ${seconds} s per target, targets alternating within each round, **medians** shown. Duar runs
as its own process from the production build (\`node dist/cli.js serve\`, default LOG_LEVEL=info, ACCESS_LOG unset); the yardstick is a bare
\`node:http\` server answering a fixed JSON body (bench/bare-server.mjs), measured in the same rounds.
${pin ? 'Every server is pinned to core 0 and wrk to core 1 (`taskset`); PostgreSQL itself is not pinned.' : 'No pinning (taskset missing or one core): the load generator shares the CPU with the server.'}

${Number(startLoad) > cpus().length ? `**The machine was busy** (load average ${startLoad} on ${cpus().length} cores when the run began): other processes took most of the CPU, so these figures say more about them than about Duar. Rerun on a quiet machine; until then, the CPU-time comparison kept below is the better guide.\n\n` : ''}The machine is shared with other sessions' work (builds, tests): compare the ratios to bare from the same run, not absolute figures across runs.

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, load average at the start ${startLoad}; Node ${process.version};
${wrkVersion}; SQLite ${sqliteVersion}${pgVersion ? `; ${pgVersion.split(',')[0]}` : ''}.

## Throughput and latency (${small.payments} payments, ${small.keys} keys)

${table(['target', 'request', 'req/s', 'vs bare', 'goal', 'p50 ms', 'p99 ms', 'p99 vs bare', 'server CPU µs/req', 'bare CPU ÷ this', 'max RSS MB', 'non-2xx + errors'], rows)}

*server CPU µs/req* is the server process's CPU time (user + system, /proc) divided by the requests it answered; *bare CPU ÷
this* estimates the throughput ratio with a core to itself. Both move less than req/s when other processes load the machine
(see the load average above), but they move too: on a busy machine, read the ratios, not the absolute figures.

${
  quick
    ? ''
    : `## Flat with size: ${small.payments} → ${grown.payments.toLocaleString('en')} payments, ${small.keys} → ${grown.keys.toLocaleString('en')} keys

${table(['target', 'request', `req/s at ${small.payments}`, `req/s at ${grown.payments.toLocaleString('en')}`, 'req/s change (relative to bare in the same phase)', 'server CPU µs/req'], flat)}

`
}${quick ? '`--quick` run: the second phase (grown tables) was skipped.\n\n' : scale ? '' : 'The default run grows the tables a hundredfold; `npm run bench -- --scale` seeds 10⁶ payments and 10⁵ keys (slow: minutes of seeding).\n\n'}Every Duar request carries a valid API key in \`RT-UDDOKTAPAY-API-KEY\`; verify reads a completed payment; checkout-v2
writes a payment (the unpaid payments it made are deleted after each round, so every round sees the same table size).
A non-zero last column means the row did not measure what it says. Numbers compare targets within one run on one machine;
they are not a capacity promise.
`;
} finally {
  for (const s of servers) await stop(s);
  for (const db of dbs) await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
  if (pgName) await dropDatabase(pgName);
}
// Hand-written notes below the marker (e.g. before/after figures from bench/compare.mjs) survive a rerun.
const previous = existsSync(join(root, 'docs', 'benchmarks.md')) ? readFileSync(join(root, 'docs', 'benchmarks.md'), 'utf8') : '';
const kept = previous.includes(MARKER) ? previous.slice(previous.indexOf(MARKER)) : `${MARKER}\n`;
writeFileSync(join(root, 'docs', 'benchmarks.md'), `${doc}\n${kept}`);
process.stdout.write(doc);
