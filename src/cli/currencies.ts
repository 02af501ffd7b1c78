import { Command } from 'commander';
import { cliActor, type CliCommand } from './context.js';

type ListFlags = { brand: string; json?: boolean };

/** What the currency commands use, loaded when one runs. */
const load = async () => ({
  ...(await import('../modules/currencies/service.js')),
  ...(await import('../modules/brands/service.js')),
  ...(await import('../lib/validation.js')),
});

/** `duar currencies list|set|remove`: Brand Settings → Currencies, the BDT per unit of each currency a checkout may name. */
export const currenciesCommand: CliCommand = (cli) => {
  const currencies = new Command('currencies').description('rates of the currencies a brand takes besides BDT (BDT per unit)');
  currencies
    .command('list')
    .requiredOption('--brand <slug>')
    .option('--json', 'print JSON')
    .action((opts: ListFlags) =>
      cli.withDb(async (db) => {
        const m = await load();
        const list = await m.listRateViews(db, await m.getBrand(db, opts.brand));
        if (opts.json) return cli.out(JSON.stringify(list, null, 2));
        cli.out(
          list.length ? list.map((r) => `${r.currency}  1 ${r.currency} = ${r.rate} BDT  updated ${r.updated_at}`).join('\n') : 'No currencies besides BDT',
        );
      }),
    );
  currencies
    .command('set')
    .argument('<currency>', 'ISO 4217 code, e.g. USD')
    .argument('<rate>', 'BDT per one unit, up to 4 decimals, e.g. 122.50')
    .requiredOption('--brand <slug>')
    .option('--json', 'print JSON')
    .action((currency: string, rate: string, opts: ListFlags) =>
      cli.withDb(async (db) => {
        const m = await load();
        const brand = await m.getBrand(db, opts.brand);
        const view = await m.setRate(db, brand, m.parseInput(m.setRateInput, { currency, rate }, m.currencyFormLabels), cliActor());
        cli.out(opts.json ? JSON.stringify(view, null, 2) : `1 ${view.currency} = ${view.rate} BDT for brand ${brand.slug}`);
      }),
    );
  currencies
    .command('remove')
    .argument('<currency>')
    .requiredOption('--brand <slug>')
    .action((currency: string, opts: { brand: string }) =>
      cli.withDb(async (db) => {
        const m = await load();
        const brand = await m.getBrand(db, opts.brand);
        await m.deleteRate(db, brand, currency, cliActor());
        cli.out(`Removed ${currency.trim().toUpperCase()} from brand ${brand.slug}: checkouts in it are refused again`);
      }),
    );
  return currencies;
};
