import { closeSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * A consistent copy of a live SQLite database through SQLite's online backup (docs/decisions/071-backups.md). The copy
 * is read through its own connection, in WAL mode beside the server's writes (a reader never blocks a writer): a few
 * MiB a step so a large database does not hold the thread; when another connection writes between two steps SQLite
 * restarts the copy, and the restarted copy is then taken in one step, one snapshot, so a busy server cannot keep it
 * from finishing. The copy is written beside its destination as `.partial` (owner-only: it holds key digests and
 * ciphertexts), checked, switched to a single-file journal and renamed into place, so a file with the final name is a
 * whole backup.
 */

/** Pages a step while nothing writes: 1 MiB of 4 KiB pages. */
const PAGES_A_STEP = 256;

export type BackupResult = { file: string; bytes: number; pages: number };

export async function backupSqlite(source: string, out: string): Promise<BackupResult> {
  const partial = `${out}.partial`;
  // Created owner-only before SQLite writes into it, so the copy is never readable by others, even for a moment.
  closeSync(openSync(partial, 'w', 0o600));
  const db = new SQLite(source, { fileMustExist: true });
  try {
    let remaining = Number.POSITIVE_INFINITY;
    const { totalPages } = await db.backup(partial, {
      progress: ({ totalPages: total, remainingPages }) => {
        const restarted = remainingPages > remaining;
        remaining = remainingPages;
        return restarted ? total : PAGES_A_STEP;
      },
    });
    const copy = new SQLite(partial, { fileMustExist: true });
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed SQLite's check: ${String(check)}`);
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(partial, out);
    return { file: out, bytes: statSync(out).size, pages: totalPages };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
}

/** `duar-2026-12-07T12-30-00Z.sqlite`: sorts by time, a valid file name everywhere. */
export function backupFileName(now: Date): string {
  return `duar-${now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')}.sqlite`;
}

const SCHEDULED = /^duar-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.sqlite$/;

/** The scheduled backups in `dir`, oldest first (their names sort by time). */
export function scheduledBackups(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => SCHEDULED.test(name))
    .sort();
}

/** Deletes all but the newest `keep` scheduled backups in `dir`; returns the names deleted. Other files are left alone. */
export function pruneBackups(dir: string, keep: number): string[] {
  const old = scheduledBackups(dir).slice(0, -keep);
  for (const name of old) rmSync(join(dir, name), { force: true });
  return old;
}
