import { Command } from 'commander';
import { cliActor, type CliCommand } from './context.js';

/** What the SMS commands use, loaded when one runs. */
const load = async () => ({
  ...(await import('../modules/sms/service.js')),
  ...(await import('../modules/brands/service.js')),
  ...(await import('../lib/validation.js')),
});

type AddFlags = { brand: string; from: string; text: string; wallet?: string; json?: boolean };

/** `duar sms add` */
export const smsCommand: CliCommand = (cli) => {
  const sms = new Command('sms').description('wallet SMS');
  sms
    .command('add')
    .description('take in an SMS by hand (as the device endpoint does)')
    .requiredOption('--brand <slug>')
    .requiredOption('--from <sender>', 'the sender as the phone shows it (bKash, NAGAD, 16216, upay)')
    .requiredOption('--text <text>', 'the message')
    .option('--wallet <wallet>', 'the wallet it counts for (default: manual)')
    .option('--json', 'print JSON')
    .action((opts: AddFlags) =>
      cli.withDb(async (db) => {
        const m = await load();
        const brand = await m.getBrand(db, opts.brand);
        const input = m.parseInput(m.pasteSmsInput, { from: opts.from, text: opts.text, ...(opts.wallet !== undefined && { wallet: opts.wallet }) });
        const result = await m.addSmsByHand(db, brand, input, cliActor(), 'cli');
        if (opts.json) return cli.out(JSON.stringify(result, null, 2));
        cli.out(
          [result.status, result.reason, result.provider, result.trx_id, result.sms_id, result.invoice_id && `completed ${result.invoice_id}`]
            .filter(Boolean)
            .join('  '),
        );
      }),
    );
  return sms;
};
