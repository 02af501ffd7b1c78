import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './index.js';

/**
 * Makes the data folder owner-only (0700) and the files in it that hold secrets owner-only (0600): the SQLite database
 * and its -wal/-shm companions (key digests and ciphertexts, password and session digests) and app.key. Files made by
 * an older version, or copied in, keep whatever mode they had; this runs on every start. Returns one warning per path
 * it could not change (a folder owned by another user), for the start-up output.
 */
export function secureDataDir(config: Config): string[] {
  const files = [join(config.dataDir, 'app.key')];
  if (config.database.kind === 'sqlite') {
    const db = config.database.file;
    files.push(db, `${db}-wal`, `${db}-shm`);
  }
  const warnings: string[] = [];
  const restrict = (path: string, mode: number) => {
    try {
      chmodSync(path, mode);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      warnings.push(
        `Warning: could not make ${path} readable by its owner only (chmod ${mode.toString(8)}: ${code ?? (err as Error).message}); run Duar as the owner of ${config.dataDir} or change it yourself.`,
      );
    }
  };
  restrict(config.dataDir, 0o700);
  for (const file of files) restrict(file, 0o600);
  return warnings;
}
