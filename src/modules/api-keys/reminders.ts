import type { Executor } from '../../db/index.js';
import { addDays, today } from '../../lib/dates.js';
import { REMINDER_THRESHOLDS, type ReminderThreshold } from './reminder-thresholds.js';
import * as repo from './repository.js';

/** Pure: which threshold is due for a key whose last valid day is `expiresOn`, on `todayDate` (both brand time zone). */
export function dueThreshold(expiresOn: string, todayDate: string): ReminderThreshold | null {
  if (expiresOn < todayDate) return null;
  const due = REMINDER_THRESHOLDS.filter((t) => addDays(todayDate, t.days) >= expiresOn);
  return due.length ? due[due.length - 1]! : null;
}

type ReminderCandidate = Awaited<ReturnType<typeof repo.listExpiringKeys>>[number];
export type DueReminder = ReminderCandidate & { expires_on: string; threshold: ReminderThreshold };

export { listExpiringKeys as reminderCandidates } from './repository.js';

/**
 * The reminder due now for a candidate key, claimed by its row (written before sending, so of several instances one
 * sends it); null when none is due or it was already sent. Lesser thresholds that were missed are covered by the due
 * one: one email, not two at once.
 */
export async function claimReminder(db: Executor, key: ReminderCandidate, at: number): Promise<DueReminder | null> {
  const threshold = dueThreshold(key.expires_on!, today(key.timezone, at));
  if (!threshold) return null;
  const covered = REMINDER_THRESHOLDS.filter((t) => t.days >= threshold.days);
  const inserted = await repo.insertReminders(
    db,
    covered.map((t) => ({ key_id: key.id, threshold: t.id, expires_on: key.expires_on!, sent_at: at })),
  );
  return inserted.includes(threshold.id) ? { ...key, expires_on: key.expires_on!, threshold } : null;
}

/** A reminder that could not be sent gives its claim back, so the next run retries it. */
export async function releaseReminder(db: Executor, reminder: DueReminder, at: number): Promise<void> {
  await repo.deleteReminders(db, reminder.id, reminder.expires_on, at);
}
