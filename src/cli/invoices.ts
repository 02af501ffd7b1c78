import { Command } from 'commander';
import { cliActor, UsageError, type CliCommand } from './context.js';

type InvoiceFlags = {
  brand: string;
  json?: boolean;
  name?: string;
  email?: string;
  phone?: string;
  item: string[];
  discount?: string;
  vat?: string;
  shipping?: string;
  due?: string;
  note?: string;
  privateNote?: string;
  webhookUrl?: string;
  open?: boolean;
  status?: string;
};

/** What the invoice commands use, loaded when one runs. */
const load = async () => ({
  ...(await import('../modules/invoices/service.js')),
  ...(await import('../modules/invoices/fields.js')),
  ...(await import('../modules/invoices/states.js')),
  ...(await import('../modules/brands/service.js')),
  ...(await import('../lib/validation.js')),
});

/** `--item "Cotton saree;2;1250.50"`: description, quantity and unit price, split at the last two semicolons. */
function item(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
function parseItem(value: string) {
  const parts = value.split(';');
  if (parts.length < 3) throw new UsageError(`--item "${value}" must be "description;quantity;unit price", e.g. "Cotton saree;2;1250.50"`);
  const [quantity, unit_price] = parts.slice(-2).map((p) => p.trim());
  return { description: parts.slice(0, -2).join(';').trim(), quantity, unit_price };
}

/** The flags given, as the admin API's body. */
function body(opts: InvoiceFlags): Record<string, unknown> {
  const out: Record<string, unknown> = {
    customer: { name: opts.name, email: opts.email, phone: opts.phone },
    items: opts.item.map(parseItem),
    discount: opts.discount,
    vat_percent: opts.vat,
    shipping: opts.shipping,
    due_on: opts.due,
    note: opts.note,
    private_note: opts.privateNote,
    webhook_url: opts.webhookUrl,
    status: opts.open ? 'open' : undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

type View = {
  number: string;
  status: string;
  overdue: boolean;
  total: string;
  currency: string;
  customer: { name: string };
  due_on: string | null;
  url: string;
};

function line(v: View): string {
  const state = v.overdue ? 'overdue' : v.status;
  return `${v.number}  ${state}  ${v.currency} ${v.total}  ${v.customer.name}  due ${v.due_on ?? 'on receipt'}  ${v.url}`;
}

/** `duar invoices create|list`: a brand's invoices, through the same service, rules and labels as the admin API. */
export const invoicesCommand: CliCommand = (cli) => {
  const invoices = new Command('invoices').description('invoices: numbered bills with a page the customer pays from');
  invoices
    .command('list')
    .requiredOption('--brand <slug>')
    .option('--status <status>', 'draft, open, paid, void or refunded')
    .option('--json', 'print JSON')
    .action((opts: InvoiceFlags) =>
      cli.withDb(async (db, config) => {
        const m = await load();
        const status = opts.status === undefined ? null : (opts.status as (typeof m.INVOICE_STATES)[number]);
        if (status !== null && !m.INVOICE_STATES.includes(status)) throw new UsageError(`--status must be one of ${m.INVOICE_STATES.join(', ')}`);
        const list = await m.listInvoiceViews(db, await m.getBrand(db, opts.brand), { status, page: 1, perPage: 100 }, config);
        if (opts.json) return cli.out(JSON.stringify(list.invoices, null, 2));
        cli.out(list.invoices.length ? list.invoices.map(line).join('\n') : 'No invoices');
      }),
    );
  invoices
    .command('create')
    .requiredOption('--brand <slug>')
    .requiredOption('--name <name>', 'the customer’s name')
    .option('--email <email>', 'the customer’s e-mail (this or --phone)')
    .option('--phone <phone>', 'the customer’s phone')
    .option('--item <description;quantity;unit price>', 'one line of the invoice (repeat for more, up to 50)', item, [])
    .option('--discount <amount>')
    .option('--vat <percent>', '0–100, up to 2 decimals')
    .option('--shipping <amount>')
    .option('--due <dd/mm/yyyy>', 'due date')
    .option('--note <text>', 'printed on the invoice')
    .option('--private-note <text>', 'for you only')
    .option('--webhook-url <url>', 'IPN address of its payment (else the brand default)')
    .option('--open', 'open it now (default: a draft)')
    .option('--json', 'print JSON')
    .action((opts: InvoiceFlags) =>
      cli.withDb(async (db, config) => {
        const m = await load();
        const brand = await m.getBrand(db, opts.brand);
        const input = m.parseInput(m.createInvoiceInput, body(opts), m.invoiceFormLabels);
        const view = await m.createInvoice(db, brand, input, { actor: cliActor(), apiKey: null }, config, 'draft');
        cli.out(opts.json ? JSON.stringify(view, null, 2) : line(view));
      }),
    );
  return invoices;
};
