import { Badge, Group, Paper, Stack, Table, Text } from '@mantine/core';
import type { AuditEntry } from '../../../api/types.js';
import { formatTime } from '../../../app/format.js';
import { DataTable } from '../../../components/DataTable.js';
import { ACTIONS, describe } from './audit-words.js';

function ActionBadge({ action }: { action: AuditEntry['action'] }) {
  // Rows written by an older version may carry an action this one no longer names: shown as stored.
  const words = ACTIONS[action] as (typeof ACTIONS)[typeof action] | undefined;
  return (
    <Badge variant="light" color={words?.color ?? 'gray'} style={{ minWidth: 'max-content' }}>
      {words?.label ?? action}
    </Badge>
  );
}

/** The audit entries loaded so far: cards on a phone, a table otherwise; `what` names what each entry is about. */
export function AuditEntries({
  entries,
  phone,
  timezone,
  aboutLabel,
  what,
}: {
  entries: AuditEntry[];
  phone: boolean;
  timezone: string;
  aboutLabel: string;
  what: (entry: AuditEntry) => string;
}) {
  if (phone) {
    return (
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="audit-log">
        {entries.map((e) => (
          <Paper component="li" withBorder p="sm" key={e.id}>
            <Group gap="xs" justify="space-between" wrap="nowrap">
              <Text size="sm" fw={600} truncate>
                {what(e)}
              </Text>
              <ActionBadge action={e.action} />
            </Group>
            <Text size="xs" mt={4} style={{ wordBreak: 'break-word' }}>
              {describe(e)}
            </Text>
            <Text size="xs" c="dimmed" mt={4} style={{ wordBreak: 'break-word' }}>
              {formatTime(e.created_at, timezone)} · {e.actor}
              {e.ip ? ` · ${e.ip}` : ''}
            </Text>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <DataTable minWidth={720} columns={['When', 'Action', aboutLabel, 'Changes', 'By', 'Address']} striped verticalSpacing="xs" data-testid="audit-log">
      {entries.map((e) => (
        <Table.Tr key={e.id}>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(e.created_at, timezone)}</Table.Td>
          <Table.Td>
            <ActionBadge action={e.action} />
          </Table.Td>
          <Table.Td>{what(e)}</Table.Td>
          <Table.Td>
            <Text size="xs">{describe(e)}</Text>
          </Table.Td>
          <Table.Td>{e.actor}</Table.Td>
          <Table.Td>{e.ip ?? '—'}</Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}
