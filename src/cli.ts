import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { createCli, Refused, UsageError, type CliIo } from './cli/context.js';
import { serveCommand } from './cli/serve.js';
import { migrateCommand } from './cli/migrate.js';
import { adminCommand } from './cli/admin.js';
import { brandsCommand } from './cli/brands.js';
import { keysCommand } from './cli/keys.js';
import { devicesCommand } from './cli/devices.js';
import { smsCommand } from './cli/sms.js';
import { backupCommand } from './cli/backup.js';
import { restoreCommand } from './cli/restore.js';
import { currenciesCommand } from './cli/currencies.js';
import { teamCommand } from './cli/team.js';
import { linksCommand } from './cli/links.js';
import { invoicesCommand } from './cli/invoices.js';

export type { CliIo } from './cli/context.js';

/** Every `duar` command, one a line: a new one is a file in src/cli/ exporting a CliCommand. */
const COMMANDS = [
  serveCommand,
  migrateCommand,
  adminCommand,
  brandsCommand,
  keysCommand,
  devicesCommand,
  smsCommand,
  backupCommand,
  restoreCommand,
  currenciesCommand,
  teamCommand,
  linksCommand,
  invoicesCommand,
];

const processIo: CliIo = { env: process.env, stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };

/** Exit codes: 0 done, 1 refused or failed (the message says why), 2 misused (unknown command, missing or bad flag). */
const USAGE_ERROR = 2;

function program(io: CliIo): Command {
  const cli = createCli(io);
  const duar = new Command('duar')
    .usage('<command>')
    .addHelpText('after', '\nSettings come from the environment (see .env.example).')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const command of COMMANDS) duar.addCommand(command(cli));
  // Every subcommand prints its errors and help the same way, through `io`, and reports instead of exiting.
  for (const command of duar.commands.flatMap((c) => [c, ...c.commands])) {
    command.showHelpAfterError().exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
  return duar;
}

/** Runs one `duar` command; resolves with the exit code (never, for `serve`, which runs until a signal). */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const duar = program(io);
  try {
    await duar.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // The parser has printed its message (and the help); `--help` asked for is not an error.
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : USAGE_ERROR;
    }
    if (err instanceof UsageError) {
      io.stderr(`error: ${err.message}\n`);
      return USAGE_ERROR;
    }
    if (err instanceof Refused) {
      io.stderr(`error: ${err.message}\n`);
      return 1;
    }
    const [{ DuarError }, { ConfigError }] = await Promise.all([import('./lib/errors.js'), import('./config/index.js')]);
    if (err instanceof DuarError) io.stderr(`error: ${err.message} (${err.code})\n`);
    else if (err instanceof ConfigError) io.stderr(`error: ${err.message}\n`);
    else io.stderr(`error: ${(err as Error).stack ?? err}\n`);
    return 1;
  }
}

// Run when executed directly (`tsx src/cli.ts …`); bin/duar.js imports runCli instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
