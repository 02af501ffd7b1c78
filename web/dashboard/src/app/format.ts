/** Times as a merchant reads them, in the brand's time zone: "26 Nov 2025, 14:05". */
export function formatTime(iso: string | null, timeZone: string): string {
  if (!iso) return '—';
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));
  } catch {
    return new Date(iso).toLocaleString();
  }
}

export { displayMoney as money } from '../../../../src/lib/money.js';

/** How long ago, in the words a queue needs ("just now", "12 min ago", "3 h ago", "2 days ago"). */
export function formatAge(iso: string, now = Date.now()): string {
  const minutes = Math.floor((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/**
 * The calendar's weekend for a brand (0 = Sunday … 6 = Saturday): Bangladesh rests on Friday and Saturday, so a brand
 * in Asia/Dhaka sees those marked; elsewhere Saturday and Sunday.
 */
export function weekendDays(timeZone: string): (0 | 1 | 2 | 3 | 4 | 5 | 6)[] {
  return timeZone === 'Asia/Dhaka' || timeZone === 'Asia/Dacca' ? [5, 6] : [0, 6];
}

/** Time zones for a picker: the current one and Asia/Dhaka first, then every zone the browser knows (ICU ids). */
export function timeZones(current: string): string[] {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return Array.from(new Set([current, 'Asia/Dhaka', ...all]));
}

/** A slug suggested from a brand name: "Jane’s Shop" → "janes-shop" (the server checks it and has the last word). */
export function suggestSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** A list's count: "1000+" when the server stopped counting (it counts up to 1000), so a capped count never reads as exact. */
export const countLabel = (total: number, capped: boolean) => (capped ? `${total}+` : String(total));
