import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config/index.js';
import { loadAppKey } from './config/app-key.js';
import type { Db } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase, serve } from './server.js';
import { DuarError } from './lib/errors.js';
import { parseInput } from './lib/validation.js';
import { createAdmin, email, issueSetupToken, password } from './modules/admins/service.js';
import { brandView, createBrand, createBrandInput, getBrand, listBrands } from './modules/brands/service.js';
import {
  brandOfApiKey,
  createApiKey,
  createKeyInput,
  deleteApiKey,
  listApiKeyViews,
  rollApiKey,
  rollKeyInput,
  updateApiKey,
  updateKeyInput,
  type KeyView,
} from './modules/api-keys/service.js';
import type { Actor } from './modules/audit/audit.js';
import { createDb } from './db/index.js';
import { brandOfDevice, createDevice, createDeviceInput, listDeviceViews, revokeDevice, type DeviceView } from './modules/devices/service.js';
import { addSmsByHand, pasteSmsInput } from './modules/sms/service.js';

const USAGE = `Usage: duar <command>

  serve                                   start the server (migrates first)
  migrate                                 apply database migrations
  admin create --email E                  create an administrator (password from DUAR_ADMIN_PASSWORD or a prompt)
  admin setup-token                       print a new one-time setup token for the dashboard
  brands list [--json]
  brands create --slug S --name N [--timezone TZ] [--currency C] [--domain D] [--json]
  keys create --brand S --name N --abilities a,b [--mode live|test] [--expires dd/mm/yyyy] [--inactive]
              [--allowed-ips ip,cidr,...] [--rate-limit N] [--note TEXT] [--json]
  keys list --brand S [--json]
  keys update ID [--name N] [--abilities a,b] [--expires dd/mm/yyyy|never] [--active|--inactive]
              [--allowed-ips ip,cidr,...|any] [--rate-limit N|none] [--note TEXT] [--json]
  keys roll ID --grace now|1h|24h|3d|7d [--json]   a new key with the same settings; the old one works until the grace ends
  keys delete ID
  devices create --brand S --name N [--json]     connect a phone: prints its key and the forwarder app settings once
  devices list --brand S [--json]
  devices revoke ID
  sms add --brand S --from SENDER --text "…" [--wallet W] [--json]   take in an SMS by hand (as the device endpoint does)

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
  mode: { type: 'string' },
  grace: { type: 'string' },
  'allowed-ips': { type: 'string' },
  'rate-limit': { type: 'string' },
  note: { type: 'string' },
  active: { type: 'boolean' },
  inactive: { type: 'boolean' },
  json: { type: 'boolean' },
  from: { type: 'string' },
  text: { type: 'string' },
  wallet: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

/** Where the CLI reads settings from and writes to: the process's own, or a test's. */
export type CliIo = { env: Record<string, string | undefined>; stdout: (text: string) => void; stderr: (text: string) => void };
const processIo: CliIo = { env: process.env, stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };

const actor = (): Actor => ({ label: `cli (${userInfo().username})`, ip: null });
const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((a) => a.trim())
    .filter(Boolean);

function required(flags: Flags, name: keyof Flags): string {
  const value = flags[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
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

/** `--allowed-ips`, `--rate-limit` and `--note` as the admin API takes them (`any` / `none` clear a setting). */
function keySettings(flags: Flags) {
  const ips = flags['allowed-ips'];
  const rate = flags['rate-limit'];
  return {
    ...(ips !== undefined && { allowed_ips: ips === 'any' ? [] : list(ips) }),
    ...(rate !== undefined && { rate_limit_per_minute: rate === 'none' ? null : /^-?\d+(\.\d+)?$/.test(rate) ? Number(rate) : rate }),
    ...(flags.note !== undefined && { note: flags.note }),
  };
}

async function readPassword(io: CliIo): Promise<string> {
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

type Command = { config: Config; command: string[]; flags: Flags; db: Db; io: CliIo; out: (text: string) => void };

async function run(config: Config, command: string[], flags: Flags, db: Db, io: CliIo): Promise<void> {
  const out = (text: string) => io.stdout(`${text}\n`);
  const noun = command[0] ?? '';
  if (!Object.hasOwn(COMMANDS, noun)) throw unknownCommand(command);
  return COMMANDS[noun as keyof typeof COMMANDS]({ config, command, flags, db, io, out });
}

const unknownCommand = (command: string[]) => new UsageError(`unknown command "${command.join(' ')}"`);

/** `duar admin create|setup-token` */
async function adminCommand({ command, flags, db, io, out }: Command): Promise<void> {
  switch (command[1]) {
    case 'create': {
      const admin = await createAdmin(db, {
        email: parseInput(email, required(flags, 'email')),
        password: parseInput(password, await readPassword(io)),
      });
      return out(`Created administrator ${admin.email} (${admin.id})`);
    }
    case 'setup-token':
      return out(`One-time setup token: ${await issueSetupToken(db)}`);
    default:
      throw unknownCommand(command);
  }
}

/** `duar brands list|create` */
async function brandCommand({ command, flags, db, out }: Command): Promise<void> {
  switch (command[1]) {
    case 'list': {
      const brands = (await listBrands(db)).map(brandView);
      return out(
        flags.json
          ? JSON.stringify(brands, null, 2)
          : brands.map((b) => `${b.slug}  ${b.name}  ${b.timezone}  ${b.currency}${b.domain ? `  ${b.domain}` : ''}`).join('\n'),
      );
    }
    case 'create': {
      const input = parseInput(createBrandInput, {
        slug: required(flags, 'slug'),
        name: required(flags, 'name'),
        ...(flags.timezone !== undefined && { timezone: flags.timezone }),
        ...(flags.currency !== undefined && { currency: flags.currency }),
        ...(flags.domain !== undefined && { domain: flags.domain }),
      });
      const brand = brandView(await createBrand(db, input, actor()));
      return out(flags.json ? JSON.stringify(brand, null, 2) : `Created brand ${brand.slug} (${brand.id})`);
    }
    default:
      throw unknownCommand(command);
  }
}

/** `duar keys create|list|update|roll|delete` */
async function keyCommand({ command, config, flags, db, out }: Command): Promise<void> {
  switch (command[1]) {
    case 'create': {
      const brand = await getBrand(db, required(flags, 'brand'));
      const input = parseInput(createKeyInput, {
        name: required(flags, 'name'),
        abilities: list(required(flags, 'abilities')),
        expires_at: flags.expires ?? null,
        is_active: !flags.inactive,
        ...(flags.mode !== undefined && { mode: flags.mode }),
        ...keySettings(flags),
      });
      const { apiKey, key } = await createApiKey(db, loadAppKey(config), brand, input, actor());
      if (flags.json) return out(JSON.stringify({ key, api_key: apiKey }, null, 2));
      out(`Created API key ${apiKey.id} for brand ${brand.slug}. Copy it now: it is shown only this once.\n`);
      return out(key);
    }
    case 'list': {
      const keys = await listApiKeyViews(db, await getBrand(db, required(flags, 'brand')));
      return out(flags.json ? JSON.stringify(keys, null, 2) : keys.length ? keys.map(keyLine).join('\n') : 'No API keys');
    }
    case 'update': {
      const id = command[2] ?? '';
      const brand = await brandOfApiKey(db, id);
      if (flags.active && flags.inactive) throw new UsageError('use either --active or --inactive');
      const input = parseInput(updateKeyInput, {
        ...(flags.name !== undefined && { name: flags.name }),
        ...(flags.abilities !== undefined && { abilities: list(flags.abilities) }),
        ...(flags.expires !== undefined && { expires_at: flags.expires === 'never' ? null : flags.expires }),
        ...((flags.active || flags.inactive) && { is_active: Boolean(flags.active) }),
        ...keySettings(flags),
      });
      const view = await updateApiKey(db, brand, id, input, actor());
      return out(flags.json ? JSON.stringify(view, null, 2) : `Updated ${keyLine(view)}`);
    }
    case 'roll': {
      const id = command[2] ?? '';
      const brand = await brandOfApiKey(db, id);
      const { grace } = parseInput(rollKeyInput, { grace: required(flags, 'grace') });
      const { apiKey, key } = await rollApiKey(db, loadAppKey(config), brand, id, grace, actor());
      if (flags.json) return out(JSON.stringify({ key, api_key: apiKey }, null, 2));
      out(
        `Rolled API key ${id} to ${apiKey.id}; the old key ${grace === 'now' ? 'is refused from now on' : `keeps working for ${grace}`}. Copy the new key now: it is shown only this once.\n`,
      );
      return out(key);
    }
    case 'delete': {
      const id = command[2] ?? '';
      await deleteApiKey(db, await brandOfApiKey(db, id), id, actor());
      return out(`Deleted API key ${id}; requests with it are refused from now on`);
    }
    default:
      throw unknownCommand(command);
  }
}

/** `duar devices create|list|revoke` */
async function deviceCommand({ command, config, flags, db, out }: Command): Promise<void> {
  switch (command[1]) {
    case 'create': {
      const brand = await getBrand(db, required(flags, 'brand'));
      const created = await createDevice(
        db,
        loadAppKey(config),
        config.publicUrl,
        brand,
        parseInput(createDeviceInput, { name: required(flags, 'name') }),
        actor(),
      );
      if (flags.json) return out(JSON.stringify(created, null, 2));
      const { setup } = created;
      return out(
        [
          `Connected device ${created.device.id} for brand ${brand.slug}. Copy the key now: it is shown only this once.`,
          '',
          created.key,
          '',
          `In "${setup.app}", add one forwarding rule per sender (${setup.senders.join(', ')}) with:`,
          `  URL:      ${setup.url}`,
          `  Headers:  ${setup.headers_json}`,
          `  Template: ${setup.body_template}`,
        ].join('\n'),
      );
    }
    case 'list': {
      const devices = await listDeviceViews(db, await getBrand(db, required(flags, 'brand')));
      return out(flags.json ? JSON.stringify(devices, null, 2) : devices.length ? devices.map(deviceLine).join('\n') : 'No devices');
    }
    case 'revoke': {
      const id = command[2] ?? '';
      await revokeDevice(db, await brandOfDevice(db, id), id, actor());
      return out(`Revoked device ${id}; its requests are refused from now on`);
    }
    default:
      throw unknownCommand(command);
  }
}

/** `duar sms add` */
async function smsCommand({ command, flags, db, out }: Command): Promise<void> {
  switch (command[1]) {
    case 'add': {
      const brand = await getBrand(db, required(flags, 'brand'));
      const input = parseInput(pasteSmsInput, {
        from: required(flags, 'from'),
        text: required(flags, 'text'),
        ...(flags.wallet !== undefined && { wallet: flags.wallet }),
      });
      const result = await addSmsByHand(db, brand, input, actor(), 'cli');
      if (flags.json) return out(JSON.stringify(result, null, 2));
      return out(
        [result.status, result.reason, result.provider, result.trx_id, result.sms_id, result.invoice_id && `completed ${result.invoice_id}`]
          .filter(Boolean)
          .join('  '),
      );
    }
    default:
      throw unknownCommand(command);
  }
}

const COMMANDS = { admin: adminCommand, brands: brandCommand, keys: keyCommand, devices: deviceCommand, sms: smsCommand };

function deviceLine(d: DeviceView): string {
  return [d.id, d.hint, d.status, `last seen ${d.last_seen_at ?? 'never'}`, `${d.sms_count} SMS`, `"${d.name}"`].join('  ');
}

/** Runs one `duar` command; resolves with the exit code (never, for `serve`, which runs until a signal). */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`error: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof DuarError) io.stderr(`error: ${err.message} (${err.code})\n`);
    else if (err instanceof ConfigError) io.stderr(`error: ${err.message}\n`);
    else io.stderr(`error: ${(err as Error).stack ?? err}\n`);
    return 1;
  }
}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const { values: flags, positionals: command } = parseCommandLine(argv);
  if (flags.help || command.length === 0) {
    io.stdout(`${USAGE}\n`);
    return flags.help ? 0 : 2;
  }
  const config = loadConfig(io.env);
  if (command[0] === 'serve') {
    await serve(config);
    return new Promise(() => {});
  }
  if (command[0] === 'migrate') {
    const db = createDb(config.database);
    try {
      const applied = await migrateToLatest(db);
      io.stdout(`${applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date'}\n`);
    } finally {
      await db.destroy();
    }
    return 0;
  }
  // `keys update|roll|delete ID` and `devices revoke ID` take the id as a third word; every other command has two.
  const takesId =
    (command[0] === 'keys' && (command[1] === 'update' || command[1] === 'delete' || command[1] === 'roll')) ||
    (command[0] === 'devices' && command[1] === 'revoke');
  if (command.length !== (takesId ? 3 : 2)) throw new UsageError(`unknown command "${command.join(' ')}"`);
  const db = await openDatabase(config);
  try {
    await run(config, command, flags, db, io);
  } finally {
    await db.destroy();
  }
  return 0;
}

// Run when executed directly (`tsx src/cli.ts …`); bin/duar.js imports runCli instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
