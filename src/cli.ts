import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { ConfigError, loadConfig, type Config } from './config/index.js';
import { loadAppKey } from './config/app-key.js';
import type { Db } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase, serve } from './server.js';
import { DuarError } from './lib/errors.js';
import { parseInput } from './lib/validation.js';
import { createAdmin, email, issueSetupToken, password } from './modules/admins/admins.js';
import { brandView, createBrand, createBrandInput, findBrandById, getBrand, listBrands } from './modules/brands/brands.js';
import { findApiKey } from './modules/api-keys/repository.js';
import { createApiKey, createKeyInput, deleteApiKey, listApiKeyViews, updateApiKey, updateKeyInput, type KeyView } from './modules/api-keys/service.js';
import type { Actor } from './modules/audit/audit.js';
import { createDb } from './db/index.js';

const USAGE = `Usage: duar <command>

  serve                                   start the server (migrates first)
  migrate                                 apply database migrations
  admin create --email E                  create an administrator (password from DUAR_ADMIN_PASSWORD or a prompt)
  admin setup-token                       print a new one-time setup token for the dashboard
  brands list [--json]
  brands create --slug S --name N [--timezone TZ] [--currency C] [--domain D] [--json]
  keys create --brand S --name N --abilities a,b [--expires dd/mm/yyyy] [--inactive] [--json]
  keys list --brand S [--json]
  keys update ID [--name N] [--abilities a,b] [--expires dd/mm/yyyy|never] [--active|--inactive] [--json]
  keys delete ID

Settings come from the environment (see .env.example).`;

class UsageError extends Error {}

const options = {
  email: { type: 'string' },
  slug: { type: 'string' },
  name: { type: 'string' },
  timezone: { type: 'string' },
  currency: { type: 'string' },
  domain: { type: 'string' },
  brand: { type: 'string' },
  abilities: { type: 'string' },
  expires: { type: 'string' },
  active: { type: 'boolean' },
  inactive: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

const actor = (): Actor => ({ label: `cli (${userInfo().username})`, ip: null });
const out = (text: string): void => void process.stdout.write(text + '\n');
const list = (value: string | undefined) => value?.split(',').map((a) => a.trim()).filter(Boolean);

function required(flags: Flags, name: keyof Flags): string {
  const value = flags[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function keyLine(k: KeyView): string {
  return [k.id, k.hint, k.status, k.abilities.join(','), `expires ${k.expires_at ?? 'never'}`, `"${k.name}"`].join('  ');
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.DUAR_ADMIN_PASSWORD;
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

async function keyBrand(db: Db, id: string) {
  const row = await findApiKey(db, id);
  const brand = row && (await findBrandById(db, row.brand_id));
  if (!brand) throw new DuarError('api_key_not_found', `No API key "${id}"`);
  return brand;
}

async function run(config: Config, command: string[], flags: Flags, db: Db): Promise<void> {
  switch (command.slice(0, 2).join(' ')) {
    case 'admin create': {
      const admin = await createAdmin(db, {
        email: parseInput(email, required(flags, 'email')),
        password: parseInput(password, await readPassword()),
      });
      return out(`Created administrator ${admin.email} (${admin.id})`);
    }
    case 'admin setup-token':
      return out(`One-time setup token: ${await issueSetupToken(db)}`);
    case 'brands list': {
      const brands = (await listBrands(db)).map(brandView);
      return out(flags.json ? JSON.stringify(brands, null, 2) : brands.map((b) => `${b.slug}  ${b.name}  ${b.timezone}  ${b.currency}${b.domain ? `  ${b.domain}` : ''}`).join('\n'));
    }
    case 'brands create': {
      const input = parseInput(createBrandInput, {
        slug: required(flags, 'slug'),
        name: required(flags, 'name'),
        ...(flags.timezone !== undefined && { timezone: flags.timezone }),
        ...(flags.currency !== undefined && { currency: flags.currency }),
        ...(flags.domain !== undefined && { domain: flags.domain }),
      });
      const brand = brandView(await createBrand(db, input));
      return out(flags.json ? JSON.stringify(brand, null, 2) : `Created brand ${brand.slug} (${brand.id})`);
    }
    case 'keys create': {
      const brand = await getBrand(db, required(flags, 'brand'));
      const input = parseInput(createKeyInput, {
        name: required(flags, 'name'),
        abilities: list(required(flags, 'abilities')),
        expires_at: flags.expires ?? null,
        is_active: !flags.inactive,
      });
      const { apiKey, key } = await createApiKey(db, loadAppKey(config), brand, input, actor());
      if (flags.json) return out(JSON.stringify({ key, api_key: apiKey }, null, 2));
      out(`Created API key ${apiKey.id} for brand ${brand.slug}. Copy it now: it is shown only this once.\n`);
      return out(key);
    }
    case 'keys list': {
      const keys = await listApiKeyViews(db, await getBrand(db, required(flags, 'brand')));
      return out(flags.json ? JSON.stringify(keys, null, 2) : keys.length ? keys.map(keyLine).join('\n') : 'No API keys');
    }
    case 'keys update': {
      const id = command[2] ?? '';
      const brand = await keyBrand(db, id);
      if (flags.active && flags.inactive) throw new UsageError('use either --active or --inactive');
      const input = parseInput(updateKeyInput, {
        ...(flags.name !== undefined && { name: flags.name }),
        ...(flags.abilities !== undefined && { abilities: list(flags.abilities) }),
        ...(flags.expires !== undefined && { expires_at: flags.expires === 'never' ? null : flags.expires }),
        ...((flags.active || flags.inactive) && { is_active: Boolean(flags.active) }),
      });
      const view = await updateApiKey(db, brand, id, input, actor());
      return out(flags.json ? JSON.stringify(view, null, 2) : `Updated ${keyLine(view)}`);
    }
    case 'keys delete': {
      const id = command[2] ?? '';
      await deleteApiKey(db, await keyBrand(db, id), id, actor());
      return out(`Deleted API key ${id}; requests with it are refused from now on`);
    }
    default:
      throw new UsageError(`unknown command "${command.join(' ')}"`);
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values: flags, positionals } = parsed;
  // `keys update ID` / `keys delete ID`: the third word is the id, the first two the command.
  const command = positionals;
  if (flags.help || command.length === 0) {
    process.stdout.write(USAGE + '\n');
    return command.length === 0 && !flags.help ? 2 : 0;
  }
  const config = loadConfig();
  if (command[0] === 'serve') {
    await serve(config);
    return -1;
  }
  if (command[0] === 'migrate') {
    const db = createDb(config.database);
    try {
      const applied = await migrateToLatest(db);
      out(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date');
    } finally {
      await db.destroy();
    }
    return 0;
  }
  if ((command[0] === 'keys' && ['update', 'delete'].includes(command[1] ?? '') && command.length !== 3) ||
      (!(command[0] === 'keys' && ['update', 'delete'].includes(command[1] ?? '')) && command.length !== 2)) {
    throw new UsageError(`unknown command "${command.join(' ')}"`);
  }
  const db = await openDatabase(config);
  try {
    await run(config, command, flags, db);
  } finally {
    await db.destroy();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err) => {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (err instanceof DuarError) {
      process.stderr.write(`error: ${err.message} (${err.code})\n`);
      process.exitCode = 1;
    } else if (err instanceof ConfigError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`error: ${(err as Error).stack ?? err}\n`);
      process.exitCode = 1;
    }
  },
);
