import { Command } from 'commander';
import type { DeviceView } from '../modules/devices/service.js';
import { cliActor, type CliCommand } from './context.js';

/** What the device commands use, loaded when one runs. */
const load = async () => ({
  ...(await import('../modules/devices/service.js')),
  ...(await import('../modules/brands/service.js')),
  ...(await import('../lib/validation.js')),
  ...(await import('../config/app-key.js')),
});

/** `duar devices create|list|revoke` */
export const devicesCommand: CliCommand = (cli) => {
  const devices = new Command('devices').description('phones that forward wallet SMS');
  devices
    .command('create')
    .description('connect a phone: prints its key and the forwarder app settings once')
    .requiredOption('--brand <slug>')
    .requiredOption('--name <name>')
    .option('--json', 'print JSON')
    .action((opts: { brand: string; name: string; json?: boolean }) =>
      cli.withDb(async (db, config) => {
        const m = await load();
        const brand = await m.getBrand(db, opts.brand);
        const input = m.parseInput(m.createDeviceInput, { name: opts.name });
        const created = await m.createDevice(db, m.loadAppKey(config), config.publicUrl, brand, input, cliActor());
        if (opts.json) return cli.out(JSON.stringify(created, null, 2));
        const { setup } = created;
        cli.out(
          [
            `Connected device ${created.device.id} for brand ${brand.slug}. Copy the key now: it is shown only this once.`,
            '',
            created.key,
            '',
            ...(setup.url_warning ? [`Warning: ${setup.url_warning.message}`, ''] : []),
            setup.rules.length === 0
              ? `No wallet is enabled for ${brand.slug} yet: enable one in Payment methods, then add a forwarding rule for its sender IDs in "${setup.app}" with:`
              : `In "${setup.app}", add one forwarding rule per sender (${setup.rules.map((r) => `${r.wallet}: ${r.sender_ids.map((s) => `"${s}"`).join(', ')}`).join('; ')}) with:`,
            `  URL:      ${setup.url}`,
            `  Headers:  ${setup.headers_json}`,
            `  Template: ${setup.body_template}`,
          ].join('\n'),
        );
      }),
    );
  devices
    .command('list')
    .requiredOption('--brand <slug>')
    .option('--json', 'print JSON')
    .action((opts: { brand: string; json?: boolean }) =>
      cli.withDb(async (db) => {
        const m = await load();
        const list = await m.listDeviceViews(db, await m.getBrand(db, opts.brand));
        cli.out(opts.json ? JSON.stringify(list, null, 2) : list.length ? list.map(deviceLine).join('\n') : 'No devices');
      }),
    );
  devices
    .command('revoke')
    .argument('<id>')
    .action((id: string) =>
      cli.withDb(async (db) => {
        const m = await load();
        await m.revokeDevice(db, await m.brandOfDevice(db, id), id, cliActor());
        cli.out(`Revoked device ${id}; its requests are refused from now on`);
      }),
    );
  return devices;
};

function deviceLine(d: DeviceView): string {
  return [d.id, d.hint, d.status, `last seen ${d.last_seen_at ?? 'never'}`, `${d.sms_count} SMS`, `"${d.name}"`].join('  ');
}
