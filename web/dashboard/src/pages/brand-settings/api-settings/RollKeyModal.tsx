import { Alert, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ApiKey } from '../../../api/types.js';
import { useReturnFocus } from '../../../components/use-return-focus.js';
import { useSubmit } from '../../../components/use-submit.js';

export const GRACE_CHOICES = [
  { value: 'now', label: 'Now — the old key stops working at once' },
  { value: '1h', label: '1 hour' },
  { value: '24h', label: '24 hours' },
  { value: '3d', label: '3 days' },
  { value: '7d', label: '7 days' },
] as const;

/** "Roll key…": a new key with the same settings; the old one keeps working for the chosen grace period. */
export function RollKeyModal({ apiKey, onCancel, onRoll }: { apiKey: ApiKey; onCancel: () => void; onRoll: (grace: string) => Promise<void> }) {
  useReturnFocus();
  const [grace, setGrace] = useState('24h');
  const submit = useSubmit(() => onRoll(grace));
  return (
    <Modal opened onClose={onCancel} title={`Roll key “${apiKey.name}”`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        {submit.message && (
          <Alert color="red" role="alert">
            {submit.message}
          </Alert>
        )}
        <Text size="sm">
          Duar creates a new key with the same name, abilities, expiry, mode and settings, and shows it once. Put the new key into your shop; the old key (
          {apiKey.key_label}) keeps working until the grace period ends, so no request fails while you switch.
        </Text>
        <Radio.Group label="Keep the old key working for" value={grace} onChange={setGrace}>
          <Stack gap="xs" mt="xs">
            {GRACE_CHOICES.map((c) => (
              <Radio key={c.value} value={c.value} label={c.label} />
            ))}
          </Stack>
        </Radio.Group>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-autofocus>
            Cancel
          </Button>
          <Button loading={submit.busy} onClick={() => void submit.run()}>
            Roll key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
