import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { Actor } from '../modules/audit/audit.js';

/**
 * What every `duar` command is built with. Commands import their modules inside their action (`await import(…)`), so
 * `duar keys list` loads the key service and the database, not the HTTP server, the mailer or the password hasher.
 */

/** Where the CLI reads settings from and writes to: the process's own, or a test's. */
export type CliIo = { env: Record<string, string | undefined>; stdout: (text: string) => void; stderr: (text: string) => void };

/** Misuse the parser cannot see (two flags that exclude each other): printed like the parser's own errors, exit code 2. */
export class UsageError extends Error {}

/** A command that cannot do what was asked and says why and what to do: printed as `error: <message>`, exit code 1. */
export class Refused extends Error {}

export type Cli = {
  io: CliIo;
  /** Prints `text` and a line break on stdout. */
  out(text: string): void;
  /** The settings from `io.env`, parsed once. */
  config(): Promise<Config>;
  /** Runs `fn` on the database (migrated, default brand present) and closes it afterwards. */
  withDb<T>(fn: (db: Db, config: Config) => Promise<T>): Promise<T>;
};

/** One command (with its subcommands): a file in src/cli/ exporting one of these, registered one a line in src/cli.ts. */
export type CliCommand = (cli: Cli) => Command;

export function createCli(io: CliIo): Cli {
  let config: Promise<Config> | null = null;
  const cli: Cli = {
    io,
    out: (text) => io.stdout(`${text}\n`),
    config: () => {
      config ??= import('../config/index.js').then(({ loadConfig }) => loadConfig(io.env));
      return config;
    },
    async withDb(fn) {
      const [settings, { openDatabase }] = await Promise.all([cli.config(), import('../db/open.js')]);
      const db = await openDatabase(settings);
      try {
        return await fn(db, settings);
      } finally {
        await db.destroy();
      }
    },
  };
  return cli;
}

/** Who the audit log names for what a command changes. */
export const cliActor = (): Actor => ({ label: `cli (${userInfo().username})`, ip: null });

/** `a,b , c` → `['a', 'b', 'c']`; undefined stays undefined (the flag was not given). */
export const commaList = (value: string | undefined) =>
  value
    ?.split(',')
    .map((a) => a.trim())
    .filter(Boolean);
