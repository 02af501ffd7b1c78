/**
 * `npm run bench:list [-- --payments=N]`: the admin payments list and search at size, measured in process (the server
 * time of GET /admin/api/brands/:brand/payments: listBrandPayments, the function the route calls) on SQLite and, where
 * reachable, PostgreSQL (BENCH_DATABASE_URL; a database of its own, dropped afterwards). Seeds N (default 10⁵; 10⁶ takes
 * minutes, more on PostgreSQL) varied payments — names, e-mails, TrxIDs, sender numbers, states, methods, a year of
 * dates — then prints the median of 7 runs of each list query beside the goal (100 ms), and of each Overview
 * figure (modules/overview/repository.ts: one aggregate each) for today, 7 and 30 days.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/config/index.js';
import { openDatabase } from '../src/server.js';
import type { Db } from '../src/db/index.js';
import { getBrand } from '../src/modules/brands/service.js';
import { LIST_COUNT_CAP, listBrandPayments, type ListQuery } from '../src/modules/payments/list.js';
import type { PaymentState } from '../src/modules/payments/states.js';
import type { MethodId } from '../src/modules/gateways/types.js';
import { addDays, startOfDay, today } from '../src/lib/dates.js';
import * as overview from '../src/modules/overview/repository.js';
import { paymentRow } from '../test/admin/overview-support.js';

const size = Number(process.argv.find((a) => a.startsWith('--payments='))?.split('=')[1] ?? 100_000);
const log = (text: string) => process.stderr.write(`${text}\n`);
const FIRST = [
  'Rahim',
  'Karim',
  'Fatema',
  'Ayesha',
  'Nusrat',
  'Tanvir',
  'Sadia',
  'Imran',
  'Farhana',
  'Mahmud',
  'Jannat',
  'Rafiq',
  'Shirin',
  'Habib',
  'Sumaiya',
  'Arif',
];
const LAST = ['Uddin', 'Hossain', 'Ahmed', 'Islam', 'Rahman', 'Khan', 'Chowdhury', 'Sarkar', 'Akter', 'Begum', 'Miah', 'Das'];
const STATES: readonly PaymentState[] = [
  'completed',
  'completed',
  'completed',
  'completed',
  'completed',
  'completed',
  'pending',
  'expired',
  'failed',
  'refunded',
];
const METHODS: readonly MethodId[] = ['bkash', 'nagad', 'rocket', 'upay', 'sandbox'];
const pick = <T>(xs: readonly T[]) => xs[randomInt(xs.length)]!;

async function seedVaried(db: Db, brandId: string, n: number): Promise<void> {
  const now = Date.now();
  const batch = 500;
  for (let done = 0; done < n; done += batch) {
    const rows = Array.from({ length: Math.min(batch, n - done) }, (_, j) => {
      const i = done + j;
      const first = pick(FIRST);
      const last = pick(LAST);
      const status = pick(STATES);
      const paid = status !== 'expired';
      const created = now - Math.floor((i / n) * 365 * 86_400_000) - randomInt(1000);
      const amount = 10_000 + randomInt(90_000);
      return paymentRow(brandId, {
        full_name: `${first} ${last}`,
        email: `${first}.${last}${i}@example.com`.toLowerCase(),
        amount,
        charged_amount: amount,
        // Half the payments carry the shop's order number, as WooCommerce's plugin sends it.
        metadata: i % 2 ? `{"order_id":"WC-${100_000 + i}"}` : '{}',
        order_number: i % 2 ? `WC-${100_000 + i}` : null,
        status,
        payment_method: paid ? pick(METHODS) : null,
        sender_number: paid ? `01${randomInt(3, 10)}${String(randomInt(100_000_000)).padStart(8, '0')}` : null,
        transaction_id: paid ? randomBytes(8).toString('hex').toUpperCase().slice(0, 10) : null,
        created_at: created,
        paid_at: paid ? created : null,
        livemode: i % 10 === 9 ? 0 : 1,
      });
    });
    await db.insertInto('payments').values(rows).execute();
    if ((done / batch) % 200 === 0) log(`  ${done + rows.length} / ${n}`);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function measure(db: Db, label: string): Promise<string[]> {
  const brand = await getBrand(db, 'default');
  log(`${label}: seeding ${size} payments`);
  const t0 = performance.now();
  await seedVaried(db, brand.id, size);
  log(`${label}: seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (label.includes('PostgreSQL')) await db.executeQuery({ sql: 'ANALYZE payments', parameters: [], query: { kind: 'RawNode' } } as never);
  const sample = await db
    .selectFrom('payments')
    .selectAll()
    .where('brand_id', '=', brand.id)
    .where('transaction_id', 'is not', null)
    .where('livemode', '=', 1)
    .orderBy('created_at')
    .limit(1)
    .offset(Math.floor(size / 3))
    .executeTakeFirstOrThrow();
  const middle = await db
    .selectFrom('payments')
    .select(['created_at', 'id'])
    .where('brand_id', '=', brand.id)
    .where('livemode', '=', 1)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .offset(Math.floor(size / 2))
    .executeTakeFirstOrThrow();
  const day = new Date(sample.created_at).toISOString().slice(0, 10);
  const queries: [string, Partial<ListQuery>][] = [
    ['newest 25', {}],
    ['cursor in the middle of the table', { cursor: { createdAt: middle.created_at, id: middle.id } }],
    ['status=pending', { status: 'pending' }],
    ['method=rocket', { method: 'rocket' }],
    ['one day (from=to)', { from: day, to: day }],
    ['test data (livemode=false)', { livemode: false }],
    ['q: invoice id prefix (8)', { q: sample.invoice_id.slice(0, 8) }],
    ['q: TrxID prefix (6)', { q: sample.transaction_id!.slice(0, 6).toLowerCase() }],
    ['q: e-mail prefix', { q: sample.email.slice(0, sample.email.indexOf('@')) }],
    ['q: name prefix (common: "rah")', { q: 'rah' }],
    ['q: sender number prefix (7)', { q: sample.sender_number!.slice(0, 7) }],
    ['q: sender number typed +880 with spaces', { q: `+88 ${sample.sender_number!.slice(0, 5)} ${sample.sender_number!.slice(5)}` }],
    ['q: shop order number (metadata order_id)', { q: `WC-${100_000 + Math.floor(size / 3) * 2 + 1}` }],
    ['q: shop order number prefix ("wc-1")', { q: 'wc-1' }],
    ['q: one letter ("s")', { q: 's' }],
    ['q + status=completed + method=bkash', { q: 'far', status: 'completed', method: 'bkash' }],
  ];
  const lines: string[] = [];
  for (const [name, q] of queries) {
    const times: number[] = [];
    let found = 0;
    let total = 0;
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      const r = await listBrandPayments(db, brand, { page: 1, perPage: 25, ...q });
      times.push(performance.now() - start);
      found = r.rows.length;
      total = r.total;
    }
    const ms = median(times);
    lines.push(`| ${label} | ${name} | ${found} | ${total > 1000 ? '1000+' : total} | ${ms.toFixed(1)} ms | ${ms < 100 ? 'yes' : 'no'} |`);
    log(lines.at(-1)!);
  }
  lines.push(...(await measureOverview(db, label, brand.id, brand.timezone)));
  return lines;
}

/** Each Overview figure on its own, as the Overview route runs them (in parallel there; one at a time here). */
async function measureOverview(db: Db, label: string, brandId: string, timezone: string): Promise<string[]> {
  const now = Date.now();
  const lines: string[] = [];
  for (const [period, n] of [
    ['today', 1],
    ['7 days', 7],
    ['30 days', 30],
  ] as const) {
    const last = today(timezone, now);
    const days = Array.from({ length: n }, (_, i) => startOfDay(addDays(last, i - n + 1), timezone));
    const figures: [string, () => Promise<unknown[]>][] = [
      ['collected by day and method', () => overview.completedByDayAndMethod(db, brandId, true, days, now)],
      ['refunded by day', () => overview.refundedByDay(db, brandId, true, days, now)],
      ['created and completed', async () => [await overview.createdAndCompleted(db, brandId, true, days[0]!, now)]],
      ['pending approvals', async () => [await overview.pendingApprovals(db, brandId, true, LIST_COUNT_CAP)]],
      ['unmatched money', async () => [await overview.unmatchedCredits(db, brandId, days[0]!, now)]],
    ];
    for (const [name, run] of figures) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < 7; i++) {
        const start = performance.now();
        rows = (await run()).length;
        times.push(performance.now() - start);
      }
      const ms = median(times);
      lines.push(`| ${label} | Overview ${period}: ${name} | ${rows} | – | ${ms.toFixed(1)} ms | ${ms < 100 ? 'yes' : 'no'} |`);
      log(lines.at(-1)!);
    }
  }
  return lines;
}

