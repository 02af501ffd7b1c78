import type { Config } from './config/index.js';
import { loadAppKey } from './config/app-key.js';
import { secureDataDir } from './config/data-dir.js';
import { createDb, type Db } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { buildApp } from './app.js';
import { ensureDefaultBrand } from './modules/brands/service.js';
import { countAdmins, issueSetupToken } from './modules/admins/service.js';
import { createHousekeeping } from './jobs/housekeeping.js';
import { createRecovery } from './jobs/recovery.js';
import { createWebhookWorker } from './jobs/webhook-worker.js';
import { createSmsSweep } from './jobs/sms-sweep.js';
import { createKeyReminders } from './jobs/key-reminders.js';

/** Opens the database, brings its schema up to date and makes sure a fresh install has its default brand. */
export async function openDatabase(config: Config): Promise<Db> {
  const db = createDb(config.database);
  await migrateToLatest(db);
  await ensureDefaultBrand(db);
  return db;
}

/** Process entry: config → db → buildApp → listen → graceful shutdown. */
export async function serve(config: Config): Promise<void> {
  const db = await openDatabase(config);
  const appKey = loadAppKey(config);
  const app = await buildApp({ config, db, appKey });
  // Before taking requests: settle what a crash of the previous run left half-done (jobs/recovery.ts).
  const recovery = createRecovery({ db, log: app.log.child({ component: 'recovery' }) });
  await recovery.runOnce();
  recovery.start();
  await app.listen({ port: config.port, host: config.host });
  const webhookWorker = createWebhookWorker({ db, config, appKey, log: app.log.child({ component: 'webhook-worker' }) });
  webhookWorker.start();
  const housekeeping = createHousekeeping({ db, log: app.log });
  housekeeping.start();
  const smsSweep = createSmsSweep({ db, log: app.log });
  smsSweep.start();
  const reminders = createKeyReminders({ db, config, log: app.log.child({ component: 'key-reminders' }) });
  reminders.start();

  const lines = [`Duar is running. Dashboard: ${config.publicUrl}/admin/`, ...secureDataDir(config)];
  if ((await countAdmins(db)) === 0) {
    const token = await issueSetupToken(db);
    lines.push(
      'No administrator exists yet. Open the dashboard and create the first one with this one-time setup token:',
      `    ${token}`,
      '(or run: DUAR_ADMIN_PASSWORD=... npx duar admin create --email you@example.com)',
      'To try a checkout without money, create a test key (Mode: Test) in Brand Settings → API Settings: only its checkouts offer Sandbox.',
    );
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    housekeeping.stop();
    recovery.stop();
    smsSweep.stop();
    reminders.stop();
    await webhookWorker.stop();
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
