import { Alert, Button, Group, Modal, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { fieldErrors } from '../../../api/client.js';
import type { Ability, AbilityInfo, ApiKey, KeyInput, KeyMode } from '../../../api/types.js';
import { useReturnFocus } from '../../../components/use-return-focus.js';
import { useSubmit } from '../../../components/use-submit.js';
import { KeyAbilitiesInput, KeyModeInput } from './KeyFields.js';
import { KeyExpiryInput } from './KeyExpiryInput.js';

/** The server's KeyInput, except that a rate limit that is not a number is sent as typed, so the server's message explains it. */
export type KeyFormBody = Omit<KeyInput, 'rate_limit_per_minute'> & { rate_limit_per_minute: KeyInput['rate_limit_per_minute'] | string };

const FIELDS = ['name', 'abilities', 'expires_at', 'is_active', 'mode', 'note', 'allowed_ips', 'rate_limit_per_minute'] as const;

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
  const nameRef = useRef<HTMLInputElement>(null);
  const title = mode === 'create' ? 'New api key' : `Edit “${apiKey?.name}”`;
  const submit = useSubmit(
    async (expiry: string) => {
      const rate = rateLimit.trim();
      try {
        await onSubmit({
          name,
          abilities: selected as Ability[],
          expires_at: expiry === '' ? null : expiry,
          is_active: isActive,
          ...(mode === 'create' && { mode: keyMode }),
          note: note.trim() === '' ? null : note,
          allowed_ips: allowedIps.split(/[\s,]+/).filter(Boolean),
          // Sent as typed ("1,000", Bangla digits): the server reads it like every amount and explains anything else.
          rate_limit_per_minute: rate === '' ? null : rate,
        });
      } catch (err) {
        // Take the keyboard to the first field at fault, in form order. The date field is only scrolled to: focusing it
        // would pop its calendar open over the form and the message.
        const f = fieldErrors(err);
        if (f.name) nameRef.current?.focus();
        else if (f.abilities) document.getElementById('ability-0')?.focus();
        else if (f.expires_at) dateRef.current?.scrollIntoView({ block: 'nearest' });
        throw err;
      }
    },
    { fields: FIELDS },
  );
  const { fields, clear } = submit;

  function onFormSubmit(event: FormEvent) {
    event.preventDefault();
    void submit.run(dateRef.current?.value.trim() ?? '');
  }

  return (
    <Modal opened onClose={onClose} title={title} size="lg" fullScreen={false} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={onFormSubmit} noValidate>
        <Stack gap="md">
          {submit.message && (
            <Alert color="red" role="alert">
              {submit.message}
            </Alert>
          )}
          <TextInput
            ref={nameRef}
            label="Name"
            description="For your reference only, e.g. the website or plugin that uses the key. Never sent with API requests."
            required
            maxLength={100}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              clear('name');
            }}
            error={fields.name}
            data-autofocus
          />
          <KeyModeInput creating={mode === 'create'} value={mode === 'create' ? keyMode : (apiKey?.mode ?? 'live')} error={fields.mode} onChange={setKeyMode} />
          <KeyAbilitiesInput
            abilities={abilities}
            value={selected}
            error={fields.abilities}
            onChange={(v) => {
              setSelected(v);
              clear('abilities');
            }}
          />
          <KeyExpiryInput
            inputRef={dateRef}
            initial={apiKey?.expires_at ?? null}
            timezone={timezone}
            error={fields.expires_at}
            onEdit={() => clear('expires_at')}
          />
          <Textarea
            label="Allowed IPs"
            description="Optional. The addresses your shop's server sends requests from, one per line: IPv4 or IPv6 addresses or ranges such as 203.0.113.0/24. Blank = any address."
            autosize
            minRows={2}
            value={allowedIps}
            onChange={(e) => {
              setAllowedIps(e.currentTarget.value);
              clear('allowed_ips');
            }}
            error={fields.allowed_ips}
            data-testid="allowed-ips"
          />
          <TextInput
            label="Rate limit (requests per minute)"
            description="Optional. Requests over this number in a minute are refused until the next minute. Blank = no limit."
            inputMode="numeric"
            value={rateLimit}
            onChange={(e) => {
              setRateLimit(e.currentTarget.value);
              clear('rate_limit_per_minute');
            }}
            error={fields.rate_limit_per_minute}
          />
          <Textarea
            label="Note"
            description="Optional, for you: where the key is used (up to 500 characters)."
            autosize
            minRows={1}
            maxLength={500}
            value={note}
            onChange={(e) => {
              setNote(e.currentTarget.value);
              clear('note');
            }}
            error={fields.note}
          />
          <Switch
            label="Is active"
            description="Off = every request with this key is refused at once. You can switch it back on later."
            checked={isActive}
            onChange={(e) => setIsActive(e.currentTarget.checked)}
            error={fields.is_active}
          />
          {mode === 'edit' && (
            <Alert color="gray" variant="light">
              The key value itself cannot be viewed or changed. Editing keeps the same key working; to replace a lost key, create a new one and delete this one.
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={submit.busy}>
              {mode === 'create' ? 'Create' : 'Save changes'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
