import { Badge, Box, Drawer, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { enc } from '../../../api/client.js';
import { useBrandQuery } from '../../../api/queries.js';
import type { ApiKey, KeyUsageAnswer } from '../../../api/types.js';
import { formatTime } from '../../../app/format.js';
import { QueryState } from '../../../components/states.js';

const OUTCOMES = [
  { key: 'ok', label: 'OK', color: 'var(--mantine-color-green-6)' },
  { key: 'ability_missing', label: 'Ability missing', color: 'var(--mantine-color-yellow-6)' },
  { key: 'ip_not_allowed', label: 'IP not allowed', color: 'var(--mantine-color-orange-7)' },
  { key: 'rate_limited', label: 'Rate limited', color: 'var(--mantine-color-grape-6)' },
  { key: 'api_key_inactive', label: 'Inactive', color: 'var(--mantine-color-gray-6)' },
  { key: 'api_key_expired', label: 'Expired', color: 'var(--mantine-color-red-7)' },
] as const;

/** A key's panel: requests of the last 30 days by outcome (stacked bars, with the numbers as a table), last use and settings. */
export function KeyDetailsDrawer({ apiKey, timezone, onClose }: { apiKey: ApiKey; timezone: string; onClose: () => void }) {
  const usage = useBrandQuery(`api-keys/${enc(apiKey.id)}/usage?days=30`, (r: KeyUsageAnswer) => r.days);
  const max = Math.max(1, ...(usage.data ?? []).map((d) => OUTCOMES.reduce((n, o) => n + d[o.key], 0)));
  const totals = OUTCOMES.map((o) => ({ ...o, n: (usage.data ?? []).reduce((sum, d) => sum + d[o.key], 0) }));
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={apiKey.name} closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack gap="md" data-testid="key-details">
        <Group gap="xs">
          <Text ff="monospace" size="sm">
            {apiKey.key_label}
          </Text>
          {apiKey.mode === 'test' && <Badge color="orange">Test</Badge>}
        </Group>
        <Title order={3} size="h5">
          Requests, last 30 days
        </Title>
        <QueryState query={usage} rows={2} />
        {usage.data && (
          <>
            <Box
              role="img"
              aria-label="Bar chart of requests per day by outcome; the numbers are in the table below"
              data-testid="usage-chart"
              style={{ display: 'flex', alignItems: 'flex-end', gap: 2, height: 140, borderBottom: '1px solid var(--mantine-color-gray-4)' }}
            >
              {usage.data.map((d) => (
                <Tooltip key={d.date} label={`${d.date}: ${OUTCOMES.map((o) => `${o.label} ${d[o.key]}`).join(', ')}`}>
                  <div style={{ flex: 1, display: 'flex', flexDirection: 'column-reverse', height: '100%' }}>
                    {OUTCOMES.map((o) => (d[o.key] ? <div key={o.key} style={{ height: `${(d[o.key] / max) * 100}%`, background: o.color }} /> : null))}
                  </div>
                </Tooltip>
              ))}
            </Box>
            <Table data-testid="usage-totals">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Outcome</Table.Th>
                  <Table.Th>Requests (30 days)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {totals.map((o) => (
                  <Table.Tr key={o.key}>
                    <Table.Td>
                      <Group gap={6}>
                        <span aria-hidden style={{ width: 10, height: 10, background: o.color, display: 'inline-block' }} />
                        {o.label}
                      </Group>
                    </Table.Td>
                    <Table.Td>{o.n}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
        <Title order={3} size="h5">
          Settings
        </Title>
        <Text size="sm">
          Last used: {apiKey.last_used_at ? `${formatTime(apiKey.last_used_at, timezone)} from ${apiKey.last_used_ip ?? 'unknown address'}` : 'Never'}
        </Text>
        <Text size="sm">Allowed IPs: {apiKey.allowed_ips.length ? apiKey.allowed_ips.join(', ') : 'Any address'}</Text>
        <Text size="sm">Rate limit: {apiKey.rate_limit_per_minute ? `${apiKey.rate_limit_per_minute} requests per minute` : 'None'}</Text>
        <Text size="sm">
          Expires: {apiKey.expires_at ?? 'Never'}
          {apiKey.ends_at ? ` · stops working ${formatTime(apiKey.ends_at, timezone)} (rolled)` : ''}
        </Text>
        {apiKey.note && <Text size="sm">Note: {apiKey.note}</Text>}
      </Stack>
    </Drawer>
  );
}
