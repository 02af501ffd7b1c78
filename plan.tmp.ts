import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql, CompiledQuery } from 'kysely';
import { loadConfig } from './src/config/index.js';
import { openDatabase } from './src/server.js';
import { listPayments } from './src/modules/payments/repository.js';
const db = await openDatabase(loadConfig({ DUAR_DATA_DIR: mkdtempSync(join(tmpdir(), 'p-')), DUAR_APP_KEY: randomBytes(32).toString('base64') }));
const captured: any[] = [];
const spy = db.withPlugin({ transformQuery: (a) => { captured.push(a.node); return a.node; }, transformResult: async (a) => a.result });
await listPayments(spy, 'x', { search: 'abc', livemode: true }, { limit: 25 });
for (const node of captured) {
  const c = db.getExecutor().compileQuery(node, { queryId: 'x' } as never);
  console.log(c.sql);
  console.log((await db.executeQuery(CompiledQuery.raw('EXPLAIN QUERY PLAN ' + c.sql, c.parameters as unknown[]))).rows.map((r: any) => r.detail));
}
await db.destroy();
