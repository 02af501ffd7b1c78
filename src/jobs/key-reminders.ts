import { createTransport, type Transporter } from 'nodemailer';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import { toDayMonthYear } from '../lib/dates.js';
import { listAdminEmails } from '../modules/admins/service.js';
import { claimReminder, releaseReminder, reminderCandidates, type DueReminder } from '../modules/api-keys/reminders.js';
import { loop, type JobLog } from './loop.js';

export { dueThreshold } from '../modules/api-keys/reminders.js';

type Log = JobLog & { info(obj: object, msg: string): void };

/**
 * Expiry reminders: at start and hourly, finds keys whose expiry is 7 days or 1 day away (calendar dates in the brand's
 * time zone) and emails every administrator once per key, threshold and expiry date. The reminder row is written
 * before sending (its primary key makes it once, also with several instances) and removed again if sending fails, so
 * the next run retries. Without SMTP_URL nothing is sent or recorded.
 */
export function createKeyReminders({
  db,
  config,
  log,
  now = Date.now,
  intervalMs = 60 * 60_000,
}: {
  db: Db;
  config: Config;
  log: Log;
  now?: () => number;
  intervalMs?: number;
}) {
  const transport: Transporter | null = config.smtpUrl ? createTransport(config.smtpUrl) : null;

  async function runOnce(at = now()): Promise<number> {
    if (!transport) return 0;
    let sent = 0;
    for (const key of await reminderCandidates(db)) {
      const reminder = await claimReminder(db, key, at);
      if (!reminder) continue;
      const admins = await listAdminEmails(db);
      if (admins.length === 0) continue;
      try {
        await transport.sendMail({ from: config.smtpFrom, to: admins.map((a) => a.email), ...reminderEmail(reminder, config.publicUrl) });
        sent++;
        log.info({ apiKeyId: reminder.id, threshold: reminder.threshold.id }, 'API key expiry reminder sent');
      } catch (err) {
        await releaseReminder(db, reminder, at);
        log.warn(
          { apiKeyId: reminder.id, err: { name: (err as Error).name, message: (err as Error).message } },
          'could not send an API key expiry reminder; retrying next run',
        );
      }
    }
    return sent;
  }

  const hourly = loop(() => runOnce(), { name: 'API key expiry reminders', intervalMs, runAtStart: true, log });
  return {
    runOnce,
    start() {
      if (transport) hourly.start();
      else log.info({}, 'SMTP_URL is not set: API key expiry reminders are not emailed (the dashboard still shows them)');
    },
    /** Waits for the run in flight, then closes the mail connection. */
    async stop() {
      await hourly.stop();
      transport?.close();
    },
  };
}

function reminderEmail(key: DueReminder, publicUrl: string): { subject: string; text: string } {
  const when = key.threshold.days === 1 ? 'tomorrow' : `in ${key.threshold.days} days`;
  const lastDay = toDayMonthYear(key.expires_on);
  return {
    subject: `API key "${key.name}" of ${key.brand_name} expires ${when}`,
    text: [
      `The API key "${key.name}" (${key.hint}) of the brand ${key.brand_name} works through ${lastDay} (${key.timezone}) and is refused from the next day.`,
      '',
      'To keep the shop working, roll the key (a new key with the same settings; the old one keeps working during a grace period)',
      'and put the new key into the shop, or extend its expiry date:',
      `${publicUrl}/admin/brands/${key.slug}/settings/api`,
    ].join('\n'),
  };
}
