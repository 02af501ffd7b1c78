import { Anchor, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Payment } from '../../api/types.js';
import { formatTime, money } from '../../app/format.js';
import { DataTable } from '../../components/DataTable.js';
import { PaymentStatusBadge } from './labels.js';
import { METHOD_LABELS } from '../../../../../src/modules/gateways/types.js';

type Props = { payments: Payment[]; phone: boolean; timezone: string; link: (p: Payment) => string };

/** One page of payments: cards on a phone (amount and status first), a table otherwise. */
export function PaymentList({ payments, phone, timezone, link }: Props) {
  if (phone) {
    return (
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="payments-cards">
        {payments.map((p) => (
          <Paper component="li" withBorder p="sm" key={p.id}>
            <Group justify="space-between" wrap="nowrap">
              <Anchor component={Link} to={link(p)} fw={600}>
                {money(p.amount, p.currency)}
              </Anchor>
              <PaymentStatusBadge status={p.status} label={p.status_label} />
            </Group>
            <Text size="sm">
              {/* A payment-link customer may give no e-mail (stored as ''). */}
              {p.email ? `${p.full_name} · ${p.email}` : p.full_name}
            </Text>
            <Text size="xs" c="dimmed">
              {p.payment_method ? METHOD_LABELS[p.payment_method] : 'No method yet'} · {formatTime(p.created_at, timezone)}
            </Text>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <DataTable
      minWidth={820}
      columns={['Invoice', 'Customer', { label: 'Amount', right: true }, 'Method', 'Status', 'Created']}
      verticalSpacing="sm"
      highlightOnHover
      data-testid="payments-table"
    >
      {payments.map((p) => (
        <Table.Tr key={p.id}>
          <Table.Td>
            <Anchor component={Link} to={link(p)} ff="monospace" size="sm">
              {p.invoice_id}
            </Anchor>
          </Table.Td>
          <Table.Td>
            <Text size="sm">{p.full_name}</Text>
            <Text size="xs" c="dimmed">
              {p.email}
            </Text>
          </Table.Td>
          <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
            {money(p.amount, p.currency)}
            {p.refunded_amount !== '0.00' && (
              <Text size="xs" c="dimmed">
                refunded {money(p.refunded_amount, p.currency)}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            {p.payment_method ? METHOD_LABELS[p.payment_method] : '—'}
            {p.transaction_id && (
              <Text size="xs" c="dimmed" ff="monospace">
                {p.transaction_id}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <PaymentStatusBadge status={p.status} label={p.status_label} />
          </Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(p.created_at, timezone)}</Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

/** Nothing to list: a different sentence when filters hide the payments than when there are none yet. */
export function NoPayments({ filtered }: { filtered: boolean }) {
  return (
    <Paper withBorder p="lg">
      <Text fw={600}>{filtered ? 'No payment matches these filters.' : 'No payments yet.'}</Text>
      <Text size="sm" c="dimmed" mt={4}>
        {filtered
          ? 'Change or clear the filters to see more.'
          : 'Payments appear here as soon as your website or plugin creates a checkout with one of your API keys.'}
      </Text>
    </Paper>
  );
}
