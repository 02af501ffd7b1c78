import { Command } from 'commander';
import { cliActor, type CliCommand } from './context.js';

type CreateFlags = { slug: string; name: string; timezone?: string; currency?: string; domain?: string; json?: boolean };

/** `duar brands list|create` */
export const brandsCommand: CliCommand = (cli) => {
  const brands = new Command('brands').description('brands (shops) served by this installation');
  const load = () => import('../modules/brands/service.js');
  brands
    .command('list')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      cli.withDb(async (db) => {
        const { brandView, listBrands } = await load();
        const list = (await listBrands(db)).map(brandView);
        cli.out(
          opts.json
            ? JSON.stringify(list, null, 2)
            : list.map((b) => `${b.slug}  ${b.name}  ${b.timezone}  ${b.currency}${b.domain ? `  ${b.domain}` : ''}`).join('\n'),
        );
      }),
    );
  brands
    .command('create')
    .requiredOption('--slug <slug>', 'the brand in URLs: /<slug>/api/…')
    .requiredOption('--name <name>')
    .option('--timezone <tz>', 'IANA time zone (default Asia/Dhaka)')
    .option('--currency <code>')
    .option('--domain <host>', 'a host name that addresses this brand without the slug')
    .option('--json', 'print JSON')
    .action((opts: CreateFlags) =>
      cli.withDb(async (db) => {
        const [{ brandView, createBrand, createBrandInput }, { parseInput }] = await Promise.all([load(), import('../lib/validation.js')]);
        const input = parseInput(createBrandInput, {
          slug: opts.slug,
          name: opts.name,
          ...(opts.timezone !== undefined && { timezone: opts.timezone }),
          ...(opts.currency !== undefined && { currency: opts.currency }),
          ...(opts.domain !== undefined && { domain: opts.domain }),
        });
        const brand = brandView(await createBrand(db, input, cliActor()));
        cli.out(opts.json ? JSON.stringify(brand, null, 2) : `Created brand ${brand.slug} (${brand.id})`);
      }),
    );
  return brands;
};
