import { existsSync, renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { decrypt } from '../../lib/crypto.js';
import { backupSqlite } from './backup.js';

/**
 * `duar restore FILE` on SQLite (docs/decisions/071-backups.md): the file is checked before anything is replaced (SQLite's
 * integrity check, a Duar database, no migration this version does not know, every sealed secret opens with the
 * current application key); the database is replaced only while no other connection has it open (a running server
 * holds a shared lock on it for as long as it runs); the database it replaces is kept beside it, renamed.
 */

/** Why a restore was refused; the message says what to do. */
export class RestoreRefused extends Error {}

export type BackupCheck = { migrations: string[]; payments: number; sealed: number };

/** Reads `file` without changing it; throws RestoreRefused with what is wrong and what to do. */
export function checkBackup(file: string, appKey: Buffer, knownMigrations: readonly string[], keySource: string): BackupCheck {
  if (!existsSync(file)) throw new RestoreRefused(`${file} does not exist`);
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new RestoreRefused(`${file} cannot be opened as a SQLite database (${(err as Error).message})`);
  }
  try {
    let problems: string[];
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (err) {
      throw new RestoreRefused(`${file} is not a SQLite database (${(err as Error).message})`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new RestoreRefused(`${file} is damaged (SQLite's integrity check: ${problems.slice(0, 5).join('; ')}); restore an older backup`);
    }
    const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
    if (!tables.has('kysely_migration') || !tables.has('payments')) throw new RestoreRefused(`${file} is a SQLite database but not a Duar database`);
    const migrations = db.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all() as string[];
    const unknown = migrations.filter((name) => !knownMigrations.includes(name));
    if (unknown.length > 0) {
      throw new RestoreRefused(`${file} was made by a newer version of Duar (migrations ${unknown.join(', ')}); upgrade Duar first, then restore it`);
    }
    let sealed = 0;
    let unopened = 0;
    for (const [table, column] of sealedColumns(db, tables)) {
      for (const value of db.prepare(`SELECT "${column}" FROM "${table}"`).pluck().iterate() as Iterable<string | null>) {
        if (value === null) continue;
        sealed++;
        try {
          decrypt(appKey, value);
        } catch {
          unopened++;
        }
      }
    }
    if (unopened > 0) {
      throw new RestoreRefused(
        `${unopened} of the ${sealed} secrets sealed in ${file} (stored API keys, device keys, webhook signing secrets) do not open with the current application key (${keySource}). ` +
          'Put the app.key that was in use when the backup was made in the data directory (or set DUAR_APP_KEY to it) and run the restore again.',
      );
    }
    const payments = db.prepare('SELECT count(*) FROM payments').pluck().get() as number;
    return { migrations, payments, sealed };
  } finally {
    db.close();
  }
}

/** Every column named `*_ciphertext`: what the application key seals, including tables added after this was written. */
function sealedColumns(db: SQLite.Database, tables: Set<string>): [string, string][] {
  const columns: [string, string][] = [];
  for (const table of tables) {
    for (const { name } of db.pragma(`table_info("${table}")`) as { name: string }[]) {
      if (name.endsWith('_ciphertext')) columns.push([table, name]);
    }
  }
  return columns;
}

/**
 * Replaces `target` (with its -wal and -shm) by a copy of `file`; the replaced files are renamed to
 * `<target>.before-restore-<time>`. Refuses while another connection (a server, a command) has `target` open, and holds
 * `target` locked until the copy is in place, so no server can start on it meanwhile.
 */
export async function restoreSqlite(file: string, target: string, now: Date): Promise<{ previous: string | null }> {
  const release = existsSync(target) ? lockExclusively(target) : null;
  const incoming = `${target}.restoring`;
  try {
    rmSync(incoming, { force: true });
    await backupSqlite(file, incoming);
    let previous: string | null = null;
    if (release) {
      previous = `${target}.before-restore-${now
        .toISOString()
        .replace(/\.\d+Z$/, 'Z')
        .replaceAll(':', '-')}`;
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(`${target}${suffix}`)) renameSync(`${target}${suffix}`, `${previous}${suffix}`);
      }
    }
    renameSync(incoming, target);
    return { previous };
  } finally {
    rmSync(incoming, { force: true });
    release?.();
  }
}

/**
 * Takes the write lock of `file` in exclusive locking mode, which SQLite grants only when no other connection has the
 * database open: a running server keeps a shared lock on it while it runs (WAL mode). Throws RestoreRefused otherwise.
 * The returned function lets go (the connection's closing checkpoints its WAL into the file first).
 */
export function lockExclusively(file: string): () => void {
  const db = new SQLite(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    // Everything committed is now in the database file itself, which is what is renamed aside.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
      throw new RestoreRefused(`a Duar server (or another duar command) is using ${file}; stop it first (systemctl stop duar), then run the restore again`);
    }
    throw err;
  }
  return () => db.close();
}
