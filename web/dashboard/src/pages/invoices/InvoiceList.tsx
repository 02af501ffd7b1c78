import { Anchor, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { money } from '../../app/format.js';
import { DataTable } from '../../components/DataTable.js';
import type { Invoice } from '../../api/types.js';
import { InvoiceStatusBadge } from './labels.js';

type Props = { invoices: Invoice[]; phone: boolean; link: (i: Invoice) => string };

const dueText = (i: Invoice) => (i.due_on ? `Due ${i.due_on}` : 'No due date');

/** One page of invoices: cards on a phone (number, total and state first), a table otherwise. */
export function InvoiceList({ invoices, phone, link }: Props) {
  if (phone) {
    return (
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="invoices-cards">
        {invoices.map((i) => (
          <Paper component="li" withBorder p="sm" key={i.id}>
            <Group justify="space-between" wrap="nowrap">
              <Anchor component={Link} to={link(i)} fw={600}>
                {i.number}
              </Anchor>
              <InvoiceStatusBadge invoice={i} />
            </Group>
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm">{i.customer.name}</Text>
              <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {money(i.total, i.currency)}
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              {dueText(i)}
            </Text>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <DataTable
      minWidth={760}
      columns={['Number', 'Customer', { label: 'Total', right: true }, 'Due', 'Status']}
      verticalSpacing="sm"
      highlightOnHover
      data-testid="invoices-table"
    >
      {invoices.map((i) => (
        <Table.Tr key={i.id}>
          <Table.Td>
            <Anchor component={Link} to={link(i)} ff="monospace" size="sm">
              {i.number}
            </Anchor>
          </Table.Td>
          <Table.Td>
            <Text size="sm">{i.customer.name}</Text>
            <Text size="xs" c="dimmed">
              {i.customer.email ?? i.customer.phone}
            </Text>
          </Table.Td>
          <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{money(i.total, i.currency)}</Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{i.due_on ?? '—'}</Table.Td>
          <Table.Td>
            <InvoiceStatusBadge invoice={i} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

/** Nothing to list: a different sentence when a filter hides the invoices than when there are none yet. */
export function NoInvoices({ filtered }: { filtered: boolean }) {
  return (
    <Paper withBorder p="lg">
      <Text fw={600}>{filtered ? 'No invoice matches this filter.' : 'No invoices yet.'}</Text>
      <Text size="sm" c="dimmed" mt={4}>
        {filtered
          ? 'Change or clear the filter to see more.'
          : 'Bill a customer with "New invoice": they get an email with a link to a page where they see the invoice and pay it.'}
      </Text>
    </Paper>
  );
}
