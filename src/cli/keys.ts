import { Command } from 'commander';
import type { KeyView } from '../modules/api-keys/view.js';
import { cliActor, commaList, UsageError, type CliCommand } from './context.js';

type SettingFlags = { allowedIps?: string; rateLimit?: string; note?: string; json?: boolean };
type CreateFlags = SettingFlags & { brand: string; name: string; abilities: string; mode?: string; expires?: string; inactive?: boolean };
type UpdateFlags = SettingFlags & { name?: string; abilities?: string; expires?: string; active?: boolean; inactive?: boolean };

/** What the key commands that change keys use, loaded when one runs. */
const load = async () => ({
  ...(await import('../modules/api-keys/inputs.js')),
  ...(await import('../modules/api-keys/service.js')),
  ...(await import('../modules/brands/service.js')),
  ...(await import('../lib/validation.js')),
  ...(await import('../config/app-key.js')),
});

/** What `keys list` uses: a read, without the write path's input schemas (zod) and audit log (ADR 043). */
const loadList = async () => ({
  ...(await import('../modules/api-keys/list.js')),
  ...(await import('../modules/brands/lookup.js')),
});

/** The flags every key with settings takes; `any` and `none` clear a setting on update. */
const withSettings = (command: Command) =>
  command
    .option('--allowed-ips <list>', 'IP addresses and CIDR ranges, comma-separated (update: `any` clears them)')
    .option('--rate-limit <n>', 'requests per minute (update: `none` removes the limit)')
    .option('--note <text>')
    .option('--json', 'print JSON');

/** `duar keys create|list|update|roll|delete` */
export const keysCommand: CliCommand = (cli) => {
  const keys = new Command('keys').description('API keys of a brand (the plaintext is printed once, at creation)');
  withSettings(
    keys
      .command('create')
      .requiredOption('--brand <slug>')
      .requiredOption('--name <name>')
      .requiredOption('--abilities <list>', 'payment:checkout, payment:verify, payment:refund, invoice:write, invoice:read, comma-separated')
      .option('--mode <mode>', 'live (default) or test')
      .option('--expires <dd/mm/yyyy>')
      .option('--inactive', 'create it switched off'),
  ).action((opts: CreateFlags) =>
    cli.withDb(async (db, config) => {
      const m = await load();
      const brand = await m.getBrand(db, opts.brand);
      const input = m.parseInput(m.createKeyInput, {
        name: opts.name,
        abilities: commaList(opts.abilities),
        expires_at: opts.expires ?? null,
        is_active: !opts.inactive,
        ...(opts.mode !== undefined && { mode: opts.mode }),
        ...keySettings(opts),
      });
      const { apiKey, key } = await m.createApiKey(db, m.loadAppKey(config), brand, input, cliActor());
      if (opts.json) return cli.out(JSON.stringify({ key, api_key: apiKey }, null, 2));
      cli.out(`Created API key ${apiKey.id} for brand ${brand.slug}. Copy it now: it is shown only this once.\n`);
      cli.out(key);
    }),
  );
  keys
    .command('list')
    .requiredOption('--brand <slug>')
    .option('--json', 'print JSON')
    .action((opts: { brand: string; json?: boolean }) =>
      cli.withDb(async (db) => {
        const m = await loadList();
        const list = await m.listApiKeyViews(db, await m.getBrand(db, opts.brand));
        cli.out(opts.json ? JSON.stringify(list, null, 2) : list.length ? list.map(keyLine).join('\n') : 'No API keys');
      }),
    );
  withSettings(
    keys
      .command('update')
      .argument('<id>')
      .option('--name <name>')
      .option('--abilities <list>')
      .option('--expires <dd/mm/yyyy|never>')
      .option('--active')
      .option('--inactive'),
  ).action((id: string, opts: UpdateFlags) => {
    if (opts.active && opts.inactive) throw new UsageError('use either --active or --inactive');
    return cli.withDb(async (db) => {
      const m = await load();
      const brand = await m.brandOfApiKey(db, id);
      const input = m.parseInput(m.updateKeyInput, {
        ...(opts.name !== undefined && { name: opts.name }),
        ...(opts.abilities !== undefined && { abilities: commaList(opts.abilities) }),
        ...(opts.expires !== undefined && { expires_at: opts.expires === 'never' ? null : opts.expires }),
        ...((opts.active || opts.inactive) && { is_active: Boolean(opts.active) }),
        ...keySettings(opts),
      });
      const view = await m.updateApiKey(db, brand, id, input, cliActor());
      cli.out(opts.json ? JSON.stringify(view, null, 2) : `Updated ${keyLine(view)}`);
    });
  });
  keys
    .command('roll')
    .description('a new key with the same settings; the old one works until the grace ends')
    .argument('<id>')
    .requiredOption('--grace <grace>', 'now, 1h, 24h, 3d or 7d')
    .option('--json', 'print JSON')
    .action((id: string, opts: { grace: string; json?: boolean }) =>
      cli.withDb(async (db, config) => {
        const m = await load();
        const brand = await m.brandOfApiKey(db, id);
        const { grace } = m.parseInput(m.rollKeyInput, { grace: opts.grace });
        const { apiKey, key } = await m.rollApiKey(db, m.loadAppKey(config), brand, id, grace, cliActor());
        if (opts.json) return cli.out(JSON.stringify({ key, api_key: apiKey }, null, 2));
        cli.out(
          `Rolled API key ${id} to ${apiKey.id}; the old key ${grace === 'now' ? 'is refused from now on' : `keeps working for ${grace}`}. Copy the new key now: it is shown only this once.\n`,
        );
        cli.out(key);
      }),
    );
  keys
    .command('delete')
    .argument('<id>')
    .action((id: string) =>
      cli.withDb(async (db) => {
        const m = await load();
        await m.deleteApiKey(db, await m.brandOfApiKey(db, id), id, cliActor());
        cli.out(`Deleted API key ${id}; requests with it are refused from now on`);
      }),
    );
  return keys;
};

/** `--allowed-ips`, `--rate-limit` and `--note` as the admin API takes them (`any` / `none` clear a setting). */
function keySettings(opts: SettingFlags) {
  const ips = opts.allowedIps;
  const rate = opts.rateLimit;
  return {
    ...(ips !== undefined && { allowed_ips: ips === 'any' ? [] : commaList(ips) }),
    // As typed: the admin API reads it with the one amount parser (`1,000` and Bangla digits too).
    ...(rate !== undefined && { rate_limit_per_minute: rate === 'none' ? null : rate }),
    ...(opts.note !== undefined && { note: opts.note }),
  };
}

function keyLine(k: KeyView): string {
  return [
    k.id,
    k.hint,
    k.mode,
    k.status,
    k.abilities.join(','),
    `expires ${k.expires_at ?? 'never'}`,
    ...(k.ends_at ? [`stops working ${k.ends_at}`] : []),
    `"${k.name}"`,
  ].join('  ');
}
