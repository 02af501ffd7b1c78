import { Alert, Code, Group, Image, List, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { brandQuery } from '../../../api/queries.js';
import type { Device, DeviceCreated } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { formatTime } from '../../../app/format.js';
import { CopyIconButton } from '../../../components/CopyField.js';
import { ShownOnceModal } from '../../../components/ShownOnceModal.js';

/** One setting to type into the phone's app, with its own copy button. */
function Setting({ label, value, multiline = false }: { label: string; value: string; multiline?: boolean }) {
  const Field = multiline ? Textarea : TextInput;
  return (
    <Group gap={4} align="flex-end" wrap="nowrap">
      <Field
        label={label}
        readOnly
        value={value}
        onFocus={(e) => e.currentTarget.select()}
        style={{ flex: 1, minWidth: 0 }}
        styles={{ input: { fontFamily: 'monospace', wordBreak: 'break-all' } }}
        spellCheck={false}
        autoComplete="off"
        {...(multiline ? { autosize: true, minRows: 1 } : {})}
      />
      <CopyIconButton value={value} label={`Copy: ${label}`} />
    </Group>
  );
}

/** A phone's webhook URL that a phone may not reach (loopback, private network, plain http), with what to set. */
export function UrlWarning({ warning }: { warning: DeviceCreated['setup']['url_warning'] }) {
  if (!warning) return null;
  const title = {
    loopback: 'Phones cannot reach this address',
    private: 'Phones on mobile data cannot reach this address',
    plain_http: 'This address is not encrypted',
  }[warning.kind];
  return (
    <Alert color="orange" title={title} data-testid="url-warning">
      {warning.message}
    </Alert>
  );
}

/** Sender IDs exactly as the phone shows them, quoted, so "tap." and "IBBL ." do not read as typos. */
function SenderIds({ ids }: { ids: string[] }) {
  return ids.map((id, i) => (
    <span key={id}>
      {i > 0 && ', '}
      <Code>"{id}"</Code>
    </span>
  ));
}

/** Asks every two seconds until the device's first message arrives, then turns green. */
function FirstMessageCheck({ device }: { device: Device }) {
  const { brand } = useBrand();
  const query = useQuery({
    ...brandQuery<{ device: Device }>(brand.slug, `devices/${device.id}`),
    refetchInterval: (q) => (q.state.data?.device.last_seen_at ? false : 2000),
  });
  const seen = query.data?.device.last_seen_at;
  return (
    <Alert
      color={seen ? 'green' : 'gray'}
      role="status"
      data-testid="first-message-check"
      title={seen ? 'Connected: the first message arrived' : 'Waiting for the first message'}
    >
      {seen
        ? `Duar received this phone's first message at ${formatTime(seen, brand.timezone)}. Payments now complete by themselves when a customer's TrxID matches.`
        : 'Send a test from the app (or wait for the next wallet SMS); this turns green when the message reaches Duar.'}
    </Alert>
  );
}

/**
 * A new device's key and the settings for the phone, shown once (like a new API key): the QR code the forwarder app
 * can scan and the same settings as text. The key lives only in the page's state and is forgotten when this closes.
 */
export function DeviceCreatedModal({ created, onClosed }: { created: DeviceCreated; onClosed: () => void }) {
  const { device, key, setup } = created;
  const [qr, setQr] = useState<string | null>(null);

  // Drawn in the browser: the settings (which hold the key) never leave it for a QR service.
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(setup.qr_payload, { errorCorrectionLevel: 'M', margin: 2, width: 240 })
      .then((url) => live && setQr(url))
      .catch(() => live && setQr(null));
    return () => {
      live = false;
    };
  }, [setup.qr_payload]);

  return (
    <ShownOnceModal
      title={`Connect “${device.name}”`}
      size="xl"
      notice={
        <>
          This is the only time Duar shows the device key for “{device.name}”. Set up the phone now; if you lose the key, revoke this device and connect it
          again.
        </>
      }
      label="Device key"
      value={key}
      testId="new-device-key"
      copyLabel="Copy the key"
      savedHint="Make sure the phone is set up or the key is somewhere safe."
      onClosed={onClosed}
    >
      <Text fw={600} component="h3" m={0} size="md">
        Set up the phone
      </Text>
      <UrlWarning warning={setup.url_warning} />
      <Group align="flex-start" gap="lg" wrap="wrap">
        {qr && <Image src={qr} alt={`QR code with the settings for ${setup.app}`} w={200} h={200} fit="contain" data-testid="device-qr" />}
        <List type="ordered" size="sm" spacing={4} style={{ flex: 1, minWidth: 240 }}>
          <List.Item>Install “{setup.app}” (free, from F-Droid or Google Play) on the phone that receives your wallet SMS.</List.Item>
          {setup.rules.length > 0 ? (
            <List.Item>
              Add a forwarding rule for each sender ID (exactly as written between the quotes):
              <List size="sm" withPadding data-testid="forwarding-rules">
                {setup.rules.map((r) => (
                  <List.Item key={r.provider}>
                    {r.wallet}: <SenderIds ids={r.sender_ids} />
                  </List.Item>
                ))}
              </List>
            </List.Item>
          ) : (
            <List.Item>
              No wallet is enabled yet: enable bKash, Nagad, Rocket or Upay in Payment methods, then add a forwarding rule for its sender ID (Sender IDs in SMS
              data lists them).
            </List.Item>
          )}
          <List.Item>
            In each rule, enter the settings below: the webhook URL, the headers and the body template. To get them onto the phone without typing, scan the QR
            code with the phone's camera and copy the text it shows.
          </List.Item>
          <List.Item>Send a test. The check below turns green once the first message arrives.</List.Item>
        </List>
      </Group>
      <FirstMessageCheck device={device} />
      <Setting label="Webhook URL" value={setup.url} />
      <Setting label="Header name" value={setup.header_name} />
      <Setting label="Header value" value={setup.header_value} />
      <Setting label="Headers (paste as is)" value={setup.headers_json} multiline />
      <Setting label="Body template" value={setup.body_template} multiline />
    </ShownOnceModal>
  );
}
