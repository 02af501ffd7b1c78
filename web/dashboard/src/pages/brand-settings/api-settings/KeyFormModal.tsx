import { Alert, Button, Checkbox, Group, Modal, Radio, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useRef, useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../../api/client.js';
import type { Ability, AbilityInfo, ApiKey, KeyInput, KeyMode } from '../../../api/types.js';
import { parseDayMonthYear } from '../../../../../../src/lib/dates.js';
import { CalendarIcon } from '../../../components/icons.js';
import { useReturnFocus } from '../../../components/use-return-focus.js';
import { useFieldErrors } from '../../../components/use-field-errors.js';
import { useBusy } from '../../../components/use-submit.js';

/** The server's KeyInput, except that a rate limit that is not a number is sent as typed, so the server's message explains it. */
export type KeyFormBody = Omit<KeyInput, 'rate_limit_per_minute'> & { rate_limit_per_minute: KeyInput['rate_limit_per_minute'] | string };

type Props = {
  mode: 'create' | 'edit';
  apiKey?: ApiKey;
  abilities: AbilityInfo[];
  timezone: string;
  onClose: () => void;
  onSubmit: (input: KeyFormBody) => Promise<void>;
};

/**
 * The New api key / Edit form. Every message beside a field is the server's own (it validates names, abilities and
 * dates), so the dashboard, CLI and admin API say the same thing. The expiry field sends exactly what was typed, so a
 * date like 31/02/2026 reaches the server and comes back with the expected format spelled out.
 */
export function KeyFormModal({ mode, apiKey, abilities, timezone, onClose, onSubmit }: Props) {
  useReturnFocus();
  const [name, setName] = useState(apiKey?.name ?? '');
  const [selected, setSelected] = useState<string[]>(apiKey?.abilities ?? []);
  const [isActive, setIsActive] = useState(apiKey?.is_active ?? true);
  const [keyMode, setKeyMode] = useState<KeyMode>(apiKey?.mode ?? 'live');
  const [allowedIps, setAllowedIps] = useState((apiKey?.allowed_ips ?? []).join('\n'));
  const [rateLimit, setRateLimit] = useState(apiKey?.rate_limit_per_minute ? String(apiKey.rate_limit_per_minute) : '');
  const [note, setNote] = useState(apiKey?.note ?? '');
  const dateRef = useRef<HTMLInputElement>(null);
  const [calendarOpen, setCalendarOpen] = useState(false);
  const { busy, start, done: idle } = useBusy();
  const { errors, setErrors, clear } = useFieldErrors();
  const [formError, setFormError] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const title = mode === 'create' ? 'New api key' : `Edit “${apiKey?.name}”`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const raw = dateRef.current?.value.trim() ?? '';
    if (!start()) return;
    setErrors({});
    setFormError(null);
    try {
      const rate = rateLimit.trim();
      await onSubmit({
        name,
        abilities: selected as Ability[],
        expires_at: raw === '' ? null : raw,
        is_active: isActive,
        ...(mode === 'create' && { mode: keyMode }),
        note: note.trim() === '' ? null : note,
        allowed_ips: allowedIps.split(/[\s,]+/).filter(Boolean),
        // Sent as typed (a number when it is one), so the server's message explains anything else.
        rate_limit_per_minute: rate === '' ? null : /^-?\d+(\.\d+)?$/.test(rate) ? Number(rate) : rate,
      });
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      if (Object.keys(f).length === 0 || !['name', 'abilities', 'expires_at', 'is_active', 'mode', 'note', 'allowed_ips', 'rate_limit_per_minute'].includes(Object.keys(f)[0]!)) {
        setFormError(errorMessage(err));
      }
      idle();
      // Take the keyboard to the first field at fault, in form order. The date field is only scrolled to: focusing it
      // would pop its calendar open over the form and the message.
      if (f.name) nameRef.current?.focus();
      else if (f.abilities) document.getElementById('ability-0')?.focus();
      else if (f.expires_at) dateRef.current?.scrollIntoView({ block: 'nearest' });
    }
  }

  const initialExpiry = apiKey?.expires_at ? parseDayMonthYear(apiKey.expires_at) : null;

  return (
    <Modal opened onClose={onClose} title={title} size="lg" fullScreen={false} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {formError && <Alert color="red" role="alert">{formError}</Alert>}
          <TextInput
            ref={nameRef}
            label="Name"
            description="For your reference only, e.g. the website or plugin that uses the key. Never sent with API requests."
            required
            maxLength={100}
            value={name}
            onChange={(e) => { setName(e.currentTarget.value); clear('name'); }}
            error={errors.name}
            data-autofocus
          />
          {mode === 'create' ? (
            <Radio.Group
              label="Mode"
              description="Live keys take real payments. Test keys let you try your plugin end to end: their checkouts offer only the Sandbox method, no money moves, and they never see live payments. The mode cannot be changed later."
              value={keyMode}
              onChange={(v) => setKeyMode(v as KeyMode)}
              error={errors.mode}
            >
              <Group mt="xs" gap="lg">
                <Radio value="live" label="Live" />
                <Radio value="test" label="Test" data-testid="mode-test" />
              </Group>
            </Radio.Group>
          ) : (
            <Text size="sm">Mode: <strong>{apiKey?.mode === 'test' ? 'Test' : 'Live'}</strong></Text>
          )}
          <Checkbox.Group
            label="Abilities"
            description="What this key may do. Not sure? Select all three — a shop's website or plugin usually needs them all."
            required
            value={selected}
            onChange={(v) => { setSelected(v); clear('abilities'); }}
            error={errors.abilities}
            // With ids, Mantine names the group by its label and describes it by the tip and the error.
            labelProps={{ id: 'abilities-label' }}
            descriptionProps={{ id: 'abilities-description' }}
            errorProps={{ id: 'abilities-error' }}
          >
            <Stack gap="xs" mt="xs">
              {abilities.map((a, i) => (
                <Checkbox key={a.name} id={`ability-${i}`} value={a.name} label={<Text component="span" ff="monospace" size="sm">{a.name}</Text>} description={a.description} />
              ))}
            </Stack>
          </Checkbox.Group>
          <DateInput
            ref={dateRef}
            label="Expires at"
            description={`Optional, dd/mm/yyyy. Leave blank for a key that never expires. The key works through the end of that day (${timezone}).`}
            placeholder="dd/mm/yyyy"
            valueFormat="DD/MM/YYYY"
            dateParser={parseDayMonthYear}
            defaultValue={initialExpiry}
            fixOnBlur={false}
            clearable
            allowDeselect
            leftSection={<CalendarIcon />}
            clearButtonProps={{ 'aria-label': 'Clear the expiry date' }}
            // Above the field, so the calendar never hides the message beside it.
            popoverProps={{ withinPortal: true, position: 'top-start' }}
            error={errors.expires_at}
            autoComplete="off"
            // While the calendar is open, Escape closes the calendar only, not the whole dialog (Mantine's Modal
            // skips Escape from an element marked data-mantine-stop-propagation).
            data-mantine-stop-propagation={calendarOpen ? 'true' : undefined}
            onFocus={() => setCalendarOpen(true)}
            onClick={() => setCalendarOpen(true)}
            onBlur={() => setCalendarOpen(false)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setCalendarOpen(false);
            }}
            onInput={() => {
              setCalendarOpen(true);
              clear('expires_at');
            }}
            onChange={() => {
              setCalendarOpen(false);
              clear('expires_at');
            }}
          />
          <Textarea
            label="Allowed IPs"
            description="Optional. The addresses your shop's server sends requests from, one per line: IPv4 or IPv6 addresses or ranges such as 203.0.113.0/24. Blank = any address."
            autosize
            minRows={2}
            value={allowedIps}
            onChange={(e) => { setAllowedIps(e.currentTarget.value); clear('allowed_ips'); }}
            error={errors.allowed_ips}
            data-testid="allowed-ips"
          />
          <TextInput
            label="Rate limit (requests per minute)"
            description="Optional. Requests over this number in a minute are refused until the next minute. Blank = no limit."
            inputMode="numeric"
            value={rateLimit}
            onChange={(e) => { setRateLimit(e.currentTarget.value); clear('rate_limit_per_minute'); }}
            error={errors.rate_limit_per_minute}
          />
          <Textarea
            label="Note"
            description="Optional, for you: where the key is used (up to 500 characters)."
            autosize
            minRows={1}
            maxLength={500}
            value={note}
            onChange={(e) => { setNote(e.currentTarget.value); clear('note'); }}
            error={errors.note}
          />
          <Switch
            label="Is active"
            description="Off = every request with this key is refused at once. You can switch it back on later."
            checked={isActive}
            onChange={(e) => setIsActive(e.currentTarget.checked)}
            error={errors.is_active}
          />
          {mode === 'edit' && (
            <Alert color="gray" variant="light">
              The key value itself cannot be viewed or changed. Editing keeps the same key working; to replace a lost key, create a new one and delete this one.
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>{mode === 'create' ? 'Create' : 'Save changes'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
