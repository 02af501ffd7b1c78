import { DateInput } from '@mantine/dates';
import { useState, type RefObject } from 'react';
import { parseDayMonthYear } from '../../../../../../src/lib/dates.js';
import { CalendarIcon } from '../../../components/icons.js';

/**
 * The key's "Expires at" field: typed as dd/mm/yyyy or picked from a calendar that opens only when the merchant asks
 * (focus, click or typing), above the field so it never hides the message beside it. The form reads what was typed
 * through `inputRef`, so a date like 31/02/2026 reaches the server and comes back with the expected format spelled out.
 */
export function KeyExpiryInput({
  inputRef,
  initial,
  timezone,
  error,
  onEdit,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  initial: string | null;
  timezone: string;
  error: string | undefined;
  onEdit: () => void;
}) {
  const [calendarOpen, setCalendarOpen] = useState(false);
  return (
    <DateInput
      ref={inputRef}
      label="Expires at"
      description={`Optional, dd/mm/yyyy. Leave blank for a key that never expires. The key works through the end of that day (${timezone}).`}
      placeholder="dd/mm/yyyy"
      valueFormat="DD/MM/YYYY"
      dateParser={parseDayMonthYear}
      defaultValue={initial ? parseDayMonthYear(initial) : null}
      fixOnBlur={false}
      clearable
      allowDeselect
      leftSection={<CalendarIcon />}
      clearButtonProps={{ 'aria-label': 'Clear the expiry date' }}
      // Above the field, so the calendar never hides the message beside it. The calendar's own open/close events say
      // whether it is showing: guessing from focus and typing went wrong when a typed date was complete (Mantine keeps
      // the calendar open; the guess said closed), and Escape then closed the whole form and lost what was typed.
      popoverProps={{ withinPortal: true, position: 'top-start', onOpen: () => setCalendarOpen(true), onClose: () => setCalendarOpen(false) }}
      error={error}
      autoComplete="off"
      // While the calendar is open, Escape closes the calendar only, not the whole dialog (Mantine's Modal
      // skips Escape from an element marked data-mantine-stop-propagation).
      data-mantine-stop-propagation={calendarOpen ? 'true' : undefined}
      onInput={onEdit}
      onChange={onEdit}
    />
  );
}
