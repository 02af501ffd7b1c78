import { Command } from 'commander';
import { Refused, type CliCommand } from './context.js';

/** `duar backup [--out FILE]`: a consistent copy of the SQLite database, also while the server runs and writes. */
export const backupCommand: CliCommand = (cli) =>
  new Command('backup')
    .description('copy the SQLite database while the server runs (PostgreSQL: use pg_dump)')
    .option('--out <file>', 'where to write the copy (default: duar-<time>.sqlite in the current folder)')
    .action(async (opts: { out?: string }) => {
      const [config, { existsSync }, { resolve, join }, { backupSqlite, backupFileName }] = await Promise.all([
        cli.config(),
        import('node:fs'),
        import('node:path'),
        import('../modules/backups/backup.js'),
      ]);
      if (config.database.kind === 'postgres') {
        throw new Refused(
          'duar backup copies the embedded SQLite database; this installation uses PostgreSQL (DATABASE_URL). Back it up with pg_dump, for example:\n' +
            '    pg_dump --format=custom --file=duar-$(date -u +%Y%m%dT%H%M%SZ).dump "$DATABASE_URL"\n' +
            'and restore with pg_restore --clean --dbname="$DATABASE_URL" FILE (docs/operations.md).',
        );
      }
      const source = config.database.file;
      if (!existsSync(source)) throw new Refused(`there is no database at ${source} (is DUAR_DATA_DIR right?)`);
      const out = resolve(opts.out ?? join('.', backupFileName(new Date())));
      if (existsSync(out)) throw new Refused(`${out} already exists; choose another --out`);
      const started = new Date();
      const result = await backupSqlite(source, out).catch((err: Error) => {
        throw new Refused(`the backup failed: ${err.message}`);
      });
      const keyAt = config.appKey ? 'DUAR_APP_KEY' : join(config.dataDir, 'app.key');
      cli.out(
        `Backed up ${source} to ${result.file} (${formatBytes(result.bytes)}, as of ${started.toISOString()}).\n` +
          `It does not hold the application key: keep a copy of ${keyAt} with your backups, safely apart from them; duar restore needs it.`,
      );
    });

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
