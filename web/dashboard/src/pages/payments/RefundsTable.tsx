import { Button, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { api, enc } from '../../api/client.js';
import type { Payment, Refund } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { formatTime, money } from '../../app/format.js';
import { useSubmit } from '../../components/use-submit.js';

function PaidOutButton({ refund, paymentBase, onDone }: { refund: Refund; paymentBase: string; onDone: () => void }) {
  const submit = useSubmit(async () => {
    await api.post(`${paymentBase}/refunds/${enc(refund.id)}/paid-out`);
    onDone();
  });
  useEffect(() => {
    if (submit.message) notifications.show({ color: 'red', title: 'Not changed', message: submit.message });
  }, [submit.message]);
  return (
    <Button size="compact-xs" variant="light" loading={submit.busy} onClick={() => void submit.run()}>
      Mark paid out
    </Button>
  );
}

/** A payment's refunds, with "Mark paid out" for manual refunds still to be sent back by hand. */
export function RefundsTable({
  payment,
  refunds,
  paymentBase,
  timeZone,
  onPaidOut,
}: {
  payment: Payment;
  refunds: Refund[];
  paymentBase: string;
  timeZone: string;
  onPaidOut: () => void;
}) {
  if (refunds.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No refunds.
      </Text>
    );
  return (
    <DataTable
      minWidth={700}
      columns={['When', { label: 'Amount', right: true }, 'How', 'Status', 'Reason', 'By', 'Payout']}
      data-testid="refunds-table"
      verticalSpacing="xs"
    >
      {refunds.map((r) => (
        <Table.Tr key={r.id}>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(r.created_at, timeZone)}</Table.Td>
          <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{money(r.amount, payment.currency)}</Table.Td>
          <Table.Td>{r.kind === 'gateway' ? 'Through the gateway' : 'Manual'}</Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.status_label}</Table.Td>
          <Table.Td>{r.reason ?? '—'}</Table.Td>
          <Table.Td>{r.actor}</Table.Td>
          <Table.Td>
            {r.payout === 'due' ? (
              <PaidOutButton refund={r} paymentBase={paymentBase} onDone={onPaidOut} />
            ) : r.payout === 'paid' ? (
              `Paid out ${formatTime(r.paid_out_at, timeZone)}`
            ) : (
              '—'
            )}
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}
