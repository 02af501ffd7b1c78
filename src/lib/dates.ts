/** Calendar dates (`YYYY-MM-DD`) and wall-clock times in a named IANA time zone, without a date library. */

export const DATE_FORMAT_HINT = 'dd/mm/yyyy';

/** An instant (epoch ms; PostgreSQL may hand a bigint as text) as the admin API sends it: ISO 8601 in UTC. Null stays null. */
export function isoTime(ms: number): string;
export function isoTime(ms: number | null): string | null;
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(Number(ms)).toISOString();
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(value: string): boolean {
  try {
    partsFormatter(value);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC (ms) at a whole-second `instant`, through Intl: correct, but slow for every request. */
function intlOffset(instant: number, timeZone: string): number {
  const p = Object.fromEntries(
    partsFormatter(timeZone)
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!) - instant;
}

const HOUR = 3_600_000;
/** Per zone and UTC hour: the offset throughout that hour, or NaN when it changes inside it (a DST transition). */
const offsets = new Map<string, Map<number, number>>();

/**
 * The zone's offset at `instant`, asked of Intl once per zone and hour: every request formats dates (verify's `date`)
 * or finds a day's end (key expiry), and Intl's formatToParts costs more than the rest of such a request.
 */
function offsetAt(instant: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const hour = Math.floor(instant / HOUR);
  let offset = zone.get(hour);
  if (offset === undefined) {
    const start = intlOffset(hour * HOUR, timeZone);
    offset = start === intlOffset(hour * HOUR + HOUR - 1000, timeZone) ? start : NaN;
    if (zone.size >= 10_000) zone.clear();
    zone.set(hour, offset);
  }
  return Number.isNaN(offset) ? intlOffset(Math.floor(instant / 1000) * 1000, timeZone) : offset;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function wallClock(instant: number, timeZone: string) {
  const w = new Date(instant + offsetAt(instant, timeZone));
  return {
    y: pad(w.getUTCFullYear(), 4),
    mo: pad(w.getUTCMonth() + 1),
    d: pad(w.getUTCDate()),
    h: pad(w.getUTCHours()),
    mi: pad(w.getUTCMinutes()),
    s: pad(w.getUTCSeconds()),
  };
}

/** `YYYY-MM-DD HH:MM:SS` as a clock in `timeZone` reads at `instant` (the UddoktaPay `date` format). */
export function formatDateTime(instant: number, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${w.y}-${w.mo}-${w.d} ${w.h}:${w.mi}:${w.s}`;
}

/** Today's calendar date (`YYYY-MM-DD`) in `timeZone`. Every request counts its key's usage under it: cheap, as the zone's offset is cached per hour (offsetAt). */
export function today(timeZone: string, now = Date.now()): string {
  const w = wallClock(now, timeZone);
  return `${w.y}-${w.mo}-${w.d}`;
}

/** The instant at which `date` (YYYY-MM-DD) begins in `timeZone`. */
export function startOfDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y!, m! - 1, d!);
  // The zone's offset at the guess, applied twice so a DST change near midnight settles.
  let instant = guess;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(instant, timeZone);
    const asUtc = Date.UTC(+w.y, +w.mo - 1, +w.d, +w.h, +w.mi, +w.s);
    instant += guess - asUtc;
  }
  return instant;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** The first instant a key that expires on `date` is refused: 00:00 of the following day in `timeZone`. */
export function expiryInstant(date: string, timeZone: string): number {
  const id = `${date}|${timeZone}`;
  let instant = expiries.get(id);
  if (instant === undefined) {
    instant = startOfDay(addDays(date, 1), timeZone);
    if (expiries.size >= 10_000) expiries.clear();
    expiries.set(id, instant);
  }
  return instant;
}
/** Every request with a key that expires asks for its expiry instant: the same answer for the same date and zone. */
const expiries = new Map<string, number>();

/**
 * Whether `value` is a real calendar day written `YYYY-MM-DD`. Strict: `Date.parse` accepts 2030-02-31 (rolling it
 * over to 3 March), so the parsed day must read back as the same text.
 */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Parses `dd/mm/yyyy` strictly (two-digit day and month, four-digit year, a real calendar day) into `YYYY-MM-DD`. */
export function parseDayMonthYear(value: string): string | null {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim());
  if (!match) return null;
  const [, dd, mm, yyyy] = match;
  const iso = `${yyyy}-${mm}-${dd}`;
  return isCalendarDate(iso) ? iso : null;
}

export function toDayMonthYear(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
