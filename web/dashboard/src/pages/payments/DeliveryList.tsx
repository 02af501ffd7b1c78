import { Accordion, Badge, Code, Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Delivery } from '../../api/types.js';
import { Card, CardField, CardList, DataTable } from '../../components/DataTable.js';
import { usePhone } from '../../components/use-phone.js';
import { formatTime } from '../../app/format.js';

const STATUS_LABEL: Record<Delivery['status'], string> = { delivered: 'Delivered', failed: 'Failed', pending: 'Trying', superseded: 'Replaced' };
const STATUS_COLOR: Record<Delivery['status'], string> = { delivered: 'green', failed: 'red', pending: 'yellow', superseded: 'gray' };

export function DeliveryStatusBadge({ status }: { status: Delivery['status'] }) {
  const title = status === 'superseded' ? 'A newer IPN of this payment replaced it, so it is not sent again' : undefined;
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" style={{ minWidth: 'max-content' }} title={title}>
      {STATUS_LABEL[status]}
    </Badge>
  );
}

/** A delivery's attempts: when, the outcome, the HTTP answer and an excerpt of what the website said. */
export function DeliveryAttempts({ delivery: d, timeZone }: { delivery: Delivery; timeZone: string }) {
  const phone = usePhone();
  return (
    <>
      <Text size="xs" c="dimmed">
        Sent to
      </Text>
      <Code style={{ wordBreak: 'break-all' }}>{d.url}</Code>
      {d.last_error && (
        <Text size="sm" c="red" mt="xs">
          {d.last_error}
        </Text>
      )}
      {phone && d.attempts.length > 0 && (
        <CardList data-testid="attempt-cards">
          {d.attempts.map((a) => (
            <Card key={a.attempt}>
              <Text size="sm" fw={600}>
                Attempt {a.attempt} · {a.outcome}
              </Text>
              {a.error && (
                <Text size="xs" c="dimmed">
                  {a.error}
                </Text>
              )}
              <CardField label="When">{formatTime(a.started_at, timeZone)}</CardField>
              <CardField label="HTTP">{a.http_status ?? '—'}</CardField>
              <CardField label="Took">{a.duration_ms} ms</CardField>
              <CardField label="Answer">
                <Text size="xs" ff="monospace" lineClamp={3}>
                  {a.response_excerpt ?? '—'}
                </Text>
              </CardField>
            </Card>
          ))}
        </CardList>
      )}
      {!phone && d.attempts.length > 0 && (
        <DataTable minWidth={560} container={{ mt: 'sm' }} columns={['#', 'When', 'Outcome', 'HTTP', 'Took', 'Answer']} verticalSpacing={4}>
          {d.attempts.map((a) => (
            <Table.Tr key={a.attempt}>
              <Table.Td>{a.attempt}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(a.started_at, timeZone)}</Table.Td>
              <Table.Td>
                {a.outcome}
                {a.error && (
                  <Text size="xs" c="dimmed">
                    {a.error}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{a.http_status ?? '—'}</Table.Td>
              <Table.Td>{a.duration_ms} ms</Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" lineClamp={3}>
                  {a.response_excerpt ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      <Text size="xs" c="dimmed" mt="sm">
        What was sent
      </Text>
      <Code block>{JSON.stringify(d.payload, null, 2)}</Code>
    </>
  );
}

/** IPN deliveries as an accordion: status, event, attempts and the last answer; open one for its attempts. */
export function DeliveryList({ deliveries, timeZone, actions }: { deliveries: Delivery[]; timeZone: string; actions?: (d: Delivery) => ReactNode }) {
  return (
    <Accordion variant="separated" data-testid="deliveries">
      {deliveries.map((d) => (
        <Accordion.Item key={d.id} value={d.id}>
          <Accordion.Control>
            <Group gap="sm" wrap="wrap">
              <DeliveryStatusBadge status={d.status} />
              <Text size="sm">{d.event}</Text>
              <Text size="xs" c="dimmed">
                {formatTime(d.created_at, timeZone)} · {d.attempt_count} attempt{d.attempt_count === 1 ? '' : 's'}
                {d.last_http_status ? ` · HTTP ${d.last_http_status}` : ''}
                {d.next_attempt_at ? ` · next try ${formatTime(d.next_attempt_at, timeZone)}` : ''}
              </Text>
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <DeliveryAttempts delivery={d} timeZone={timeZone} />
            {actions?.(d)}
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
