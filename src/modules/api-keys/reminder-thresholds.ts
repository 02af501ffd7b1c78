/**
 * Days before expiry at which every administrator is emailed; a missed one is caught up (the most urgent only).
 * The `api_key_reminders.threshold` column holds the id. No imports, so the table type can use them.
 */
export const REMINDER_THRESHOLDS = [
  { id: '7d', days: 7 },
  { id: '1d', days: 1 },
] as const;
export type ReminderThreshold = (typeof REMINDER_THRESHOLDS)[number];
export type ReminderThresholdId = ReminderThreshold['id'];
