import { Alert, Button, Code, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api, enc, errorMessage } from '../../api/client.js';
import { useBrandChanged } from '../../api/queries.js';
import type { Payment, TestSmsSentView } from '../../api/types.js';
import { useBrand } from '../../app/brand.js';
import { money } from '../../app/format.js';
import { METHOD_LABELS } from '../../../../../src/modules/gateways/types.js';

/**
 * "Send a test SMS": Duar writes the wallet's own "money received" message for this test payment and takes it in as a
 * test message, so the payment completes through the same matching a forwarded SMS goes through (ADR 035). The
 * server decides which payments may (`can_send_test_sms`) and answers why not.
 */
export function useSendTestSms(payment: Payment) {
  const { brand } = useBrand();
  const changed = useBrandChanged();
  const [sending, setSending] = useState(false);
  async function send() {
    setSending(true);
    try {
      const res = await api.post<TestSmsSentView>(`/brands/${enc(brand.slug)}/payments/${enc(payment.id)}/test-sms`);
      const completed = res.payment.status === 'completed';
      notifications.show({
        color: completed ? 'green' : 'orange',
        message: completed
          ? `Test SMS sent: it completed the payment of ${money(res.payment.charged_amount)}.`
          : `Test SMS sent, but it did not complete the payment${res.payment.verification_note ? `: ${res.payment.verification_note}` : '.'}`,
      });
      await changed();
    } catch (err) {
      notifications.show({ color: 'red', title: 'No test SMS sent', message: errorMessage(err) });
    } finally {
      setSending(false);
    }
  }
  return { send, sending };
}

/** The button alone (a card of the approvals queue). */
export function SendTestSmsButton({ payment, size = 'sm' }: { payment: Payment; size?: 'xs' | 'sm' }) {
  const { send, sending } = useSendTestSms(payment);
  return (
    <Button
      color="orange"
      variant="light"
      size={size}
      loading={sending}
      onClick={() => void send()}
      aria-label={`Send a test SMS for ${payment.transaction_id}`}
    >
      Send a test SMS
    </Button>
  );
}

/** On a test payment waiting for its SMS: what a live payment would wait for, and the button that rehearses it. */
export function SendTestSmsPanel({ payment: p }: { payment: Payment }) {
  const wallet = p.payment_method ? METHOD_LABELS[p.payment_method] : 'wallet';
  return (
    <Alert color="orange" title="Test payment waiting for its SMS" data-testid="test-sms-panel">
      <Text size="sm" mb="xs">
        A live payment waits here until your phone forwards the {wallet} “money received” SMS. For this test payment, Duar can write that message itself:{' '}
        {wallet}
        ’s real format, {money(p.charged_amount)} from {p.sender_number}, TrxID <Code>{p.transaction_id}</Code>. It is kept as a test message: it can complete
        only test payments and never touches your wallet balances.
      </Text>
      <SendTestSmsButton payment={p} />
    </Alert>
  );
}
