import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../src/config/index.js';
import type { Ability } from '../src/modules/api-keys/abilities.js';
import { createApiKey } from '../src/modules/api-keys/service.js';
import { getBrand } from '../src/modules/brands/service.js';
import { openDatabase } from '../src/server.js';
import { freshDatabase, type TestDialect } from './dialects.js';

/** Real `duar serve` processes for the tests that signal them: the sources under test, through tsx (not dist/, which may be older). */
const CLI_SOURCE = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type ServerProcess = {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything it printed so far (stdout and stderr), while stdout is read. */
  output: () => string;
  /** Resolves once `text` has been printed. */
  printed: (text: string) => Promise<void>;
};

export function startServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_SOURCE, 'serve'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  const append = (chunk: Buffer) => {
    output += chunk;
    for (const w of waiting.filter((x) => output.includes(x.text))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    printed: (text) =>
      output.includes(text)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiting.push({ text, resolve })),
            exited.then((code) => {
              throw new Error(`duar serve exited with ${code} before printing "${text}":\n${output}`);
            }),
          ]),
  };
}

/** Resolves once the server prints its start banner (it prints it after it listens). */
export const running = (server: ServerProcess) => server.printed('Duar is running');

/** What the tests that start real servers share: a fresh database and data directory, a port, and a test-mode API key. */
export type ServerSetUp = {
  fresh: Awaited<ReturnType<typeof freshDatabase>>;
  appKey: Buffer;
  /** The environment every `duar serve` of the test starts with. */
  env: Record<string, string>;
  /** The same settings, for opening the database from the test while no server runs. */
  config: Config;
  origin: string;
  /** The test key's value, and its id. */
  apiKey: string;
  keyId: string;
};

/**
 * Sets up a real server's installation: the key is made while no server runs. `env` adds settings (or replaces
 * LOG_LEVEL, `warn` unless given); the caller drops `fresh` when done.
 */
export async function setUpServer(dialect: TestDialect, key: { name: string; abilities: Ability[] }, env: Record<string, string> = {}): Promise<ServerSetUp> {
  const fresh = await freshDatabase(dialect);
  const appKey = randomBytes(32);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const fullEnv: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: origin,
    DUAR_DATA_DIR: fresh.dataDir,
    DUAR_APP_KEY: appKey.toString('base64'),
    LOG_LEVEL: 'warn',
    ...(fresh.database.kind === 'postgres' ? { DATABASE_URL: fresh.database.url } : {}),
    ...env,
  };
  const config: Config = { ...loadConfig(fullEnv), database: fresh.database };
  const db = await openDatabase(config);
  try {
    const created = await createApiKey(db, appKey, await getBrand(db, 'default'), { ...key, is_active: true, mode: 'test' }, { label: 'test', ip: null });
    return { fresh, appKey, env: fullEnv, config, origin, apiKey: created.key, keyId: created.apiKey.id };
  } finally {
    await db.destroy();
  }
}
