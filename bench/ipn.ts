/**
 * `npm run bench:ipn`: how fast a backlog of IPNs drains when merchants' servers take RECEIVER_MS (300) to answer, on
 * SQLite and, where reachable, PostgreSQL (BENCH_DATABASE_URL, default the local server; its database is dropped
 * afterwards). IPN_BACKLOG (2000) deliveries are queued, then the webhook worker of src/jobs/ runs them in-process
 * against bench/slow-receiver.mjs (its own process), at the default concurrency and at 20 (the old batch size), and
 * the deliveries per second and the connections the receiver accepted are written to docs/benchmarks.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../test/server-process.js';
import { loadConfig } from '../src/config/index.js';
import { openDatabase } from '../src/server.js';
import { getBrand } from '../src/modules/brands/service.js';
import { enqueuePaymentIpn } from '../src/modules/webhooks/service.js';
import { createWebhookWorker } from '../src/jobs/webhook-worker.js';
import { writeSection } from './doc-section.js';

const BACKLOG = Number(process.env.IPN_BACKLOG ?? 2000);
const RECEIVER_MS = Number(process.env.RECEIVER_MS ?? 300);
const CONCURRENCIES = [undefined, 20] as const;
const pgAdmin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const silent = { info() {}, warn() {}, error() {} };

async function startReceiver(): Promise<{ child: ChildProcess; url: string; stop: () => Promise<number> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [new URL('slow-receiver.mjs', import.meta.url).pathname], {
    env: { ...process.env, PORT: String(port), RECEIVER_MS: String(RECEIVER_MS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise<void>((resolve) =>
    child.stdout!.on('data', (c) => {
      out += c;
      if (out.includes('ready')) resolve();
    }),
  );
  const stop = () =>
    new Promise<number>((resolve) => {
      child.once('exit', () => resolve(Number(/connections (\d+)/.exec(out)?.[1] ?? 0)));
      child.kill('SIGTERM');
    });
  return { child, url: `http://127.0.0.1:${port}/ipn`, stop };
}

/** One measured drain: queue the backlog, run the worker until it is empty, time it. */
async function measure(env: Record<string, string>, concurrency: number | undefined) {
  const config = loadConfig(env);
  const db = await openDatabase(config);
  const receiver = await startReceiver();
  try {
    const brand = await getBrand(db, 'default');
    const run = randomBytes(3).toString('hex');
    for (let i = 0; i < BACKLOG; i += 100) {
      await db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(i + 100, BACKLOG); j++) {
          const payload = { invoice_id: `INV${run}${j}`, status: 'COMPLETED', amount: '100.00' };
          await enqueuePaymentIpn(trx, {
            brandId: brand.id,
            paymentId: `pay_bench${run}${j}`,
            webhookUrl: receiver.url,
            apiKeyId: null,
            payload,
            event: 'payment.completed',
          });
        }
      });
    }
    const worker = createWebhookWorker({ db, config, appKey: Buffer.from(env.DUAR_APP_KEY!, 'base64'), log: silent, concurrency });
    const started = performance.now();
    let sent = 0;
    while (sent < BACKLOG) sent += await worker.runOnce();
    const seconds = (performance.now() - started) / 1000;
    const delivered = await db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('status', '=', 'delivered')
      .where('payment_id', 'like', `pay_bench${run}%`)
      .executeTakeFirstOrThrow();
    return {
      concurrency: concurrency ?? 'default (100)',
      seconds,
      perSecond: BACKLOG / seconds,
      delivered: Number(delivered.n),
      connections: await receiver.stop(),
    };
  } finally {
    if (receiver.child.exitCode === null) await receiver.stop();
    await db.destroy();
  }
}

const results: { dialect: string; r: Awaited<ReturnType<typeof measure>> }[] = [];
const appKey = randomBytes(32).toString('base64');
const dataDir = mkdtempSync(join(tmpdir(), 'duar-ipn-bench-'));
const base = { DUAR_DATA_DIR: dataDir, DUAR_APP_KEY: appKey, DUAR_WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'warn' };
let pgName: string | null = `duar_ipn_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: pgAdmin, connectionTimeoutMillis: 2000 });
try {
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pgName}`);
} catch {
  pgName = null;
}
try {
  for (const concurrency of CONCURRENCIES) {
    results.push({ dialect: 'sqlite', r: await measure(base, concurrency) });
    if (pgName) {
      const url = new URL(pgAdmin);
      url.pathname = `/${pgName}`;
      results.push({ dialect: 'postgres', r: await measure({ ...base, DATABASE_URL: url.toString() }, concurrency) });
    }
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  if (pgName) await admin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
  await admin.end().catch(() => {});
}

const section = [
  '',
  `Written by bench/ipn.ts on ${new Date().toISOString().slice(0, 10)}: ${BACKLOG} queued IPNs (one per payment), a receiver in its own process`,
  `answering each after ${RECEIVER_MS} ms, the webhook worker (src/jobs/webhook-worker.ts) draining them in-process. Goal (issue 22):`,
  `≥ 200 deliveries/s on both databases. Load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]} (2 cores; other work on the machine slows it).`,
  'Before this worker claimed as sends ended, it sent one batch of 20 per one-second poll: about 16/s on SQLite (issue 22).',
  '',
  '| database | concurrency | time | deliveries/s | delivered | connections the receiver accepted |',
  '|---|---|---|---|---|---|',
  ...results.map(
    ({ dialect, r }) => `| ${dialect} | ${r.concurrency} | ${r.seconds.toFixed(1)} s | ${Math.round(r.perSecond)} | ${r.delivered} | ${r.connections} |`,
  ),
  '',
];
writeSection('IPN backlog (`npm run bench:ipn`)', section);
console.log(section.join('\n'));
