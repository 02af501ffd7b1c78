import { Command } from 'commander';
import { cliActor, UsageError, type CliCommand } from './context.js';

type LinkFlags = {
  brand: string;
  json?: boolean;
  title?: string;
  description?: string;
  amount?: string;
  open?: boolean;
  min?: string;
  max?: string;
  quantity?: string;
  expires?: string;
  slug?: string;
  redirectUrl?: string;
  webhookUrl?: string;
  fields?: string;
  active?: boolean;
};

/** What the link commands use, loaded when one runs. */
const load = async () => ({
  ...(await import('../modules/links/service.js')),
  ...(await import('../modules/links/fields.js')),
  ...(await import('../modules/brands/service.js')),
  ...(await import('../lib/validation.js')),
});

/** The flags given, as the admin API's body (flags not given are left out, so an update changes only those). */
function body(opts: LinkFlags): Record<string, unknown> {
  let fields: unknown;
  if (opts.fields !== undefined) {
    try {
      fields = JSON.parse(opts.fields);
    } catch {
      throw new UsageError('--fields must be JSON, e.g. \'[{"label":"Size","type":"select","options":["S","M"],"required":true}]\'');
    }
  }
  const out: Record<string, unknown> = {
    title: opts.title,
    description: opts.description,
    amount_type: opts.open ? 'open' : opts.amount !== undefined ? 'fixed' : undefined,
    amount: opts.amount,
    min_amount: opts.min,
    max_amount: opts.max,
    quantity: opts.quantity,
    expires_at: opts.expires,
    slug: opts.slug,
    redirect_url: opts.redirectUrl,
    webhook_url: opts.webhookUrl,
    fields,
    active: opts.active,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

function linkOptions(command: Command): Command {
  return command
    .requiredOption('--brand <slug>')
    .option('--title <title>', '1–100 characters')
    .option('--description <text>', 'up to 1,000 characters')
    .option('--amount <amount>', 'a fixed price, e.g. 1250 or 1,250.50')
    .option('--open', 'the customer types the amount (within --min and --max)')
    .option('--min <amount>', 'an open link’s smallest amount (default 1.00)')
    .option('--max <amount>', 'an open link’s largest amount')
    .option('--quantity <n>', 'units in stock (blank = unlimited)')
    .option('--expires <dd/mm/yyyy>', 'last day it takes payments (blank = never)')
    .option('--slug <slug>', 'the last part of its URL')
    .option('--redirect-url <url>')
    .option('--webhook-url <url>')
    .option('--fields <json>', 'up to 5 questions: [{"label","type":"text|number|select","options","required"}]')
    .option('--json', 'print JSON');
}

type View = {
  id: string;
  slug: string;
  url: string;
  title: string;
  amount: string | null;
  amount_type: string;
  active: boolean;
  unavailable: string | null;
  stats: { payments: number; collected: string; remaining: number | null };
};

function line(v: View): string {
  const price = v.amount_type === 'fixed' ? `৳${v.amount}` : 'open amount';
  const state = v.unavailable ?? 'active';
  const stock = v.stats.remaining === null ? '' : `, ${v.stats.remaining} left`;
  return `${v.id}  ${v.url}  ${v.title} (${price}) ${state}: ${v.stats.payments} paid, ৳${v.stats.collected} collected${stock}`;
}

/** `duar links create|list|update|delete`: a brand's payment links, through the same service and labels as the admin API. */
export const linksCommand: CliCommand = (cli) => {
  const links = new Command('links').description('payment links: pages that take a payment without a website');
  links
    .command('list')
    .requiredOption('--brand <slug>')
    .option('--json', 'print JSON')
    .action((opts: LinkFlags) =>
      cli.withDb(async (db, config) => {
        const m = await load();
        const list = await m.listLinkViews(db, await m.getBrand(db, opts.brand), config.publicUrl, 1, 100);
        if (opts.json) return cli.out(JSON.stringify(list.links, null, 2));
        cli.out(list.links.length ? list.links.map(line).join('\n') : 'No payment links');
      }),
    );
  linkOptions(links.command('create').option('--inactive', 'create it switched off')).action((opts: LinkFlags & { inactive?: boolean }) =>
    cli.withDb(async (db, config) => {
      const m = await load();
      const brand = await m.getBrand(db, opts.brand);
      const input = m.parseInput(m.createLinkInput, { ...body(opts), ...(opts.inactive && { active: false }) }, m.linkFormLabels);
      const view = await m.createLink(db, brand, input, cliActor(), config.publicUrl);
      cli.out(opts.json ? JSON.stringify(view, null, 2) : line(view));
    }),
  );
  linkOptions(links.command('update').argument('<id>', 'plk_…'))
    .option('--active', 'take payments again')
    .option('--inactive', 'stop taking payments')
    .action((id: string, opts: LinkFlags & { inactive?: boolean }) =>
      cli.withDb(async (db, config) => {
        const m = await load();
        const brand = await m.getBrand(db, opts.brand);
        const input = m.parseInput(m.updateLinkInput, { ...body(opts), ...(opts.inactive && { active: false }) }, m.linkFormLabels);
        const view = await m.updateLink(db, brand, id, input, cliActor(), config.publicUrl);
        cli.out(opts.json ? JSON.stringify(view, null, 2) : line(view));
      }),
    );
  links
    .command('delete')
    .argument('<id>', 'plk_…')
    .requiredOption('--brand <slug>')
    .action((id: string, opts: { brand: string }) =>
      cli.withDb(async (db) => {
        const m = await load();
        await m.deleteLink(db, await m.getBrand(db, opts.brand), id, cliActor());
        cli.out(`Deleted payment link ${id}: its page is gone; its payments stay`);
      }),
    );
  return links;
};
