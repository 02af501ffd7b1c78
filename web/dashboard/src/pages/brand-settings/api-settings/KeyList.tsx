import { ActionIcon, Anchor, Badge, Button, Group, Menu, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ApiKey, KeyStatus } from '../../../api/types.js';
import { formatTime } from '../../../app/format.js';
import { DataTable, EmptyState } from '../../../components/DataTable.js';
import { DotsIcon } from '../../../components/icons.js';

/** What a key's row can ask the page to do. */
export type KeyHandlers = {
  edit: (k: ApiKey) => void;
  toggle: (k: ApiKey) => void;
  remove: (k: ApiKey) => void;
  roll: (k: ApiKey) => void;
  details: (k: ApiKey) => void;
};

const STATUS: Record<KeyStatus, { label: string; color: string }> = {
  active: { label: 'Active', color: 'green' },
  inactive: { label: 'Inactive', color: 'gray' },
  expired: { label: 'Expired', color: 'red' },
};

/**
 * A rolled key's status says so, with when it stops (or stopped) working: otherwise the old key and its successor read as
 * two identical Active rows, and a rolled key past its grace period as "Expired" beside an expiry of "Never".
 */
function rolledLine(k: ApiKey, timezone: string, now = Date.now()): string | null {
  if (!k.ends_at || k.status === 'inactive') return null;
  if (k.status === 'active') return `Rolled — works until ${formatTime(k.ends_at, timezone)}`;
  // Expired by its own date before the grace period ended: that is what the Expired badge says.
  return Date.parse(k.ends_at) <= now ? `Rolled — stopped working ${formatTime(k.ends_at, timezone)}` : null;
}

/** The Expires column: a rolled key ends when its grace period does, whatever its own date said. */
function expiresText(k: ApiKey, timezone: string): string {
  return k.ends_at ? formatTime(k.ends_at, timezone) : (k.expires_at ?? 'Never');
}

function KeyStatusCell({ apiKey, timezone }: { apiKey: ApiKey; timezone: string }) {
  const rolled = rolledLine(apiKey, timezone);
  if (!rolled) return <StatusBadge status={apiKey.status} />;
  return (
    <Text size="xs" fw={600} maw={180} data-testid="rolled-status">
      {rolled}
    </Text>
  );
}

function StatusBadge({ status }: { status: KeyStatus }) {
  return (
    <Badge color={STATUS[status].color} variant={status === 'active' ? 'filled' : 'light'} style={{ minWidth: 'max-content' }}>
      {STATUS[status].label}
    </Badge>
  );
}

function AbilityBadges({ abilities }: { abilities: string[] }) {
  return (
    <Group gap={4} mt={4}>
      {abilities.map((a) => (
        <Badge key={a} size="sm" variant="outline" tt="none" ff="monospace" style={{ minWidth: 'max-content' }}>
          {a}
        </Badge>
      ))}
    </Group>
  );
}

/** The "Key" column: prefix and last characters of the id (never the secret) and a Test badge, never cut short. */
function KeyCell({ apiKey }: { apiKey: ApiKey }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="xs" ff="monospace">
        {apiKey.key_label}
      </Text>
      {apiKey.mode === 'test' && (
        <Badge size="xs" color="orange" variant="filled" style={{ flexShrink: 0, minWidth: 'max-content', overflow: 'visible' }} data-testid="test-badge">
          Test
        </Badge>
      )}
    </Group>
  );
}

function KeyActions({ apiKey, on }: { apiKey: ApiKey; on: KeyHandlers }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${apiKey.name}`}>
          <DotsIcon />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => on.edit(apiKey)}>Edit</Menu.Item>
        {!apiKey.rolled_to && <Menu.Item onClick={() => on.roll(apiKey)}>Roll key…</Menu.Item>}
        <Menu.Item onClick={() => on.toggle(apiKey)}>{apiKey.is_active ? 'Deactivate' : 'Activate'}</Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => on.remove(apiKey)}>
          Delete
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The brand's keys: cards on a phone (status and actions stay in view without sideways scrolling), a table elsewhere. */
export function KeyList({ keys, phone, timezone, on }: { keys: ApiKey[]; phone: boolean; timezone: string; on: KeyHandlers }) {
  if (phone) {
    return (
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="keys-title" data-testid="keys-cards">
        {keys.map((k) => (
          <Paper component="li" withBorder p="sm" key={k.id} data-key-id={k.id}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div style={{ minWidth: 0 }}>
                <Anchor component="button" fw={600} onClick={() => on.details(k)}>
                  {k.name}
                </Anchor>
                <KeyCell apiKey={k} />
              </div>
              <Group gap={4} wrap="nowrap">
                <KeyStatusCell apiKey={k} timezone={timezone} />
                <KeyActions apiKey={k} on={on} />
              </Group>
            </Group>
            <AbilityBadges abilities={k.abilities} />
            <Text size="xs" c="dimmed" mt={6}>
              Expires: {expiresText(k, timezone)} · Last used: {k.last_used_at ? formatTime(k.last_used_at, timezone) : 'Never'} · Created:{' '}
              {formatTime(k.created_at, timezone)}
            </Text>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <DataTable
      minWidth={860}
      columns={['Name', 'Key', 'Abilities', 'Status', 'Expires at', 'Last used', 'Created', { label: 'Actions', hidden: true }]}
      verticalSpacing="sm"
      highlightOnHover
      data-testid="keys-table"
      aria-labelledby="keys-title"
    >
      {keys.map((k) => (
        <Table.Tr key={k.id} data-key-id={k.id}>
          <Table.Td fw={500}>
            {/* Opens the key's panel: usage chart, last use and settings. */}
            <Anchor component="button" fw={500} onClick={() => on.details(k)}>
              {k.name}
            </Anchor>
            {k.note && (
              <Text size="xs" c="dimmed" lineClamp={1}>
                {k.note}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <KeyCell apiKey={k} />
          </Table.Td>
          <Table.Td>
            <AbilityBadges abilities={k.abilities} />
          </Table.Td>
          <Table.Td>
            <KeyStatusCell apiKey={k} timezone={timezone} />
          </Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{expiresText(k, timezone)}</Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>
            {k.last_used_at ? (
              <>
                {formatTime(k.last_used_at, timezone)}
                {k.last_used_ip && (
                  <Text size="xs" c="dimmed">
                    {k.last_used_ip}
                  </Text>
                )}
              </>
            ) : (
              'Never'
            )}
          </Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(k.created_at, timezone)}</Table.Td>
          <Table.Td>
            <KeyActions apiKey={k} on={on} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

/** No key yet: what a key is for, and the button to create the first one. */
export function NoKeysYet({ onCreate }: { onCreate: () => void }) {
  return (
    <EmptyState testId="keys-empty">
      <Title order={3} size="h5">
        No API keys yet
      </Title>
      <Text size="sm" mt="xs" maw={640}>
        An API key is the password your website or plugin (WooCommerce, WHMCS, Laravel, an app…) uses to create payments, check them and refund them through
        Duar. Create one, paste it into your plugin's settings, and keep it secret.
      </Text>
      <Button mt="md" onClick={onCreate}>
        Create your first key
      </Button>
    </EmptyState>
  );
}
