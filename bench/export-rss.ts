/**
 * `npx tsx bench/export-rss.ts [rows…]`: the memory of a real `duar serve` (its own process, SQLite) while it streams the
 * payments CSV export of 10⁵ and then 10⁶ payments (or the given counts) to a client that reads as fast as it can. The
 * server's resident memory (VmRSS from /proc) is sampled every 50 ms, and its V8 heap is capped below the file's size
 * (EXPORT_BENCH_HEAP_MB, 96): bounded memory shows as an export that completes, with a similar peak at both sizes.
 * Writes its section into docs/benchmarks.md, below bench/run.ts's marker (which keeps it across its reruns).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { freePort, running, startServer } from '../test/server-process.js';
import { writeSection } from './doc-section.js';
import { loadConfig } from '../src/config/index.js';
import { openDatabase } from '../src/server.js';
import { getBrand } from '../src/modules/brands/service.js';
import { createApiKey } from '../src/modules/api-keys/service.js';
import { createAdmin, createSession } from '../src/modules/admins/service.js';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [100_000, 1_000_000];

const dataDir = mkdtempSync(join(tmpdir(), 'duar-export-bench-'));
const appKey = randomBytes(32);
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
/** The server's V8 heap limit: a server that held the file would run out of it (the 10⁶ export is ≈ 180 MB of text). */
const HEAP_MB = Number(process.env.EXPORT_BENCH_HEAP_MB ?? 96);
const env = {
  NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_URL: origin,
  DUAR_DATA_DIR: dataDir,
  DUAR_APP_KEY: appKey.toString('base64'),
  LOG_LEVEL: 'warn',
};
const config = loadConfig(env);
const file = join(dataDir, 'duar.sqlite');

/** One real checkout through the API code (a server in this process), then its row copied with new ids up to `n`. */
async function prepare(): Promise<{ cookie: string; key: string }> {
  const db = await openDatabase(config);
  const brand = await getBrand(db, 'default');
  const { key } = await createApiKey(db, appKey, brand, { name: 'bench', abilities: ['payment:checkout'], is_active: true }, { label: 'bench', ip: null });
  const admin = await createAdmin(db, { email: 'bench@example.com', password: 'correct horse battery' });
  const { token } = await createSession(db, admin, null);
  await db.destroy();
  return { cookie: `duar_session=${token}`, key };
}

function grow(to: number): void {
  const sqlite = new SQLite(file);
  const have = sqlite.prepare('SELECT count(*) FROM payments').pluck().get() as number;
  const columns = (sqlite.pragma('table_info(payments)') as { name: string }[]).map((c) => c.name);
  const select = columns.map((c) => {
    if (c === 'id') return `'pay_bench' || printf('%010d', n.i)`;
    if (c === 'invoice_id') return `'inv' || printf('%017d', n.i)`;
    if (c === 'created_at') return 'p.created_at - n.i * 1000';
    if (c === 'full_name') return `'রহিম উদ্দিন ' || n.i`;
    if (c === 'email') return `'customer' || n.i || '@example.com'`;
    return `p.${c}`;
  });
  sqlite.exec(`
    WITH RECURSIVE n(i) AS (SELECT ${have} UNION ALL SELECT i + 1 FROM n WHERE i < ${to - 1})
    INSERT INTO payments (${columns.join(', ')})
    SELECT ${select.join(', ')} FROM n, (SELECT * FROM payments ORDER BY created_at DESC LIMIT 1) p`);
  sqlite.close();
}

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

type Result = { rows: number; bytes: number; seconds: number; before: number; peak: number };

async function measure(pid: number, cookie: string, rows: number): Promise<Result> {
  const before = rssKiB(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(pid))), 50);
  const started = performance.now();
  const res = await fetch(`${origin}/admin/api/brands/default/payments/export.csv?livemode=false`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  clearInterval(sampler);
  peak = Math.max(peak, rssKiB(pid));
  // Every record is one line here (no line breaks inside these cells): the header and one a payment.
  if (lines - 1 !== rows) throw new Error(`expected ${rows} rows, got ${lines - 1}`);
  return { rows, bytes, seconds: (performance.now() - started) / 1000, before, peak };
}

const { cookie, key } = await prepare();
// The row every copy is made from: a real test-mode checkout, made through the running server.
let server = startServer(env);
await running(server);
const checkout = await fetch(`${origin}/api/checkout-v2`, {
  method: 'POST',
  headers: { 'rt-uddoktapay-api-key': key, 'content-type': 'application/json' },
  body: JSON.stringify({
    full_name: 'Bench',
    email: 'b@example.com',
    amount: '100',
    metadata: {},
    redirect_url: 'https://shop.example.com/ok',
    cancel_url: 'https://shop.example.com/no',
  }),
});
if (checkout.status !== 200) throw new Error(`checkout answered ${checkout.status}: ${await checkout.text()}`);
server.child.kill('SIGTERM');
await server.exited;
// A test-mode copy never expires into another state while exporting: the copies are live=0 and far in the future.
const sqlite = new SQLite(file);
sqlite.prepare('UPDATE payments SET livemode = 0, expires_at = ? ').run(Date.now() + 365 * 86_400_000);
sqlite.close();

const results: Result[] = [];
try {
  for (const size of SIZES) {
    const t0 = performance.now();
    grow(size);
    console.log(`seeded ${size} payments in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    server = startServer(env);
    await running(server);
    const pid = server.child.pid!;
    // Warm: one small request first, so the peak is the export's and not the first request's lazy loading.
    await fetch(`${origin}/admin/api/brands/default/payments?livemode=false&per_page=1`, { headers: { cookie } }).then((r) => r.arrayBuffer());
    const result = await measure(pid, cookie, size);
    console.log(JSON.stringify(result));
    results.push(result);
    server.child.kill('SIGTERM');
    await server.exited;
  }
} finally {
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}

const mib = (kib: number) => (kib / 1024).toFixed(0);
const section = [
  '',
  `Written by bench/export-rss.ts on ${new Date().toISOString().slice(0, 10)}: a real \`duar serve\` (SQLite, from the sources through tsx) streams`,
  '`GET /admin/api/brands/default/payments/export.csv` of all its payments to a client reading as fast as it can; the server’s',
  `resident memory (VmRSS) sampled every 50 ms. The server runs with its V8 heap capped at ${HEAP_MB} MB (\`--max-old-space-size\`), less`,
  'than the file: a server that held the export in memory would fail. Load average at the start:',
  `${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]} on the shared machine (times say more about the other work than about Duar).`,
  '',
  '| payments | CSV size | time | rows/s | server RSS before | peak RSS during | growth |',
  '|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.rows.toLocaleString('en-US')} | ${(r.bytes / 1024 / 1024).toFixed(0)} MiB | ${r.seconds.toFixed(1)} s | ${Math.round(r.rows / r.seconds).toLocaleString('en-US')} | ${mib(r.before)} MiB | ${mib(r.peak)} MiB | ${mib(r.peak - r.before)} MiB |`,
  ),
  '',
];
writeSection('CSV export at size (`npx tsx bench/export-rss.ts`)', section);
console.log(section.join('\n'));
