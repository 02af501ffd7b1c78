import { Badge, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ApiKey, AuditEntry } from '../../../api/types.js';
import { formatTime } from '../../../app/format.js';
import { DataTable } from '../../../components/DataTable.js';
import { LoadError, LoadingRows } from '../../../components/states.js';
import { usePhone } from '../../../components/use-phone.js';

const ACTIONS: Record<string, { label: string; color: string }> = {
  'api_key.created': { label: 'Created', color: 'green' },
  'api_key.updated': { label: 'Edited', color: 'blue' },
  'api_key.activated': { label: 'Activated', color: 'teal' },
  'api_key.deactivated': { label: 'Deactivated', color: 'gray' },
  'api_key.deleted': { label: 'Deleted', color: 'red' },
};

const FIELD_LABEL: Record<string, string> = { name: 'Name', abilities: 'Abilities', expires_at: 'Expires', is_active: 'Active', hint: 'Key ends in' };

function show(value: unknown): string {
  if (value === null || value === undefined) return 'never';
  if (Array.isArray(value)) return value.join(', ') || 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** One change in words: "Turned off", "Abilities: added payment:refund", "Name: Shop → Shop v2". */
function describeChange(field: string, change: unknown): string {
  const label = FIELD_LABEL[field] ?? field.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  if (!(change && typeof change === 'object' && !Array.isArray(change) && 'from' in change)) return `${label}: ${show(change)}`;
  const { from, to } = change as { from: unknown; to: unknown };
  if (field === 'is_active') return to ? 'Turned on' : 'Turned off';
  if (Array.isArray(from) && Array.isArray(to)) {
    const added = to.filter((a) => !from.includes(a));
    const removed = from.filter((a) => !to.includes(a));
    return [added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean).join(', ').replace(/^/, `${label}: `);
  }
  return `${label}: ${show(from)} → ${show(to)}`;
}

/** What changed, in words; for a created or deleted key, its fields. */
function describe(entry: AuditEntry): string {
  return Object.entries(entry.changes)
    .map(([field, change]) => describeChange(field, change))
    .join('; ');
}

export function AuditLog({ entries: all, error, keys, timezone, onRetry }: { entries: AuditEntry[] | null; error: string | null; keys: ApiKey[]; timezone: string; onRetry: () => void }) {
  const phone = usePhone();
  const [action, setAction] = useState<string | null>(null);
  const [keyId, setKeyId] = useState<string | null>(null);
  const entries = all?.filter((e) => (!action || e.action === action) && (!keyId || e.target_id === keyId)) ?? null;
  // A key's name as it is now, or as the log last recorded it (for deleted keys and entries that did not touch the name).
  const names = new Map<string, string>();
  for (const e of [...(all ?? [])].reverse()) {
    const n = e.changes.name as unknown;
    if (typeof n === 'string') names.set(e.target_id, n);
    else if (n && typeof n === 'object' && 'to' in n && typeof (n as { to: unknown }).to === 'string') names.set(e.target_id, (n as { to: string }).to);
  }
  for (const k of keys) names.set(k.id, k.name);
  const keyName = (e: AuditEntry) => names.get(e.target_id) ?? e.target_id;
  return (
    <section aria-labelledby="audit-title">
      <Title order={2} size="h4" id="audit-title" mb="xs">Audit log</Title>
      <Text size="sm" c="dimmed" mb="sm">Every change to this brand's API keys: who made it, when and from where.</Text>
      <Group gap="sm" mb="sm" align="flex-end">
        <Select
          label="Action"
          placeholder="Any action"
          clearable
          data={Object.entries(ACTIONS).map(([value, a]) => ({ value, label: a.label }))}
          value={action}
          onChange={setAction}
          w={{ base: '100%', xs: 180 }}
        />
        <Select
          label="Key"
          placeholder="Any key"
          clearable
          searchable
          data={[...names].map(([value, label]) => ({ value, label }))}
          value={keyId}
          onChange={setKeyId}
          w={{ base: '100%', xs: 220 }}
        />
      </Group>
      {error && <LoadError message={error} onRetry={onRetry} />}
      {!entries && !error && <LoadingRows rows={3} />}
      {entries && entries.length === 0 && <Text size="sm">{action || keyId ? 'No change matches these filters.' : 'No changes yet.'}</Text>}
      {entries && entries.length > 0 && phone && (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="audit-log">
          {entries.map((e) => (
            <Paper component="li" withBorder p="sm" key={e.id}>
              <Group gap="xs" justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600} truncate>{keyName(e)}</Text>
                <Badge variant="light" color={ACTIONS[e.action]?.color ?? 'gray'} style={{ minWidth: 'max-content' }}>{ACTIONS[e.action]?.label ?? e.action}</Badge>
              </Group>
              <Text size="xs" mt={4} style={{ wordBreak: 'break-word' }}>{describe(e)}</Text>
              <Text size="xs" c="dimmed" mt={4}>{formatTime(e.created_at, timezone)} · {e.actor}{e.ip ? ` · ${e.ip}` : ''}</Text>
            </Paper>
          ))}
        </Stack>
      )}
      {entries && entries.length > 0 && !phone && (
        <DataTable minWidth={720} columns={['When', 'Action', 'Key', 'Changes', 'By', 'Address']} striped verticalSpacing="xs" data-testid="audit-log">
          {entries.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(e.created_at, timezone)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={ACTIONS[e.action]?.color ?? 'gray'} style={{ minWidth: 'max-content' }}>{ACTIONS[e.action]?.label ?? e.action}</Badge>
              </Table.Td>
              <Table.Td>{keyName(e)}</Table.Td>
              <Table.Td><Text size="xs">{describe(e)}</Text></Table.Td>
              <Table.Td>{e.actor}</Table.Td>
              <Table.Td>{e.ip ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
