import { Badge, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api, enc, fieldErrors } from '../../../api/client.js';
import { useQuery } from '@tanstack/react-query';
import { brandQuery, useBrandChanged } from '../../../api/queries.js';
import type { Device, DeviceCreated, DeviceList } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { formatTime } from '../../../app/format.js';
import { Card, CardField, CardList, DataTable, EmptyState } from '../../../components/DataTable.js';
import { usePhone } from '../../../components/use-phone.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { QueryState } from '../../../components/states.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { useSubmit } from '../../../components/use-submit.js';
import { FormModal } from '../../../components/FormModal.js';
import { ConfirmModal } from '../../../components/ConfirmModal.js';
import { DeviceCreatedModal, UrlWarning } from './DeviceCreatedModal.js';

function ConnectModal({ onClose, onCreate }: { onClose: () => void; onCreate: (name: string) => Promise<void> }) {
  const [name, setName] = useState('');
  const submit = useSubmit(() => onCreate(name));
  const errors = fieldErrors(submit.error);
  return (
    <FormModal title="Connect a device" submitLabel="Connect" submit={submit} onClose={onClose}>
      <Text size="sm">
        Name the phone that receives your bKash, Nagad, Rocket or Upay messages. Duar then shows the settings to put into the phone's SMS forwarding app.
      </Text>
      <TextInput
        label="Device name"
        description="For example “Shop phone (bKash SIM)”"
        required
        maxLength={100}
        value={name}
        onChange={(e) => {
          setName(e.currentTarget.value);
          submit.setError(null);
        }}
        error={errors.name ?? (submit.error && !errors.name ? submit.message : undefined)}
        data-autofocus
      />
    </FormModal>
  );
}

function RevokeModal({ device, onCancel, onRevoke }: { device: Device; onCancel: () => void; onRevoke: () => Promise<void> }) {
  return (
    <ConfirmModal title="Revoke device" confirmLabel="Revoke device" onCancel={onCancel} onConfirm={onRevoke}>
      Revoke <strong>“{device.name}”</strong>? Messages it forwards from now on are refused, so payments are no longer completed automatically from this phone.
      This cannot be undone.
    </ConfirmModal>
  );
}

/** Connected only once a message came in: before that, nothing proves the phone reaches Duar. */
function StatusBadge({ device }: { device: Device }) {
  if (device.status === 'active' && !device.last_seen_at) {
    return (
      <Badge color="yellow" variant="light" style={{ minWidth: 'max-content' }}>
        Waiting for the first message
      </Badge>
    );
  }
  return device.status === 'active' ? (
    <Badge color="green" variant="filled" style={{ minWidth: 'max-content' }}>
      Connected
    </Badge>
  ) : (
    <Badge color="gray" variant="light" style={{ minWidth: 'max-content' }}>
      Revoked
    </Badge>
  );
}

/** Brand Settings → Devices: the phones that forward wallet SMS, so wallet payments complete without anyone checking. */
export function DevicesPage() {
  const { brand } = useBrand();
  usePageTitle('Devices', brand.name);
  const base = `/brands/${enc(brand.slug)}/devices`;
  const list = useQuery({
    ...brandQuery<DeviceList>(brand.slug, 'devices'),
    // A phone still waiting for its first message is checked every few seconds, so its badge turns by itself.
    refetchInterval: (q) => (q.state.data?.devices.some((d) => d.status === 'active' && !d.last_seen_at) ? 3000 : false),
  });
  const devices = { ...list, data: list.data?.devices };
  const changed = useBrandChanged();
  const [connecting, setConnecting] = useState(false);
  const [revoking, setRevoking] = useState<Device | null>(null);
  // The one place the new key lives: cleared when its modal closes.
  const [created, setCreated] = useState<DeviceCreated | null>(null);

  async function create(name: string) {
    const res = await api.post<DeviceCreated>(base, { name });
    setConnecting(false);
    setCreated(res);
    void changed();
  }

  async function revoke(device: Device) {
    await api.post(`${base}/${enc(device.id)}/revoke`);
    setRevoking(null);
    notifications.show({ color: 'green', message: `Revoked “${device.name}”. Its messages are now refused.` });
    void changed();
  }

  const phone = usePhone();
  const revokeButton = (d: Device) =>
    d.status === 'active' && (
      <Button size="xs" variant="light" color="red" onClick={() => setRevoking(d)} aria-label={`Revoke ${d.name}`}>
        Revoke
      </Button>
    );
  return (
    <Stack gap="xl">
      <PageHeader section="Brand Settings" title="Devices" actions={<Button onClick={() => setConnecting(true)}>Connect device</Button>}>
        A connected phone forwards the “money received” SMS of your wallets to Duar. When a customer's transaction ID matches a message, the payment completes
        by itself — nobody has to check the phone.
      </PageHeader>

      {list.data && <UrlWarning warning={list.data.url_warning} />}

      <section aria-labelledby="devices-title">
        <Title order={2} size="h4" id="devices-title" mb="sm">
          Connected devices
        </Title>
        <QueryState query={devices} rows={2} />
        {devices.data && devices.data.length === 0 && (
          <EmptyState testId="devices-empty">
            <Title order={3} size="h5">
              No devices yet
            </Title>
            <Text size="sm" mt="xs" maw={640}>
              Connect the Android phone that holds your wallet SIM. You will get a QR code and settings for the free app “Incoming SMS to URL Forwarder”.
            </Text>
            <Button mt="md" onClick={() => setConnecting(true)}>
              Connect your first device
            </Button>
          </EmptyState>
        )}
        {phone && devices.data && devices.data.length > 0 && (
          <CardList data-testid="devices-cards" aria-labelledby="devices-title">
            {devices.data.map((d) => (
              <Card key={d.id} data-device-id={d.id}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {d.name}
                  </Text>
                  <StatusBadge device={d} />
                </Group>
                <CardField label="Last seen">{d.last_seen_at ? formatTime(d.last_seen_at, brand.timezone) : 'Never'}</CardField>
                <CardField label="SMS received">{d.sms_count}</CardField>
                <CardField label="Connected">{formatTime(d.created_at, brand.timezone)}</CardField>
                {d.status === 'active' && <Group mt="xs">{revokeButton(d)}</Group>}
              </Card>
            ))}
          </CardList>
        )}
        {!phone && devices.data && devices.data.length > 0 && (
          <DataTable
            minWidth={560}
            columns={['Name', 'Last seen', 'SMS received', 'Status', { label: 'Actions', hidden: true }]}
            verticalSpacing="sm"
            data-testid="devices-table"
            aria-labelledby="devices-title"
          >
            {devices.data.map((d) => (
              <Table.Tr key={d.id} data-device-id={d.id}>
                <Table.Td>
                  <Text fw={500} size="sm">
                    {d.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    Connected {formatTime(d.created_at, brand.timezone)}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{d.last_seen_at ? formatTime(d.last_seen_at, brand.timezone) : 'Never'}</Table.Td>
                <Table.Td>{d.sms_count}</Table.Td>
                <Table.Td>
                  <StatusBadge device={d} />
                </Table.Td>
                <Table.Td>{revokeButton(d)}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </section>

      {connecting && <ConnectModal onClose={() => setConnecting(false)} onCreate={create} />}
      {created && <DeviceCreatedModal created={created} onClosed={() => setCreated(null)} />}
      {revoking && <RevokeModal device={revoking} onCancel={() => setRevoking(null)} onRevoke={() => revoke(revoking)} />}
    </Stack>
  );
}
