import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { ApiKey } from '../../../api/types.js';

/** Keys that expire within days, each with "Roll key" so the shop can switch before requests start failing. */
export function ExpiringKeysBanner({ keys, onRoll }: { keys: ApiKey[]; onRoll: (key: ApiKey) => void }) {
  const expiring = keys.filter((k) => k.expires_in_days !== null);
  if (expiring.length === 0) return null;
  return (
    <Alert color="orange" variant="light" role="status" title="API keys expiring soon" data-testid="expiry-banner">
      <Stack gap="xs">
        {expiring.map((k) => (
          <Group key={k.id} justify="space-between" gap="sm">
            <Text size="sm">
              <strong>{k.name}</strong> ({k.key_label}) expires{' '}
              {k.expires_in_days === 0 ? 'at the end of today' : k.expires_in_days === 1 ? 'tomorrow' : `in ${k.expires_in_days} days`} ({k.expires_at}).
            </Text>
            <Button size="xs" variant="default" onClick={() => onRoll(k)}>
              Roll key
            </Button>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
