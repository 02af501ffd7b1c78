import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api, enc } from '../../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../../api/queries.js';
import type { AlertChannel, AlertChannelList, AlertDelivery, RecentAlertList, TestAlertResult } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { formatTime } from '../../../app/format.js';
import { ConfirmModal } from '../../../components/ConfirmModal.js';
import { DataTable, EmptyState } from '../../../components/DataTable.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { QueryState } from '../../../components/states.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { useSubmit } from '../../../components/use-submit.js';
import { ChannelFormModal } from './ChannelFormModal.js';
import { EVENT_LABELS, KIND_LABELS } from './labels.js';

const STATUS_COLORS: Record<AlertDelivery['status'], string> = { pending: 'yellow', delivered: 'green', failed: 'red' };

/**
 * Brand Settings → Alerts (PRODUCT.md §7): where Duar tells the merchant what happened — Telegram, e-mail, Slack,
 * Discord — which events each channel gets, a test message, and the latest alerts with how each went.
 */
export function AlertsPage() {
  const { brand } = useBrand();
  usePageTitle('Alerts', brand.name);
  const base = `/brands/${enc(brand.slug)}/alert-channels`;
  const channels = useBrandQuery<AlertChannelList>('alert-channels');
  const recent = useBrandQuery<RecentAlertList>('alerts?limit=30');
  const changed = useBrandChanged();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<AlertChannel | null>(null);
  const test = useSubmit(async (channel: AlertChannel) => {
    const r = await api.post<TestAlertResult>(`${base}/${enc(channel.id)}/test`, {});
    if (r.outcome === 'acknowledged') notifications.show({ color: 'green', message: `Test alert sent to ${KIND_LABELS[channel.kind]} (${channel.target}).` });
    else throw new Error(`The test alert to ${KIND_LABELS[channel.kind]} did not go through: ${r.error ?? r.outcome}`);
  });

  return (
    <Stack gap="lg">
      <PageHeader
        section="Brand Settings"
        title="Alerts"
        actions={
          <Button onClick={() => setAdding(true)} data-testid="add-channel">
            Add channel
          </Button>
        }
      >
        Duar messages you when money comes in, waits for your approval, or arrives without an order, when a phone stops forwarding SMS while customers wait, and
        every evening at 21:00 with the day's takings. Nothing is lost if Duar restarts; a failed message is retried for 24 hours.
      </PageHeader>
      <Paper withBorder p="md" component="section" aria-labelledby="channels-title">
        <Title order={2} size="h4" id="channels-title" mb="sm">
          Channels
        </Title>
        <QueryState query={channels} rows={2} />
        {test.message && (
          <Alert color="red" role="alert" mb="sm">
            {test.message}
          </Alert>
        )}
        {channels.data &&
          (channels.data.channels.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="channels-empty">
              No channel yet: add Telegram, e-mail, Slack or Discord to hear about payments without opening the dashboard.
            </Text>
          ) : (
            <Stack gap="sm" data-testid="channels">
              {channels.data.channels.map((c) => (
                <Paper key={c.id} withBorder p="sm" data-testid="channel">
                  <Group justify="space-between" align="flex-start" gap="sm">
                    <div style={{ minWidth: 0 }}>
                      <Group gap="xs">
                        <Text fw={600}>{KIND_LABELS[c.kind]}</Text>
                        <Badge variant="light" color="gray">
                          {c.language === 'bn' ? 'বাংলা' : 'English'}
                        </Badge>
                      </Group>
                      <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {c.target}
                      </Text>
                      <Text size="sm" mt={4}>
                        {c.events.map((e) => EVENT_LABELS[e]).join(' · ')}
                      </Text>
                    </div>
                    <Group gap="xs">
                      <Button
                        size="xs"
                        variant="light"
                        loading={test.busy}
                        onClick={() => void test.run(c)}
                        aria-label={`Send test alert to ${KIND_LABELS[c.kind]} ${c.target}`}
                      >
                        Send test alert
                      </Button>
                      <Button size="xs" variant="light" color="red" onClick={() => setRemoving(c)} aria-label={`Remove ${KIND_LABELS[c.kind]} ${c.target}`}>
                        Remove
                      </Button>
                    </Group>
                  </Group>
                </Paper>
              ))}
            </Stack>
          ))}
      </Paper>
      <Stack gap="sm" component="section" aria-labelledby="recent-alerts-title">
        <Title order={2} size="h4" id="recent-alerts-title">
          Recent alerts
        </Title>
        <QueryState query={recent} rows={3} />
        {recent.data &&
          (recent.data.alerts.length === 0 ? (
            <EmptyState testId="alerts-empty">
              <Text size="sm" c="dimmed">
                No alert yet. Alerts of a kind that come within a minute of each other arrive as one message.
              </Text>
            </EmptyState>
          ) : (
            <DataTable columns={['Raised', 'Event', 'Channel', 'About', 'Outcome']} minWidth={720} data-testid="recent-alerts">
              {recent.data.alerts.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{formatTime(a.created_at, brand.timezone)}</Table.Td>
                  <Table.Td>{EVENT_LABELS[a.event]}</Table.Td>
                  <Table.Td>
                    {KIND_LABELS[a.channel.kind]}
                    <Text size="xs" c="dimmed">
                      {a.channel.target}
                    </Text>
                  </Table.Td>
                  <Table.Td>{a.subject || '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[a.status]} variant="light">
                      {a.status === 'pending' ? `Pending · ${a.attempt_count} tried` : a.status === 'delivered' ? 'Sent' : 'Failed'}
                    </Badge>
                    {a.batch_size !== null && a.batch_size > 1 && (
                      <Text size="xs" c="dimmed">
                        one message for {a.batch_size}
                      </Text>
                    )}
                    {a.last_error && a.status !== 'delivered' && (
                      <Text size="xs" c="red.8">
                        {a.last_error}
                      </Text>
                    )}
                    {a.next_attempt_at && (
                      <Text size="xs" c="dimmed">
                        next try {formatTime(a.next_attempt_at, brand.timezone)}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          ))}
      </Stack>
      {adding && channels.data && (
        <ChannelFormModal
          base={base}
          emailAvailable={channels.data.email_available}
          onClose={() => setAdding(false)}
          onSaved={async () => {
            setAdding(false);
            notifications.show({ color: 'green', message: 'Channel saved. Send a test alert to check it reaches you.' });
            await changed();
          }}
        />
      )}
      {removing && (
        <ConfirmModal
          title="Remove this channel?"
          confirmLabel="Remove channel"
          onCancel={() => setRemoving(null)}
          onConfirm={async () => {
            await api.del(`${base}/${enc(removing.id)}`);
            setRemoving(null);
            notifications.show({ color: 'green', message: `${KIND_LABELS[removing.kind]} channel removed.` });
            await changed();
          }}
        >
          {KIND_LABELS[removing.kind]} ({removing.target}) gets no more alerts; those still waiting to be sent to it are dropped.
        </ConfirmModal>
      )}
    </Stack>
  );
}
