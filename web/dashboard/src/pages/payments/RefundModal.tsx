import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client.js';
import type { Payment, RefundCreated } from '../../api/types.js';
import { money } from '../../app/format.js';
import { useReturnFocus } from '../../components/use-return-focus.js';
import { useSubmit } from '../../components/use-submit.js';

/** Refund all or part of a payment: through the payment method where the server says it can, otherwise recorded by hand. */
export function RefundModal({
  payment,
  paymentBase,
  onClose,
  onDone,
}: {
  payment: Payment;
  paymentBase: string;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  useReturnFocus();
  const canGateway = payment.can_refund_through_gateway;
  const [mode, setMode] = useState<'gateway' | 'manual'>(canGateway ? 'gateway' : 'manual');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const submit = useSubmit(
    async () => {
      const res = await api.post<RefundCreated>(`${paymentBase}/refunds`, {
        amount: amount.trim() === '' ? null : amount.trim(),
        mode,
        reason: reason.trim() || null,
      });
      onDone(
        res.refund.kind === 'manual'
          ? `Recorded a manual refund of ${money(res.refund.amount, payment.currency)}. Send the money back to the customer yourself.`
          : `Refunded ${money(res.refund.amount, payment.currency)} through the gateway.`,
      );
    },
    { fields: ['amount', 'reason'] },
  );
  const { fields: errors, clear, message: formError } = submit;
  return (
    <Modal opened onClose={onClose} title="Refund payment" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form noValidate onSubmit={submit.onSubmit}>
        <Stack>
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <div>
            <Text size="sm" fw={500} id="refund-mode-label">
              How
            </Text>
            <SegmentedControl
              fullWidth
              aria-labelledby="refund-mode-label"
              aria-describedby={payment.gateway_refund_unavailable ? 'gateway-refund-reason' : undefined}
              value={mode}
              onChange={(v) => setMode(v as 'gateway' | 'manual')}
              data={[
                { value: 'gateway', label: 'Through the gateway', disabled: !canGateway },
                { value: 'manual', label: 'Manual' },
              ]}
            />
            {payment.gateway_refund_unavailable ? (
              // The server's reason, on the screen (not in a tooltip a keyboard or touch user never sees).
              <Text size="xs" mt={4} id="gateway-refund-reason" data-testid="gateway-refund-reason">
                {payment.gateway_refund_unavailable}
                {payment.sender_number ? ` Send it to ${payment.sender_number}.` : ''}
              </Text>
            ) : (
              <Text size="xs" c="dimmed" mt={4}>
                {mode === 'gateway'
                  ? 'Duar sends the refund through the payment method.'
                  : `Duar records the refund; you send the money back to the customer yourself${payment.sender_number ? ` (${payment.sender_number})` : ''}.`}
              </Text>
            )}
          </div>
          <TextInput
            label="Amount"
            description={`Leave blank to refund all that remains: ${money(payment.refundable_amount, payment.currency)}.`}
            placeholder={payment.refundable_amount}
            inputMode="decimal"
            value={amount}
            onChange={(e) => {
              setAmount(e.currentTarget.value);
              clear('amount');
            }}
            error={errors.amount}
            rightSection={
              <Text size="xs" c="dimmed">
                {payment.currency}
              </Text>
            }
            rightSectionWidth={48}
            data-autofocus
          />
          <Textarea
            label="Reason"
            description="Optional."
            maxLength={500}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              clear('reason');
            }}
            error={errors.reason}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={submit.busy}>
              Refund
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
