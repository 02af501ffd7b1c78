import { createTransport, type Transporter } from 'nodemailer';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import { addDays, today, toDayMonthYear } from '../lib/dates.js';

type Log = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };

/** Days before expiry at which every administrator is emailed; a missed one is caught up (the most urgent only). */
export const REMINDER_THRESHOLDS = [
  { id: '7d', days: 7 },
  { id: '1d', days: 1 },
] as const;

/** Pure: which threshold is due for a key whose last valid day is `expiresOn`, on `todayDate` (both brand time zone). */
export function dueThreshold(expiresOn: string, todayDate: string): (typeof REMINDER_THRESHOLDS)[number] | null {
  if (expiresOn < todayDate) return null;
  const due = REMINDER_THRESHOLDS.filter((t) => addDays(todayDate, t.days) >= expiresOn);
  return due.length ? due[due.length - 1]! : null;
}

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
  let timer: NodeJS.Timeout | null = null;
  const transport: Transporter | null = config.smtpUrl ? createTransport(config.smtpUrl) : null;

  async function runOnce(at = now()): Promise<number> {
    if (!transport) return 0;
    const keys = await db
      .selectFrom('api_keys')
      .innerJoin('brands', 'brands.id', 'api_keys.brand_id')
      .select(['api_keys.id', 'api_keys.name', 'api_keys.hint', 'api_keys.expires_on', 'brands.name as brand_name', 'brands.slug', 'brands.timezone'])
      .where('api_keys.expires_on', 'is not', null)
      .where('api_keys.is_active', '=', 1)
      .where('api_keys.rolled_to_id', 'is', null)
      .execute();
    let sent = 0;
    for (const key of keys) {
      const threshold = dueThreshold(key.expires_on!, today(key.timezone, at));
      if (!threshold) continue;
      // Lesser thresholds that were missed are covered by this one: one email, not two at once.
      const covered = REMINDER_THRESHOLDS.filter((t) => t.days >= threshold.days);
      const inserted = await db
        .insertInto('api_key_reminders')
        .values(covered.map((t) => ({ key_id: key.id, threshold: t.id, expires_on: key.expires_on!, sent_at: at })))
        .onConflict((oc) => oc.columns(['key_id', 'threshold', 'expires_on']).doNothing())
        .returning('threshold')
        .execute();
      if (!inserted.some((r) => r.threshold === threshold.id)) continue;
      const admins = await db.selectFrom('admins').select('email').execute();
      if (admins.length === 0) continue;
      const when = threshold.days === 1 ? 'tomorrow' : `in ${threshold.days} days`;
      const lastDay = toDayMonthYear(key.expires_on!);
      try {
        await transport.sendMail({
          from: config.smtpFrom,
          to: admins.map((a) => a.email),
          subject: `API key "${key.name}" of ${key.brand_name} expires ${when}`,
          text: [
            `The API key "${key.name}" (${key.hint}) of the brand ${key.brand_name} works through ${lastDay} (${key.timezone}) and is refused from the next day.`,
            '',
            'To keep the shop working, roll the key (a new key with the same settings; the old one keeps working during a grace period)',
            'and put the new key into the shop, or extend its expiry date:',
            `${config.publicUrl}/admin/brands/${key.slug}/settings/api`,
          ].join('\n'),
        });
        sent++;
        log.info({ apiKeyId: key.id, threshold: threshold.id }, 'API key expiry reminder sent');
      } catch (err) {
        await db.deleteFrom('api_key_reminders').where('key_id', '=', key.id).where('expires_on', '=', key.expires_on!).where('sent_at', '=', at).execute();
        log.warn({ apiKeyId: key.id, err: { name: (err as Error).name, message: (err as Error).message } }, 'could not send an API key expiry reminder; retrying next run');
      }
    }
    return sent;
  }

  return {
    runOnce,
    start() {
      if (!transport) {
        log.info({}, 'SMTP_URL is not set: API key expiry reminders are not emailed (the dashboard still shows them)');
        return;
      }
      const run = () => void runOnce().catch((err) => log.warn({ err }, 'API key expiry reminders failed'));
      run();
      timer = setInterval(run, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      transport?.close();
    },
  };
}
