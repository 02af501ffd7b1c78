import { Command } from 'commander';
import type { CliCommand } from './context.js';

/** `duar migrate` */
export const migrateCommand: CliCommand = (cli) =>
  new Command('migrate').description('apply database migrations').action(async () => {
    const [config, { createDb }, { migrateToLatest }] = await Promise.all([cli.config(), import('../db/index.js'), import('../db/migrate.js')]);
    const db = createDb(config.database);
    try {
      const applied = await migrateToLatest(db);
      cli.out(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date');
    } finally {
      await db.destroy();
    }
  });
