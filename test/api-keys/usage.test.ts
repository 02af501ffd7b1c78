import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { dialects } from '../dialects.js';
import { buildTestApp, seedKey } from '../harness.js';
import { UsageCounter } from '../../src/modules/api-keys/usage.js';

for (const dialect of dialects) {
  test(`${dialect}: a failed usage flush keeps its counts, and the next flush writes them (a failure does not block later flushes)`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const { id } = await seedKey(t);
      const usage = new UsageCounter();
      const now = Date.now();
      usage.count(id, 'UTC', 'ok', now);
      usage.count(id, 'UTC', 'ok', now);
      await sql`ALTER TABLE api_key_usage RENAME TO api_key_usage_away`.execute(t.db);
      await assert.rejects(usage.flush(t.db), 'the table is gone: the flush fails');
      await sql`ALTER TABLE api_key_usage_away RENAME TO api_key_usage`.execute(t.db);
      usage.count(id, 'UTC', 'ok', now);
      await usage.flush(t.db);
      const rows = await t.db.selectFrom('api_key_usage').select(['outcome', 'count']).where('key_id', '=', id).execute();
      assert.deepEqual(
        rows.map((r) => `${r.outcome}:${Number(r.count)}`),
        ['ok:3'],
      );
    } finally {
      await t.close();
    }
  });
}
