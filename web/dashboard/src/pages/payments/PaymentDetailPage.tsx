import { Accordion, Alert, Anchor, Badge, Button, Code, Group, Modal, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, enc, errorMessage, fieldErrors } from '../../api/client.js';
import type { Delivery, Payment, Refund } from '../../api/types.js';
import { useLoad } from '../../api/use-load.js';
import { useBrand } from '../../app/brand.js';
import { formatTime, money as displayMoney } from '../../app/format.js';
import { LoadError, LoadingRows } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { CopyIconButton } from '../../components/CopyField.js';
import { METHOD_LABEL, PaymentStatusBadge } from './labels.js';
import { useReturnFocus } from '../../components/use-return-focus.js';
import { DecisionModal } from './DecisionModal.js';

type Detail = { payment: Payment; refunds: Refund[]; deliveries: Delivery[] };
type Action = 'approve' | 'reject' | 'refund' | 'ipn' | null;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div" style={{ wordBreak: 'break-word' }}>{children ?? '—'}</Text>
    </div>
  );
}

/** One payment: its details, the actions its state allows, its refunds and its IPN deliveries. */
export function PaymentDetailPage() {
  const { brand, reloadNeedsApproval } = useBrand();
  const { id = '' } = useParams();
  const base = `/brands/${enc(brand.slug)}/payments/${enc(id)}`;
  const detail = useLoad(() => api.get<Detail>(base), [base]);
  const [action, setAction] = useState<Action>(null);
  usePageTitle(detail.data ? `Payment ${detail.data.payment.invoice_id}` : 'Payment', brand.name);

  if (detail.error) return <LoadError message={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <LoadingRows rows={8} />;
  const { payment: p, refunds, deliveries } = detail.data;
  const tz = brand.timezone;
  const money = (v: string) => displayMoney(v, p.currency);
  const refundable = p.status === 'completed' || p.status === 'partially_refunded';
  const done = async (message: string) => {
    setAction(null);
    notifications.show({ color: 'green', message });
    void reloadNeedsApproval();
    await detail.reload();
  };

  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to={`/brands/${brand.slug}/payments`} size="sm">← Payments</Anchor>
        <Group justify="space-between" align="flex-start" mt={4} gap="sm">
          <div>
            <Group gap="sm">
              <Title order={1} size="h2">{money(p.amount)}</Title>
              <PaymentStatusBadge status={p.status} label={p.status_label} />
            </Group>
            <Group gap={4}>
              <Text size="sm" c="dimmed">Invoice <Code>{p.invoice_id}</Code></Text>
              <CopyIconButton value={p.invoice_id} label="Copy the invoice ID" />
            </Group>
          </div>
          <Group gap="sm" aria-label="Payment actions">
            {p.status === 'pending' && (
              <>
                <Button color="green" onClick={() => setAction('approve')}>Approve</Button>
                <Button color="red" variant="light" onClick={() => setAction('reject')}>Reject</Button>
              </>
            )}
            {refundable && <Button variant="default" onClick={() => setAction('refund')}>Refund</Button>}
            {(p.status === 'completed' || p.status === 'partially_refunded') && p.webhook_url && (
              <Button variant="default" onClick={() => setAction('ipn')}>Send IPN</Button>
            )}
          </Group>
        </Group>
      </div>

      {p.refund_payout_due && (
        <Alert color="orange" title="Money to send back">
          A manual refund still has to be paid out to the customer by hand. Mark it as paid out below once you have sent it.
        </Alert>
      )}

      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
          <Field label="Customer">{p.full_name}<Text size="xs" c="dimmed">{p.email}</Text></Field>
          <Field label="Amount">{money(p.amount)}</Field>
          <Field label="Fee / charged">{money(p.fee)} / {money(p.charged_amount)}</Field>
          <Field label="Refunded">{money(p.refunded_amount)}</Field>
          <Field label="Can still be refunded">{money(p.refundable_amount)}</Field>
          <Field label="Method">{p.payment_method ? METHOD_LABEL[p.payment_method] : 'Not chosen yet'}</Field>
          <Field label="Sender number">{p.sender_number}</Field>
          <Field label="Transaction ID">{p.transaction_id && <Code>{p.transaction_id}</Code>}</Field>
          <Field label="Status on the API">{p.wire_status}</Field>
          <Field label="Created">{formatTime(p.created_at, tz)}</Field>
          <Field label="Paid">{formatTime(p.paid_at, tz)}</Field>
          <Field label="Completed">{formatTime(p.completed_at, tz)}</Field>
          {p.decided_by && <Field label="Decided by">{p.decided_by}{p.decision_note && <Text size="xs" c="dimmed">{p.decision_note}</Text>}</Field>}
          <Field label="Checkout expires">{formatTime(p.expires_at, tz)}</Field>
          <Field label="Created with key">{p.api_key_name ?? (p.api_key_id ? 'A deleted key' : '—')}</Field>
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mt="md">
          <Field label="Redirect URL">{p.redirect_url}</Field>
          <Field label="Cancel URL">{p.cancel_url}</Field>
          <Field label="Webhook (IPN) URL">{p.webhook_url ?? 'None'}</Field>
          <Field label="Payment page">{p.payment_url}</Field>
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt="md">Metadata</Text>
        <Code block>{JSON.stringify(p.metadata, null, 2)}</Code>
      </Paper>

      <section aria-labelledby="refunds-title">
        <Title order={2} size="h4" id="refunds-title" mb="xs">Refunds</Title>
        {refunds.length === 0 ? (
          <Text size="sm" c="dimmed">No refunds.</Text>
        ) : (
          <Table.ScrollContainer minWidth={700}>
            <Table data-testid="refunds-table" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th>
                  <Table.Th>How</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th>By</Table.Th>
                  <Table.Th>Payout</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {refunds.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(r.created_at, tz)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{money(r.amount)}</Table.Td>
                    <Table.Td>{r.kind === 'gateway' ? 'Through the gateway' : 'Manual'}</Table.Td>
                    <Table.Td>{r.status}</Table.Td>
                    <Table.Td>{r.reason ?? '—'}</Table.Td>
                    <Table.Td>{r.actor}</Table.Td>
                    <Table.Td>
                      {r.payout === 'due' ? (
                        <PaidOutButton refund={r} paymentBase={base} onDone={() => done('Marked the refund as paid out.')} />
                      ) : r.payout === 'paid' ? (
                        `Paid out ${formatTime(r.paid_out_at, tz)}`
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>

      <section aria-labelledby="ipn-title">
        <Title order={2} size="h4" id="ipn-title" mb="xs">IPN deliveries</Title>
        {deliveries.length === 0 ? (
          <Text size="sm" c="dimmed">{p.webhook_url ? 'No IPN has been sent for this payment yet.' : 'This payment has no webhook URL, so no IPN is sent.'}</Text>
        ) : (
          <Accordion variant="separated" data-testid="deliveries">
            {deliveries.map((d) => (
              <Accordion.Item key={d.id} value={d.id}>
                <Accordion.Control>
                  <Group gap="sm" wrap="wrap">
                    <Badge color={d.status === 'delivered' ? 'green' : d.status === 'failed' ? 'red' : 'yellow'} variant="light" style={{ minWidth: 'max-content' }}>
                      {d.status}
                    </Badge>
                    <Text size="sm">{d.event}</Text>
                    <Text size="xs" c="dimmed">
                      {formatTime(d.created_at, tz)} · {d.attempt_count} attempt{d.attempt_count === 1 ? '' : 's'}
                      {d.last_http_status ? ` · HTTP ${d.last_http_status}` : ''}
                      {d.next_attempt_at ? ` · next try ${formatTime(d.next_attempt_at, tz)}` : ''}
                    </Text>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <Text size="xs" c="dimmed">URL</Text>
                  <Code style={{ wordBreak: 'break-all' }}>{d.url}</Code>
                  {d.last_error && <Text size="sm" c="red" mt="xs">{d.last_error}</Text>}
                  {d.attempts.length > 0 && (
                    <Table.ScrollContainer minWidth={560} mt="sm">
                      <Table verticalSpacing={4}>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>#</Table.Th>
                            <Table.Th>When</Table.Th>
                            <Table.Th>Outcome</Table.Th>
                            <Table.Th>HTTP</Table.Th>
                            <Table.Th>Time</Table.Th>
                            <Table.Th>Answer</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {d.attempts.map((a) => (
                            <Table.Tr key={a.attempt}>
                              <Table.Td>{a.attempt}</Table.Td>
                              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(a.started_at, tz)}</Table.Td>
                              <Table.Td>{a.outcome}{a.error && <Text size="xs" c="dimmed">{a.error}</Text>}</Table.Td>
                              <Table.Td>{a.http_status ?? '—'}</Table.Td>
                              <Table.Td>{a.duration_ms} ms</Table.Td>
                              <Table.Td><Text size="xs" ff="monospace" lineClamp={3}>{a.response_excerpt ?? '—'}</Text></Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </Table.ScrollContainer>
                  )}
                  <Text size="xs" c="dimmed" mt="sm">Payload sent</Text>
                  <Code block>{JSON.stringify(d.payload, null, 2)}</Code>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        )}
      </section>

      {(action === 'approve' || action === 'reject') && (
        <DecisionModal
          approve={action === 'approve'}
          payment={p}
          brandSlug={brand.slug}
          onClose={() => setAction(null)}
          onDone={() => done(action === 'approve' ? 'Payment approved: it is now Completed.' : 'Payment rejected.')}
        />
      )}
      {action === 'refund' && <RefundModal payment={p} paymentBase={base} onClose={() => setAction(null)} onDone={(m) => done(m)} />}
      {action === 'ipn' && <IpnModal payment={p} paymentBase={base} onClose={() => setAction(null)} onDone={() => done('The IPN was queued; it appears below once it is sent.')} />}
    </Stack>
  );
}

function PaidOutButton({ refund, paymentBase, onDone }: { refund: Refund; paymentBase: string; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="compact-xs"
      variant="light"
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await api.post(`${paymentBase}/refunds/${enc(refund.id)}/paid-out`);
          onDone();
        } catch (err) {
          notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(err) });
          setBusy(false);
        }
      }}
    >
      Mark paid out
    </Button>
  );
}

function RefundModal({ payment, paymentBase, onClose, onDone }: { payment: Payment; paymentBase: string; onClose: () => void; onDone: (message: string) => void }) {
  useReturnFocus();
  const canGateway = payment.can_refund_through_gateway;
  const [mode, setMode] = useState<'gateway' | 'manual'>(canGateway ? 'gateway' : 'manual');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const res = await api.post<{ refund: Refund }>(`${paymentBase}/refunds`, { amount: amount.trim() === '' ? null : amount.trim(), mode, reason: reason.trim() || null });
      onDone(
        res.refund.kind === 'manual'
          ? `Recorded a manual refund of ${displayMoney(res.refund.amount, payment.currency)}. Send the money back to the customer yourself.`
          : `Refunded ${displayMoney(res.refund.amount, payment.currency)} through the gateway.`,
      );
    } catch (err) {
      const f = fieldErrors(err);
      if (f.amount || f.reason) setErrors(f);
      else setError(errorMessage(err));
      setBusy(false);
    }
  }
  return (
    <Modal opened onClose={onClose} title="Refund payment" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <div>
            <Text size="sm" fw={500} id="refund-mode-label">How</Text>
            <SegmentedControl
              fullWidth
              aria-labelledby="refund-mode-label"
              value={mode}
              onChange={(v) => setMode(v as 'gateway' | 'manual')}
              data={[
                { value: 'gateway', label: 'Through the gateway', disabled: !canGateway },
                { value: 'manual', label: 'Manual' },
              ]}
            />
            <Text size="xs" c="dimmed" mt={4}>
              {mode === 'gateway'
                ? 'Duar sends the refund through the payment method.'
                : `Duar records the refund; you send the money back to the customer yourself${payment.sender_number ? ` (${payment.sender_number})` : ''}.`}
            </Text>
          </div>
          <TextInput
            label="Amount"
            description={`Leave blank to refund all that remains: ${displayMoney(payment.refundable_amount, payment.currency)}.`}
            placeholder={payment.refundable_amount}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={errors.amount}
            rightSection={<Text size="xs" c="dimmed">{payment.currency}</Text>}
            rightSectionWidth={48}
            data-autofocus
          />
          <Textarea label="Reason" description="Optional." maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" color="red" loading={busy}>Refund</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function IpnModal({ payment, paymentBase, onClose, onDone }: { payment: Payment; paymentBase: string; onClose: () => void; onDone: () => void }) {
  useReturnFocus();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal opened onClose={onClose} title="Send IPN" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <Text size="sm">
          {payment.webhook_url
            ? `Send this payment's current status to ${payment.webhook_url} again, for example after fixing your website.`
            : 'This payment has no webhook URL.'}
        </Text>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button
            loading={busy}
            data-autofocus
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await api.post(`${paymentBase}/ipn`);
                onDone();
              } catch (err) {
                setError(errorMessage(err));
                setBusy(false);
              }
            }}
          >
            Send IPN
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
