import { createInterface } from 'node:readline';
import { Command } from 'commander';
import type { CliCommand, CliIo } from './context.js';

/** `duar admin create|setup-token` */
export const adminCommand: CliCommand = (cli) => {
  const admin = new Command('admin').description('administrators of the dashboard');
  admin
    .command('create')
    .description('create an administrator, owner of every brand (password from DUAR_ADMIN_PASSWORD or a prompt)')
    .requiredOption('--email <email>', 'their sign-in email')
    .action((opts: { email: string }) =>
      cli.withDb(async (db) => {
        const [{ createAdmin, email, password }, { parseInput }, { ownEveryBrand }] = await Promise.all([
          import('../modules/admins/service.js'),
          import('../lib/validation.js'),
          import('../modules/team/service.js'),
        ]);
        const created = await createAdmin(db, { email: parseInput(email, opts.email), password: parseInput(password, await readPassword(cli.io)) });
        // Whoever runs the CLI holds the installation: the administrator they create owns every brand that exists now.
        await ownEveryBrand(db, created.id);
        cli.out(`Created administrator ${created.email} (${created.id}), owner of every brand`);
      }),
    );
  admin
    .command('setup-token')
    .description('print a new one-time setup token for the dashboard')
    .action(() =>
      cli.withDb(async (db) => {
        const { issueSetupToken } = await import('../modules/admins/service.js');
        cli.out(`One-time setup token: ${await issueSetupToken(db)}`);
      }),
    );
  return admin;
};

/** The password from DUAR_ADMIN_PASSWORD, else asked for without echo. */
export async function readPassword(io: CliIo): Promise<string> {
  const fromEnv = io.env.DUAR_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    // Do not echo the password as it is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
      if (s.startsWith('Password')) process.stdout.write(s);
    };
  }
  const answer = await new Promise<string>((resolve) => rl.question('Password: ', resolve));
  rl.close();
  if (process.stdin.isTTY) process.stdout.write('\n');
  return answer;
}
