import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api, enc } from '../../api/client.js';
import type { Payment } from '../../api/types.js';
import { money } from '../../app/format.js';
import { useReturnFocus } from '../../components/use-return-focus.js';
import { useSubmit } from '../../components/use-submit.js';
import { METHOD_LABELS } from '../../../../../src/modules/gateways/types.js';

/** Approve or Reject a pending wallet payment, with an optional note: the same dialog on the queue and the detail page. */
export function DecisionModal({
  approve,
  payment,
  brandSlug,
  onClose,
  onDone,
}: {
  approve: boolean;
  payment: Payment;
  brandSlug: string;
  onClose: () => void;
  onDone: () => void;
}) {
  useReturnFocus();
  const [note, setNote] = useState('');
  const submit = useSubmit(async () => {
    await api.post(`/brands/${enc(brandSlug)}/payments/${enc(payment.id)}/${approve ? 'approve' : 'reject'}`, note.trim() ? { note } : {});
    onDone();
  });
  const method = payment.payment_method ? METHOD_LABELS[payment.payment_method] : 'the wallet';
  return (
    <Modal opened onClose={onClose} title={approve ? 'Approve payment' : 'Reject payment'} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit.onSubmit}>
        <Stack>
          <Text size="sm">
            {approve
              ? `Approve only after you have received ${money(payment.amount, payment.currency)} on ${method} from ${payment.sender_number ?? 'the customer'} with transaction ID ${payment.transaction_id ?? '—'}. The payment becomes Completed and your website is told.`
              : 'The payment becomes Failed and its transaction ID can be used again.'}
          </Text>
          {submit.message && (
            <Alert color="red" role="alert">
              {submit.message}
            </Alert>
          )}
          <Textarea
            label="Note"
            description="Optional, for your records."
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={approve ? 'green' : 'red'} loading={submit.busy}>
              {approve ? 'Approve' : 'Reject'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
