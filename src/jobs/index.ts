import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { Loop } from './loop.js';
import { createRecovery } from './recovery.js';
import { createWebhookWorker } from './webhook-worker.js';
import { createHousekeeping } from './housekeeping.js';
import { createSmsSweep } from './sms-sweep.js';
import { createKeyReminders } from './key-reminders.js';
import { createAlertWorker } from './alert-worker.js';
import { createAlertScan } from './alert-scan.js';
import { createScheduledBackups } from './backups.js';
import { createInvoiceEmails } from './invoice-emails.js';
import { createWalCheckpoints } from './wal-checkpoints.js';

export type JobDeps = { db: Db; config: Config; appKey: Buffer; log: FastifyBaseLogger };

/**
 * Every background job of a serving process, one a line. Each runs on `loop()` (./loop.ts): a new job is a factory
 * returning a `Loop`, added to this list; `serve()` starts them together and stops them together on shutdown.
 */
export function backgroundJobs({ db, config, appKey, log }: JobDeps) {
  const recovery = createRecovery({ db, log: log.child({ component: 'recovery' }) });
  const jobs: Loop[] = [
    recovery,
    createWebhookWorker({ db, config, appKey, log: log.child({ component: 'webhook-worker' }) }),
    createHousekeeping({ db, log }),
    createSmsSweep({ db, log }),
    createKeyReminders({ db, config, log: log.child({ component: 'key-reminders' }) }),
    createAlertWorker({ db, config, appKey, log: log.child({ component: 'alert-worker' }) }),
    createAlertScan({ db, log: log.child({ component: 'alert-scan' }) }),
    createScheduledBackups({ config, log: log.child({ component: 'backups' }) }),
    createInvoiceEmails({ db, config, log: log.child({ component: 'invoice-emails' }) }),
    createWalCheckpoints({ db, log: log.child({ component: 'wal-checkpoints' }) }),
  ].filter((job) => job !== null);
  return {
    /** Settles what a crash of the previous run left half-done; `serve()` awaits it before taking requests. */
    recover: () => recovery.runOnce(),
    start: () => {
      for (const job of jobs) job.start();
    },
    /** Resolves once every job's run in flight has ended. */
    stop: async () => {
      await Promise.all(jobs.map((job) => job.stop()));
    },
  };
}
