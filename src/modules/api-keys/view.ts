import type { Brand } from '../brands/service.js';
import { expiryInstant, isoTime as iso, toDayMonthYear, today } from '../../lib/dates.js';
import { deserializeAbilities } from './abilities.js';
import { keyLabel } from './key-format.js';
import type { ApiKeyRow } from './repository.js';

export type KeyStatus = 'active' | 'inactive' | 'expired';

export function keyStatus(row: Pick<ApiKeyRow, 'is_active' | 'expires_on'> & { ends_at?: number | null }, timeZone: string, now = Date.now()): KeyStatus {
  if (!row.is_active) return 'inactive';
  if (row.expires_on && now >= expiryInstant(row.expires_on, timeZone)) return 'expired';
  // A rolled key's grace period is over.
  if (row.ends_at != null && now >= row.ends_at) return 'expired';
  return 'active';
}

export function parseAllowedIps(row: Pick<ApiKeyRow, 'allowed_ips'>): string[] {
  return JSON.parse(row.allowed_ips) as string[];
}

/** The non-secret view of a key: everything lists, edits and logs may show. */
export function keyView(row: ApiKeyRow, brand: Brand, now = Date.now()) {
  return {
    id: row.id,
    name: row.name,
    abilities: deserializeAbilities(row.abilities),
    expires_at: row.expires_on ? toDayMonthYear(row.expires_on) : null,
    is_active: row.is_active === 1,
    status: keyStatus(row, brand.timezone, now),
    hint: row.hint,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    last_used_at: iso(row.last_used_at),
    last_used_ip: row.last_used_ip,
    mode: row.mode,
    key_label: keyLabel(row.id, row.mode),
    note: row.note,
    allowed_ips: parseAllowedIps(row),
    rate_limit_per_minute: row.rate_limit_per_minute,
    ends_at: iso(row.ends_at),
    rolled_to: row.rolled_to_id,
    /** Days until the last valid day (0 = today) for a working, unrolled key expiring within 7 days: the dashboard's banner. */
    expires_in_days: expiresInDays(row, brand, now),
  };
}

function expiresInDays(row: ApiKeyRow, brand: Brand, now: number): number | null {
  if (!row.expires_on || row.rolled_to_id || keyStatus(row, brand.timezone, now) !== 'active') return null;
  const days = Math.round((Date.parse(`${row.expires_on}T00:00:00Z`) - Date.parse(`${today(brand.timezone, now)}T00:00:00Z`)) / 86_400_000);
  return days <= 7 ? days : null;
}
export type KeyView = ReturnType<typeof keyView>;
