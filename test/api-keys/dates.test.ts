import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expiryInstant, formatDateTime, isCalendarDate, parseDayMonthYear, today } from '../../src/lib/dates.js';
import { keyStatus } from '../../src/modules/api-keys/view.js';

test('parseDayMonthYear accepts dd/mm/yyyy and refuses everything else', () => {
  assert.equal(parseDayMonthYear('31/12/2026'), '2026-12-31');
  assert.equal(parseDayMonthYear('29/02/2028'), '2028-02-29');
  for (const bad of ['31/02/2026', '29/02/2027', '2026-12-31', '1/1/26', '01/13/2026', '00/01/2026', '12/31/2026', 'tomorrow', '']) {
    assert.equal(parseDayMonthYear(bad), null, bad);
  }
});

test('isCalendarDate accepts real YYYY-MM-DD days only (Date.parse would roll 2030-02-31 over to March)', () => {
  for (const good of ['2030-02-28', '2028-02-29', '2030-12-31', '2000-01-01']) assert.equal(isCalendarDate(good), true, good);
  for (const bad of [
    '2030-02-31',
    '2030-02-29',
    '2030-04-31',
    '2030-13-01',
    '2030-00-10',
    '2030-01-00',
    '2030-1-01',
    '30-01-01',
    '2030-01-01T00:00',
    '',
    'today',
  ]) {
    assert.equal(isCalendarDate(bad), false, bad);
  }
});

test('a key expiring on a day works through the end of that day in Asia/Dhaka and is refused from 00:00 the next day', () => {
  const row = { is_active: 1, expires_on: '2026-12-31' };
  const midnight = Date.parse('2026-12-31T18:00:00Z'); // 00:00 on 1 Jan 2027 in Dhaka (UTC+6)
  assert.equal(expiryInstant('2026-12-31', 'Asia/Dhaka'), midnight);
  assert.equal(keyStatus(row, 'Asia/Dhaka', midnight - 1), 'active');
  assert.equal(keyStatus(row, 'Asia/Dhaka', midnight), 'expired');
});

test('expiry follows the brand time zone, across a DST change', () => {
  // New York: 8 Mar 2026 is the spring-forward day; the next midnight is EDT (UTC-4).
  assert.equal(expiryInstant('2026-03-08', 'America/New_York'), Date.parse('2026-03-09T04:00:00Z'));
  assert.equal(expiryInstant('2026-03-07', 'America/New_York'), Date.parse('2026-03-08T05:00:00Z'));
  assert.equal(expiryInstant('2026-06-30', 'UTC'), Date.parse('2026-07-01T00:00:00Z'));
});

test('an inactive key is inactive whatever its date; no date never expires', () => {
  assert.equal(keyStatus({ is_active: 0, expires_on: '2020-01-01' }, 'Asia/Dhaka'), 'inactive');
  assert.equal(keyStatus({ is_active: 1, expires_on: null }, 'Asia/Dhaka', Date.parse('2999-01-01')), 'active');
});

test('today and formatDateTime read the clock of the zone', () => {
  const instant = Date.parse('2026-11-25T19:30:05Z');
  assert.equal(today('Asia/Dhaka', instant), '2026-11-26');
  assert.equal(today('UTC', instant), '2026-11-25');
  assert.equal(formatDateTime(instant, 'Asia/Dhaka'), '2026-11-26 01:30:05');
});

test('formatDateTime (offsets cached per zone and hour) reads exactly as Intl does, through DST changes and odd offsets', () => {
  const zones = ['Asia/Dhaka', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns'];
  for (const timeZone of zones) {
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    // Every 7 min 13.337 s through two years: every transition of these zones, at varied minutes and seconds. Twice, so
    // the second pass reads the cache the first one filled.
    for (let pass = 0; pass < 2; pass++) {
      for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 433_337) {
        const p = Object.fromEntries(intl.formatToParts(t).map((x) => [x.type, x.value]));
        const expected = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
        if (formatDateTime(t, timeZone) !== expected) assert.fail(`${timeZone} at ${new Date(t).toISOString()}: ${formatDateTime(t, timeZone)} ≠ ${expected}`);
      }
    }
  }
  // St John's moved its clocks at 00:01 local until 2011: a transition inside a UTC hour is read through Intl directly.
  assert.equal(formatDateTime(Date.parse('2010-03-14T03:31:30Z'), 'America/St_Johns'), '2010-03-14 01:01:30');
  assert.equal(formatDateTime(Date.parse('2010-03-14T03:30:30Z'), 'America/St_Johns'), '2010-03-14 00:00:30');
});

test('today (the day and its bounds cached per zone) reads exactly as Intl does, through DST changes at and near midnight', () => {
  // Santiago, Havana and Beirut move their clocks at midnight; St John's moved at 00:01 until 2011.
  const zones = ['Asia/Dhaka', 'America/New_York', 'America/Santiago', 'America/Havana', 'Asia/Beirut', 'Pacific/Chatham', 'America/St_Johns'];
  for (const timeZone of zones) {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const check = (t: number) => {
      if (today(timeZone, t) !== intl.format(t)) assert.fail(`${timeZone} at ${new Date(t).toISOString()}: ${today(timeZone, t)} ≠ ${intl.format(t)}`);
    };
    // Forward through two years (the cache moves from day to day), then backward and around each midnight.
    for (let t = Date.UTC(2009, 11, 1); t < Date.UTC(2011, 11, 1); t += 433_337) check(t);
    for (let t = Date.UTC(2026, 11, 31); t > Date.UTC(2025, 0, 1); t -= 1_733_339) check(t);
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) for (const d of [-1001, -1, 0, 1, 999]) check(t + d);
  }
});
