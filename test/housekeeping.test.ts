import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from './dialects.js';
import { buildTestApp, seedKey } from './harness.js';
import { createHousekeeping } from '../src/jobs/housekeeping.js';
import { createAdmin, createSession } from '../src/modules/admins/service.js';
import { IDEMPOTENCY_WINDOW_MS } from '../src/modules/payments/idempotency.js';
import { addDays, today } from '../src/lib/dates.js';

for (const dialect of dialects) {
  test(`${dialect}: housekeeping deletes idempotency records past 24 h and ended sessions, and keeps the rest`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const now = Date.now();
      const { id: apiKeyId } = await seedKey(t);
      const record = (key: string, created_at: number) => ({
        api_key_id: apiKeyId,
        idempotency_key: key,
        request_digest: 'd',
        state: 'done' as const,
        response_status: 200,
        response_body: '{}',
        created_at,
      });
      await t.db
        .insertInto('idempotency_keys')
        .values([record('old', now - IDEMPOTENCY_WINDOW_MS - 1), record('fresh', now - 1000)])
        .execute();
      const admin = await createAdmin(t.db, { email: 'a@example.com', password: 'long enough pw' });
      await createSession(t.db, admin, null);
      await t.db
        .insertInto('sessions')
        .values({
          token_digest: 'ended',
          admin_id: admin.id,
          csrf_token: 'x',
          created_at: now - 2,
          expires_at: now - 1,
          ip: null,
          id: 'ses_ended',
          last_active_at: now - 2,
        })
        .execute();

      const usage = (date: string) => ({ key_id: apiKeyId, date, outcome: 'ok' as const, count: 1 });
      await t.db
        .insertInto('api_key_usage')
        .values([usage(addDays(today('UTC', now), -92)), usage(addDays(today('UTC', now), -89))])
        .execute();

      const result = await createHousekeeping({ db: t.db, log: { warn() {} } }).runOnce(now);
      assert.deepEqual(result, { idempotencyKeys: 1, sessions: 1, usageRows: 1 });
      assert.equal((await t.db.selectFrom('api_key_usage').select('date').execute()).length, 1, 'usage within 90 days stays');
      const keys = await t.db.selectFrom('idempotency_keys').select('idempotency_key').execute();
      assert.deepEqual(
        keys.map((k) => k.idempotency_key),
        ['fresh'],
      );
      assert.equal((await t.db.selectFrom('sessions').select('token_digest').execute()).length, 1, 'the live session stays');
    } finally {
      await t.close();
    }
  });
}
