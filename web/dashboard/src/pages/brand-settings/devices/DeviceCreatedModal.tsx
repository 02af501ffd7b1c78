import { Group, Image, List, Text, Textarea, TextInput } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import type { DeviceCreated } from '../../../api/types.js';
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
      <Group align="flex-start" gap="lg" wrap="wrap">
        {qr && <Image src={qr} alt={`QR code with the settings for ${setup.app}`} w={200} h={200} fit="contain" data-testid="device-qr" />}
        <List type="ordered" size="sm" spacing={4} style={{ flex: 1, minWidth: 240 }}>
          <List.Item>Install “{setup.app}” (free, from F-Droid or Google Play) on the phone that receives your wallet SMS.</List.Item>
          <List.Item>Add a forwarding rule for each sender: {setup.senders.join(', ')}.</List.Item>
          <List.Item>
            In each rule, enter the settings below: the webhook URL, the headers and the body template. To get them onto the phone without typing, scan the QR
            code with the phone's camera and copy the text it shows.
          </List.Item>
          <List.Item>Send a test. The device's “Last seen” changes here once its first message arrives.</List.Item>
        </List>
      </Group>
      <Setting label="Webhook URL" value={setup.url} />
      <Setting label="Header name" value={setup.header_name} />
      <Setting label="Header value" value={setup.header_value} />
      <Setting label="Headers (paste as is)" value={setup.headers_json} multiline />
      <Setting label="Body template" value={setup.body_template} multiline />
    </ShownOnceModal>
  );
}
