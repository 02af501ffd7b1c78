import { Command } from 'commander';
import { readPassword } from './admin.js';
import { cliActor, Refused, type CliCommand } from './context.js';

/** What the team commands use, loaded when one runs. */
const load = async () => ({
  ...(await import('../modules/team/service.js')),
  ...(await import('../modules/admins/service.js')),
  ...(await import('../modules/brands/service.js')),
  ...(await import('../lib/validation.js')),
});

/** `duar team add|list|remove`: a brand's members and their roles, from a terminal (PRODUCT.md §9). */
export const teamCommand: CliCommand = (cli) => {
  const team = new Command('team').description("a brand's members and their roles (owner, admin, manager, viewer)");
  team
    .command('add')
    .description(
      'give someone a role in a brand, creating their account if needed (password from DUAR_ADMIN_PASSWORD or a prompt); changes the role of a member',
    )
    .requiredOption('--brand <slug>')
    .requiredOption('--email <email>')
    .requiredOption('--role <role>', 'owner, admin, manager or viewer')
    .action((opts: { brand: string; email: string; role: string }) =>
      cli.withDb(async (db) => {
        const m = await load();
        const brand = await m.getBrand(db, opts.brand);
        const role = m.parseInput(m.roleInput, opts.role);
        const email = m.parseInput(m.email, opts.email);
        const id = await m.findAdminId(db, email);
        let admin = id ? { id, email } : null;
        if (!admin) admin = await m.createAdmin(db, { email, password: m.parseInput(m.password, await readPassword(cli.io)) });
        const outcome = await m.setMembership(db, brand.id, admin, role, cliActor());
        const said = {
          added: `Added ${email} to ${brand.slug} as ${role}`,
          changed: `${email} is now ${role} of ${brand.slug}`,
          unchanged: `${email} already is ${role} of ${brand.slug}`,
        };
        cli.out(`${id ? '' : `Created administrator ${email} (${admin.id}). `}${said[outcome]}`);
      }),
    );
  team
    .command('list')
    .requiredOption('--brand <slug>')
    .option('--json', 'print JSON')
    .action((opts: { brand: string; json?: boolean }) =>
      cli.withDb(async (db) => {
        const m = await load();
        const members = await m.listMembers(db, (await m.getBrand(db, opts.brand)).id);
        if (opts.json) return cli.out(JSON.stringify(members, null, 2));
        cli.out(members.map((x) => `${x.email}  ${x.role}${x.two_factor ? '  two-factor' : ''}  ${x.id}`).join('\n') || 'No members');
      }),
    );
  team
    .command('remove')
    .description('remove someone from a brand (their account stays, with their other brands); never the last owner')
    .requiredOption('--brand <slug>')
    .requiredOption('--email <email>')
    .action((opts: { brand: string; email: string }) =>
      cli.withDb(async (db) => {
        const m = await load();
        const brand = await m.getBrand(db, opts.brand);
        const email = m.parseInput(m.email, opts.email);
        const id = await m.findAdminId(db, email);
        if (!id) throw new Refused(`No administrator with email ${email}`);
        await m.removeMember(db, brand.id, id, cliActor());
        cli.out(`Removed ${email} from ${brand.slug}`);
      }),
    );
  return team;
};
