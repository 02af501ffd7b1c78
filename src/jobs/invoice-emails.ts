import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import { claimEmail, composeEmail, dueEmails, recordEmailSent, releaseEmail } from '../modules/invoices/reminders.js';
import { createMailer } from '../modules/mail/mailer.js';
import { loop, type JobLog } from './loop.js';

type Log = JobLog & { info(obj: object, msg: string): void };

/**
 * Invoice reminders and receipts (modules/invoices/reminders.ts), every minute so a receipt follows its payment
 * closely: each due email is claimed by its row, sent through SMTP_URL, then audited; a failed send gives the claim back
 * and the next run retries. Without SMTP_URL nothing is sent or recorded.
 */
export function createInvoiceEmails({
  db,
  config,
  log,
  now = Date.now,
  intervalMs = 60_000,
}: {
  db: Db;
  config: Config;
  log: Log;
  now?: () => number;
  intervalMs?: number;
}) {
  const mailer = createMailer(config);

  /** Sends what is due at `at`; answers how many emails went out. */
  async function runOnce(at = now(), signal?: AbortSignal): Promise<number> {
    if (!mailer) return 0;
    let sent = 0;
    for (const email of await dueEmails(db, at)) {
      if (signal?.aborted) break;
      if (!(await claimEmail(db, email))) continue;
      try {
        await mailer.send(composeEmail(email, config.publicUrl));
      } catch (err) {
        await releaseEmail(db, email);
        log.warn(
          { invoiceId: email.invoice.id, kind: email.kind, err: { name: (err as Error).name, message: (err as Error).message } },
          'could not send an invoice email; retrying next run',
        );
        continue;
      }
      await recordEmailSent(db, email);
      sent++;
      log.info({ invoiceId: email.invoice.id, kind: email.kind }, 'invoice email sent');
    }
    return sent;
  }

  const job = loop((signal) => runOnce(now(), signal), { name: 'invoice emails', intervalMs, runAtStart: true, log });
  return {
    runOnce,
    start() {
      if (mailer) job.start();
      else log.info({}, 'SMTP_URL is not set: invoice reminders and receipts are not emailed');
    },
    /** Waits for the run in flight, then closes the mail connection. */
    async stop() {
      await job.stop();
      mailer?.close();
    },
  };
}