const dataDir = mkdtempSync(join(tmpdir(), 'duar-bench-list-'));
const pgAdmin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const pgName = `duar_bench_list_${randomBytes(4).toString('hex')}`;
const lines: string[] = [];
let pgCreated = false;
try {
  const sqlite = await openDatabase(loadConfig({ DUAR_DATA_DIR: dataDir, DUAR_APP_KEY: randomBytes(32).toString('base64') }));
  try {
    lines.push(...(await measure(sqlite, 'SQLite')));
  } finally {
    await sqlite.destroy();
  }
  const admin = new pg.Client({ connectionString: pgAdmin });
  const reachable = await admin.connect().then(
    () => true,
    () => false,
  );
  if (reachable) {
    await admin.query(`CREATE DATABASE ${pgName}`);
    pgCreated = true;
    const url = new URL(pgAdmin);
    url.pathname = `/${pgName}`;
    const postgres = await openDatabase(loadConfig({ DATABASE_URL: url.toString(), DUAR_DATA_DIR: dataDir, DUAR_APP_KEY: randomBytes(32).toString('base64') }));
    try {
      lines.push(...(await measure(postgres, 'PostgreSQL')));
    } finally {
      await postgres.destroy();
    }
  } else log('PostgreSQL not reachable: SQLite only');
  if (pgCreated) await admin.query(`DROP DATABASE IF EXISTS ${pgName}`);
  await admin.end().catch(() => undefined);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`Admin payments list and Overview figures at ${size.toLocaleString('en')} payments (median of 7, in process; goal < 100 ms)\n`);
console.log('| Database | Query | Rows | Count | Server time | < 100 ms |\n|---|---|---|---|---|---|');
console.log(lines.join('\n'));
