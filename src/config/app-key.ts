import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from './index.js';

/**
 * The installation's application key (32 bytes) that encrypts stored API keys for IPN headers.
 * From DUAR_APP_KEY, else `<data dir>/app.key`, created on first start with owner-only permissions (kept so on every
 * start by secureDataDir in ./data-dir.ts).
 */
export function loadAppKey(config: Config): Buffer {
  if (config.appKey) return decode(config.appKey);
  const file = join(config.dataDir, 'app.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return decode(readFileSync(file, 'utf8').trim());
}

function decode(value: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error('The application key must be 32 bytes (base64 or hex)');
  return key;
}
