import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { api } from '../../api/client.js';
import type { Payment } from '../../api/types.js';
import { useReturnFocus } from '../../components/use-return-focus.js';
import { useSubmit } from '../../components/use-submit.js';

/** Send the payment's current status to its webhook address again (after the merchant fixed their website). */
export function IpnModal({ payment, paymentBase, onClose, onDone }: { payment: Payment; paymentBase: string; onClose: () => void; onDone: () => void }) {
  useReturnFocus();
  const submit = useSubmit(async () => {
    await api.post(`${paymentBase}/ipn`);
    onDone();
  });
  return (
    <Modal opened onClose={onClose} title="Send IPN" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <Text size="sm">
          {payment.webhook_url
            ? `Send this payment's current status to ${payment.webhook_url} again, for example after fixing your website.`
            : 'This payment has no webhook URL.'}
        </Text>
        {submit.message && (
          <Alert color="red" role="alert">
            {submit.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={submit.busy} data-autofocus onClick={() => void submit.run()}>
            Send IPN
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
