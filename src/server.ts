import { setFlagsFromString } from 'node:v8';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/index.js';
import { loadAppKey } from './config/app-key.js';
import { secureDataDir } from './config/data-dir.js';
import { openDatabase } from './db/open.js';
import { buildApp, loggerOptions } from './app.js';
import { countAdmins, issueSetupToken } from './modules/admins/service.js';
import { backgroundJobs } from './jobs/index.js';
import { stdoutLog } from './stdout-log.js';

/** How long requests in flight at SIGTERM may take to finish before their connections are cut. */
const REQUEST_GRACE_MS = 10_000;
/**
 * The whole stop, after which the process exits with 1 whatever is still open: the requests' 10 s, then the jobs' runs
 * in flight (an IPN attempt is bounded by 10 s), the usage flush and the database. Below the 30 s most supervisors
 * (Kubernetes, Docker) wait before SIGKILL; systemd waits 90 s.
 */
const SHUTDOWN_DEADLINE_MS = 25_000;
/** How long the last log lines may take to drain from stdout before the process exits without them. */
const LOG_DRAIN_MS = 2_000;

export { openDatabase } from './db/open.js';

/**
 * How far V8 lets the old generation grow past what the last full collection kept, in percent. V8's own choice goes up
 * to 4× when the program allocates fast, as every busy server does: under checkout load the process peaked at 210–260 MB
 * resident. 1.2× kept it near 170 MB at the same requests a second (docs/decisions/047-heap-growth.md).
 */
const HEAP_GROWING_PERCENT = 20;

/** The V8 flag serve() sets, unless the operator started Node with a heap growth of their own (`node --heap-growing-percent=…`). */
export function heapGrowthFlag(execArgv: readonly string[]): string | undefined {
  return execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg)) ? undefined : `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/** Process entry: config → db → buildApp → listen → graceful shutdown (docs/decisions/070-job-loop-and-shutdown.md). */
export async function serve(config: Config): Promise<void> {
  // V8 reads this flag at every full collection, so setting it now takes effect (checked: bench/run.ts's RSS column).
  const heapGrowth = heapGrowthFlag(process.execArgv);
  if (heapGrowth) setFlagsFromString(heapGrowth);
  const stdout = stdoutLog();
  const db = await openDatabase(config);
  const appKey = loadAppKey(config);
  const app = await buildApp({ config, db, appKey, logger: { ...loggerOptions(config.logLevel), stream: stdout.stream } });
  const jobs = backgroundJobs({ db, config, appKey, log: app.log });
  // Fastify runs onClose hooks last registered first, after the HTTP server has closed: so the jobs stop once the
  // requests in flight are answered, and before the app's own hooks flush the usage counts and close Redis (app.ts).
  app.addHook('onClose', () => jobs.stop());
  // Before taking requests: settle what a crash of the previous run left half-done (jobs/recovery.ts).
  await jobs.recover();
  await app.listen({ port: config.port, host: config.host });
  jobs.start();

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
  stdout.stream.write(`\n${lines.join('\n')}\n\n`);

  // SIGTERM, SIGINT (and an uncaught error, which then exits with 1): the ordered stop, within SHUTDOWN_DEADLINE_MS.
  closeWithGrace(
    {
      delay: SHUTDOWN_DEADLINE_MS,
      logger: { error: (message: unknown) => app.log.error(message) },
      onTimeout: () => app.log.error(`the shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting`),
    },
    async ({ signal, err }) => {
      if (err) app.log.error({ err }, 'stopping after an unexpected error');
      else app.log.info({ signal }, 'shutting down');
      await closeApp(app);
      await db.destroy();
      app.log.info('stopped');
      await stdout.close(LOG_DRAIN_MS);
    },
  );
}

/**
 * Stops accepting connections, answers what arrives on open ones with 503 (http/plugins/closing.ts), waits for the
 * requests in flight and cuts the connections still busy after REQUEST_GRACE_MS; then the onClose hooks stop the jobs,
 * flush the usage counts and close Redis (and the mail connection, with the job that sends mail).
 */
async function closeApp(app: FastifyInstance): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), REQUEST_GRACE_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}
