import { Code, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Payment } from '../../api/types.js';
import { formatTime, money } from '../../app/format.js';
import { METHOD_LABELS } from '../../../../../src/modules/gateways/types.js';
import { displayRate } from '../../../../../src/lib/money.js';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ wordBreak: 'break-word' }}>
        {children ?? '—'}
      </Text>
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        {children}
      </SimpleGrid>
    </Paper>
  );
}

/** A payment's details grouped the way a merchant looks for them: customer, money, method, then the integration. */
export function PaymentDetails({ payment: p, timeZone }: { payment: Payment; timeZone: string }) {
  // `amount` is in the checkout's currency; the fee, the charge and refunds are in BDT, what the customer paid.
  const taka = (v: string) => money(v, p.charged_currency);
  const bearer = p.fee_bearer === 'customer' ? 'paid by the customer' : 'borne by the shop';
  return (
    <section aria-labelledby="details-title">
      <Title order={2} size="h4" id="details-title" mb="xs">
        Details
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Group title="Customer">
          <Field label="Name">{p.full_name}</Field>
          <Field label="Email">{p.email || 'Not given'}</Field>
          <Field label="Sender number">{p.sender_number}</Field>
        </Group>
        <Group title="Money">
          <Field label="Amount">{money(p.amount, p.currency)}</Field>
          {p.currency !== p.charged_currency && (
            <Field label="Exchange rate">
              1 {p.currency} = {displayRate(Number(p.exchange_rate.replace('.', '')))}
            </Field>
          )}
          <Field label="Fee">{p.payment_method ? `${taka(p.fee)}, ${bearer}` : taka(p.fee)}</Field>
          <Field label="Charged to the customer">{taka(p.charged_amount)}</Field>
          <Field label="Refunded">{taka(p.refunded_amount)}</Field>
          <Field label="Can still be refunded">{taka(p.refundable_amount)}</Field>
        </Group>
        <Group title="Method">
          <Field label="Method">{p.payment_method ? METHOD_LABELS[p.payment_method] : 'Not chosen yet'}</Field>
          <Field label="Transaction ID">{p.transaction_id && <Code>{p.transaction_id}</Code>}</Field>
          {/* A time only once it happened: a pending wallet payment is not paid yet. */}
          {p.completed_at && <Field label="Paid">{formatTime(p.completed_at, timeZone)}</Field>}
          {!p.completed_at && p.status === 'initiated' && <Field label="Checkout link works until">{formatTime(p.expires_at, timeZone)}</Field>}
          {p.decided_by && (
            <Field label={p.status === 'failed' ? 'Rejected by' : 'Approved by'}>
              {p.decided_by}
              {p.decision_note && (
                <Text size="xs" c="dimmed">
                  {p.decision_note}
                </Text>
              )}
            </Field>
          )}
        </Group>
        <Group title="Integration">
          <Field label="Created with key">{p.api_key_name ?? (p.api_key_id ? 'A deleted key' : '—')}</Field>
          <Field label="Status your website sees">{p.wire_status}</Field>
          <Field label="After payment, back to">{p.redirect_url}</Field>
          <Field label="On cancel, back to">{p.cancel_url}</Field>
          <Field label="Webhook (IPN) address">{p.webhook_url ?? 'None'}</Field>
          <Field label="Payment page">{p.payment_url}</Field>
          <Field label="Metadata">
            <Code block>{JSON.stringify(p.metadata, null, 2)}</Code>
          </Field>
        </Group>
      </SimpleGrid>
    </section>
  );
}
