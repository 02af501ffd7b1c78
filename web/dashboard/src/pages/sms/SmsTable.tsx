import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Device, Sms } from '../../api/types.js';
import { formatTime, money } from '../../app/format.js';
import { Card, CardField, CardList, DataTable } from '../../components/DataTable.js';
import { usePhone } from '../../components/use-phone.js';
import { KIND_LABEL, SmsStateBadge, WalletCell } from './labels.js';

export type SmsAction = 'approve' | 'trash' | 'restore';

/** One page of wallet messages: when, which wallet, amount, TrxID, sender, why it is in its state, and what may be done. */
export function SmsTable({
  sms,
  devices,
  timezone,
  brandSlug,
  onAction,
}: {
  sms: Sms[];
  devices: Device[];
  timezone: string;
  brandSlug: string;
  onAction: (sms: Sms, action: SmsAction) => void;
}) {
  const phone = usePhone();
  const state = (s: Sms) => (
    <>
      <Group gap={4}>
        <SmsStateBadge status={s.status} />
        <TestSmsBadge sms={s} />
      </Group>
      {s.reason_text && (
        <Text size="xs" mt={4}>
          {s.reason_text}
        </Text>
      )}
      {s.payment_id && (
        <Anchor component={Link} to={`/brands/${brandSlug}/payments/${s.payment_id}`} size="xs">
          Open the payment
        </Anchor>
      )}
    </>
  );
  if (phone) {
    return (
      <CardList data-testid="sms-cards" aria-labelledby="sms-title">
        {sms.map((s) => (
          <Card key={s.id} data-sms-id={s.id}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text fw={600}>
                {s.amount ? money(s.amount, 'BDT') : '—'}
                {s.kind && (
                  <Text span size="xs" c="dimmed" fw={400}>
                    {' '}
                    {KIND_LABEL[s.kind] ?? s.kind}
                  </Text>
                )}
              </Text>
              <Group gap={4}>
                <SmsStateBadge status={s.status} />
                <TestSmsBadge sms={s} />
              </Group>
            </Group>
            <CardField label="Wallet">
              <WalletCell providerLabel={s.provider_label} wallet={s.wallet} devices={devices} />
            </CardField>
            <CardField label="Transaction ID">
              <Text span ff="monospace" size="sm">
                {s.trx_id ?? '—'}
              </Text>
            </CardField>
            <CardField label="From">{s.payer ?? '—'}</CardField>
            <CardField label="Received">{formatTime(s.created_at, timezone)}</CardField>
            {s.reason_text && (
              <Text size="xs" mt={4}>
                {s.reason_text}
              </Text>
            )}
            {s.payment_id && (
              <Anchor component={Link} to={`/brands/${brandSlug}/payments/${s.payment_id}`} size="xs">
                Open the payment
              </Anchor>
            )}
            <Group mt="xs">
              <SmsActions sms={s} onAction={onAction} />
            </Group>
          </Card>
        ))}
      </CardList>
    );
  }
  return (
    <DataTable
      minWidth={900}
      columns={['Received', 'Wallet', 'Amount', 'Transaction ID', 'From', 'State', 'Actions']}
      verticalSpacing="sm"
      data-testid="sms-table"
      aria-labelledby="sms-title"
    >
      {sms.map((s) => (
        <Table.Tr key={s.id} data-sms-id={s.id}>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(s.created_at, timezone)}</Table.Td>
          <Table.Td>
            <WalletCell providerLabel={s.provider_label} wallet={s.wallet} devices={devices} />
          </Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>
            {s.amount ? money(s.amount, 'BDT') : '—'}
            {s.kind && (
              <Text size="xs" c="dimmed">
                {KIND_LABEL[s.kind] ?? s.kind}
              </Text>
            )}
          </Table.Td>
          <Table.Td ff="monospace">{s.trx_id ?? '—'}</Table.Td>
          <Table.Td>{s.payer ?? '—'}</Table.Td>
          <Table.Td maw={320}>{state(s)}</Table.Td>
          <Table.Td>
            <SmsActions sms={s} onAction={onAction} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

/** A message made by "Send a test SMS": it pays only test payments. */
export function TestSmsBadge({ sms }: { sms: Sms }) {
  if (sms.livemode) return null;
  return (
    <Badge color="orange" variant="filled" size="sm" data-testid="test-sms-badge">
      Test SMS
    </Badge>
  );
}

function SmsActions({ sms, onAction }: { sms: Sms; onAction: (sms: Sms, action: SmsAction) => void }) {
  const label = sms.trx_id ?? sms.id;
  return (
    <Group gap={4} wrap="nowrap">
      {sms.status === 'awaiting_review' && sms.kind !== null && (
        <Button size="xs" color="green" variant="light" onClick={() => onAction(sms, 'approve')} aria-label={`Approve ${label}`}>
          Approve
        </Button>
      )}
      {(sms.status === 'approved' || sms.status === 'awaiting_review' || sms.status === 'error') && (
        <Button size="xs" color="red" variant="subtle" onClick={() => onAction(sms, 'trash')} aria-label={`Trash ${label}`}>
          Trash
        </Button>
      )}
      {sms.status === 'trashed' && (
        <Button size="xs" variant="default" onClick={() => onAction(sms, 'restore')} aria-label={`Restore ${label}`}>
          Restore
        </Button>
      )}
    </Group>
  );
}
