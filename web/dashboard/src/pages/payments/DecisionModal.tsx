import { Alert, Button, Checkbox, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
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
  // A payment its forwarded SMS disagrees with (underpaid, another payer, …) is approved only with a tick: never one tap.
  const warning = approve ? payment.approval_warning : null;
  const [confirmed, setConfirmed] = useState(false);
  const submit = useSubmit(async () => {
    const body = { ...(note.trim() && { note }), ...(warning && { confirm_mismatch: confirmed }) };
    await api.post(`/brands/${enc(brandSlug)}/payments/${enc(payment.id)}/${approve ? 'approve' : 'reject'}`, body);
    onDone();
  });
  const method = payment.payment_method ? METHOD_LABELS[payment.payment_method] : 'the wallet';
  return (
    <Modal opened onClose={onClose} title={approve ? 'Approve payment' : 'Reject payment'} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit.onSubmit}>
        <Stack>
          <Text size="sm">
            {approve
              ? `Approve only after you have received ${money(payment.charged_amount)} on ${method} from ${payment.sender_number ?? 'the customer'} with transaction ID ${payment.transaction_id ?? '—'}. The payment becomes Completed and your website is told.`
              : 'The payment becomes Failed and its transaction ID can be used again.'}
          </Text>
          {warning && (
            <Alert color="orange" title="The SMS does not match this payment" data-testid="approval-warning">
              <Stack gap="xs">
                <Text size="sm">{payment.verification_note}</Text>
                <Checkbox
                  label={warning}
                  checked={confirmed}
                  onChange={(e) => setConfirmed(e.currentTarget.checked)}
                  description="Only after you have checked your wallet statement."
                />
              </Stack>
            </Alert>
          )}
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
            <Button type="submit" color={approve ? (warning ? 'orange' : 'green') : 'red'} loading={submit.busy} disabled={warning !== null && !confirmed}>
              {approve ? (warning ? 'Approve anyway' : 'Approve') : 'Reject'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
