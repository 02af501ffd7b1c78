import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import { backupFileName, backupSqlite, pruneBackups, scheduledBackups } from '../modules/backups/backup.js';
import { loop, type JobLog } from './loop.js';

type Log = JobLog & { info(obj: object, msg: string): void };

/** How often the job looks whether a backup is due: a restarted server makes the one it missed within this. */
const CHECK_EVERY_MS = 5 * 60_000;

/**
 * Scheduled backups (BACKUP_DIR, BACKUP_EVERY, BACKUP_KEEP; SQLite only, config/index.ts refuses them with PostgreSQL):
 * a copy is made when the newest one in BACKUP_DIR is BACKUP_EVERY old (or there is none), so restarts neither skip nor
 * repeat one; then all but the newest BACKUP_KEEP are deleted. Null when BACKUP_DIR is unset.
 */
export function createScheduledBackups({ config, log, now = () => new Date() }: { config: Config; log: Log; now?: () => Date }) {
  const { backups, database } = config;
  if (!backups || database.kind !== 'sqlite') return null;
  const { dir, everyMs, keep } = backups;
  const source = database.file;

  async function runOnce(): Promise<string | null> {
    const at = now();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const newest = scheduledBackups(dir).at(-1);
    if (newest && at.getTime() - takenAt(newest) < everyMs) return null;
    const { file, bytes } = await backupSqlite(source, join(dir, backupFileName(at)));
    const deleted = pruneBackups(dir, keep);
    log.info({ file, bytes, deleted }, 'backup made');
    return file;
  }

  return { runOnce, ...loop(runOnce, { name: 'scheduled backup', intervalMs: Math.min(everyMs, CHECK_EVERY_MS), runAtStart: true, log }) };
}

/** `duar-2026-12-07T12-30-00Z.sqlite` → its time in ms. */
function takenAt(name: string): number {
  const [, date, h, m, s] = /^duar-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z/.exec(name)!;
  return Date.parse(`${date}T${h}:${m}:${s}Z`);
}
