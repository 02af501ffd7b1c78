import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { startSmtp } from '../smtp.js';
import { buildTestApp, seedKey, signedInAdmin } from '../harness.js';
import { createKeyReminders, dueThreshold } from '../../src/jobs/key-reminders.js';
import { addDays, startOfDay, today, toDayMonthYear } from '../../src/lib/dates.js';

test('dueThreshold: 7 days and 1 day before the last valid day, the most urgent when one was missed', () => {
  assert.equal(dueThreshold('2026-12-10', '2026-12-02'), null);
  assert.equal(dueThreshold('2026-12-10', '2026-12-03')?.id, '7d');
  assert.equal(dueThreshold('2026-12-10', '2026-12-08')?.id, '7d');
  assert.equal(dueThreshold('2026-12-10', '2026-12-09')?.id, '1d');
  assert.equal(dueThreshold('2026-12-10', '2026-12-10')?.id, '1d');
  assert.equal(dueThreshold('2026-12-10', '2026-12-11'), null, 'already expired');
});

for (const dialect of dialects) {
  test(`${dialect}: expiry reminders reach every administrator by email once per key and threshold`, async () => {
    const smtp = await startSmtp();
    const t = await buildTestApp(dialect, { SMTP_URL: smtp.url });
    // Noon in the brand's time zone, so calendar days are unambiguous.
    const day0 = today('Asia/Dhaka');
    const noon = startOfDay(day0, 'Asia/Dhaka') + 12 * 3600_000;
    const reminders = createKeyReminders({ db: t.db, config: t.config, log: t.app.log });
    try {
      const a = await signedInAdmin(t, 'owner@example.com');
      const b = await signedInAdmin(t, 'ops@example.com');
      assert.ok(a && b);
      await seedKey(t, { name: 'Week key', expires_at: addDays(day0, 7) });
      await seedKey(t, { name: 'Far key', expires_at: addDays(day0, 30) });
      await seedKey(t, { name: 'No expiry' });

      assert.equal(await reminders.runOnce(noon), 1);
      assert.equal(smtp.mails.length, 1);
      assert.deepEqual(smtp.mails[0]!.to.sort(), ['ops@example.com', 'owner@example.com']);
      assert.match(smtp.mails[0]!.body, /Week key/);
      assert.match(smtp.mails[0]!.body, new RegExp(toDayMonthYear(addDays(day0, 7)).replace(/\//g, '\\/')));
      assert.doesNotMatch(smtp.mails[0]!.body, /duar_[0-9A-Za-z]{16}_[0-9A-Za-z]{6}/, 'never the key itself');

      assert.equal(await reminders.runOnce(noon + 3600_000), 0, 'an hour later: nothing new');
      assert.equal(await reminders.runOnce(noon + 3 * 86_400_000), 0, 'between thresholds: nothing');
      assert.equal(await reminders.runOnce(noon + 6 * 86_400_000), 1, 'one day before: the second reminder');
      assert.match(smtp.mails[1]!.body, /Week key/);
      assert.match(smtp.mails[1]!.body, /expires.tomorrow/);
      assert.equal(await reminders.runOnce(noon + 6 * 86_400_000 + 3600_000), 0);
      // Missed thresholds are caught up: a key first seen one day before expiry gets the one-day reminder only.
      await seedKey(t, { name: 'Late key', expires_at: addDays(day0, 7) });
      assert.equal(await reminders.runOnce(noon + 6 * 86_400_000 + 7200_000), 1);
      assert.match(smtp.mails[2]!.body, /Late key/);
      assert.equal(smtp.mails.length, 3);
      assert.equal((await t.db.selectFrom('api_key_reminders').select('key_id').execute()).length, 4, '7d + 1d for each reminded key');
    } finally {
      reminders.stop();
      await t.close();
      await smtp.close();
    }
  });

  test(`${dialect}: without SMTP_URL no email is sent and start says so`, async () => {
    const t = await buildTestApp(dialect);
    const lines: string[] = [];
    const reminders = createKeyReminders({ db: t.db, config: t.config, log: { info: (_o, m) => lines.push(m), warn: (_o, m) => lines.push(m) } });
    try {
      await seedKey(t, { name: 'Week key', expires_at: addDays(today('Asia/Dhaka'), 1) });
      reminders.start();
      assert.ok(
        lines.some((l) => /SMTP_URL is not set/.test(l)),
        lines.join('\n'),
      );
      assert.equal(await reminders.runOnce(), 0);
      assert.equal((await t.db.selectFrom('api_key_reminders').select('key_id').execute()).length, 0);
    } finally {
      reminders.stop();
      await t.close();
    }
  });
}
