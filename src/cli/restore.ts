import { Command } from 'commander';
import { Refused, type CliCommand } from './context.js';

/** `duar restore FILE`: replaces the SQLite database by a backup, once the file is checked and no server uses it. */
export const restoreCommand: CliCommand = (cli) =>
  new Command('restore')
    .description('replace the SQLite database by a backup (the server must be stopped)')
    .argument('<file>', 'a backup made by duar backup')
    .action(async (file: string) => {
      const [config, { existsSync }, { resolve, join }, restore, { migrationNames }, { loadAppKey }] = await Promise.all([
        cli.config(),
        import('node:fs'),
        import('node:path'),
        import('../modules/backups/restore.js'),
        import('../db/migration-names.js'),
        import('../config/app-key.js'),
      ]);
      if (config.database.kind === 'postgres') {
        throw new Refused(
          'duar restore restores the embedded SQLite database; this installation uses PostgreSQL: restore a pg_dump file with pg_restore (docs/operations.md).',
        );
      }
      const keyFile = join(config.dataDir, 'app.key');
      if (!config.appKey && !existsSync(keyFile)) {
        throw new Refused(
          `there is no application key (neither DUAR_APP_KEY nor ${keyFile}): put the app.key that was in use when the backup was made at ${keyFile} (mode 0600), or set DUAR_APP_KEY to it, and run the restore again`,
        );
      }
      const from = resolve(file);
      const target = config.database.file;
      try {
        const checked = restore.checkBackup(from, loadAppKey(config), migrationNames, config.appKey ? 'DUAR_APP_KEY' : keyFile);
        const { previous } = await restore.restoreSqlite(from, target, new Date());
        cli.out(
          [
            `Restored ${from} into ${target}: ${checked.payments} payments, ${checked.sealed} sealed secrets that open with the current application key.`,
            previous ? `The database it replaced is kept as ${previous}.` : null,
            'Start the server (duar serve); it applies the migrations this version adds, if any.',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      } catch (err) {
        if (err instanceof restore.RestoreRefused) throw new Refused(`${err.message}\nNothing was changed.`);
        throw err;
      }
    });
