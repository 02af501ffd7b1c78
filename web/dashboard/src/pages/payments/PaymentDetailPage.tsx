import { Alert, Anchor, Badge, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, enc } from '../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../api/queries.js';
import type { Payment, PaymentDetail } from '../../api/types.js';
import { useBrand } from '../../app/brand.js';
import { money } from '../../app/format.js';
import { CopyIconButton } from '../../components/CopyField.js';
import { LoadError, LoadingRows, NotFound } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { CompletedBySms } from './CompletedBySms.js';
import { DecisionModal } from './DecisionModal.js';
import { DeliveryList } from './DeliveryList.js';
import { IpnModal } from './IpnModal.js';
import { PaymentDetails } from './PaymentDetails.js';
import { PaymentTimeline } from './PaymentTimeline.js';
import { RefundModal } from './RefundModal.js';
import { RefundsTable } from './RefundsTable.js';
import { SendTestSmsPanel } from './SendTestSms.js';
import { PaymentStatusBadge } from './labels.js';

type Action = 'approve' | 'reject' | 'refund' | 'ipn' | null;

/** The actions a payment's state allows; the server has the last word on each. */
function PaymentActions({ payment: p, onAction }: { payment: Payment; onAction: (a: Action) => void }) {
  return (
    <Group gap="sm" role="group" aria-label="Payment actions">
      {p.status === 'pending' && (
        <>
          <Button color="green" onClick={() => onAction('approve')}>
            Approve
          </Button>
          <Button color="red" variant="light" onClick={() => onAction('reject')}>
            Reject
          </Button>
        </>
      )}
      {p.can_refund && (
        <Button variant="default" onClick={() => onAction('refund')}>
          Refund
        </Button>
      )}
      {p.can_refund && p.webhook_url && (
        <Button variant="default" onClick={() => onAction('ipn')}>
          Send IPN
        </Button>
      )}
    </Group>
  );
}

/** One payment: what happened (timeline), the actions its state allows, its details, refunds and IPN deliveries. */
export function PaymentDetailPage() {
  const { brand } = useBrand();
  const { id = '' } = useParams();
  const base = `/brands/${enc(brand.slug)}/payments/${enc(id)}`;
  const detail = useBrandQuery<PaymentDetail>(`payments/${enc(id)}`);
  const changed = useBrandChanged();
  const [action, setAction] = useState<Action>(null);
  usePageTitle(detail.data ? `Payment ${detail.data.payment.invoice_id}` : 'Payment', brand.name);
  const back = `/brands/${brand.slug}/payments${detail.data && !detail.data.payment.livemode ? '?livemode=false' : ''}`;

  if (detail.error instanceof ApiError && detail.error.status === 404)
    return (
      <NotFound
        title="No such payment"
        message={`This brand has no payment “${id}”. It may belong to another brand, or the link is mistyped.`}
        back={{ to: back, label: 'Back to Payments' }}
      />
    );
  if (detail.error) return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <LoadingRows rows={8} />;
  const { payment: p, sms, refunds, deliveries } = detail.data;
  const tz = brand.timezone;
  const done = async (message: string) => {
    setAction(null);
    notifications.show({ color: 'green', message });
    await changed();
  };

  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to={back} size="sm">
          ← Payments
        </Anchor>
        <Group justify="space-between" align="flex-start" mt={4} gap="sm">
          <div>
            <Group gap="sm">
              <Title order={1} size="h2">
                {money(p.amount, p.currency)}
              </Title>
              <PaymentStatusBadge status={p.status} label={p.status_label} />
              {!p.livemode && (
                <Badge color="orange" variant="filled" data-testid="test-payment-badge">
                  Test
                </Badge>
              )}
            </Group>
            <Group gap={4}>
              <Text size="sm" c="dimmed">
                Invoice <Code>{p.invoice_id}</Code>
              </Text>
              <CopyIconButton value={p.invoice_id} label="Copy the invoice ID" />
            </Group>
          </div>
          <PaymentActions payment={p} onAction={setAction} />
        </Group>
      </div>

      {p.can_send_test_sms && <SendTestSmsPanel payment={p} />}

      {p.status === 'pending' && p.verification_note && (
        <Alert color="yellow" title="Not confirmed automatically" data-testid="verification-note">
          {p.verification_note}
        </Alert>
      )}

      {p.refund_payout_due && (
        <Alert color="orange" title="Money to send back">
          A manual refund still has to be paid out to the customer by hand. Mark it as paid out below once you have sent it.
        </Alert>
      )}

      <PaymentTimeline payment={p} refunds={refunds} deliveries={deliveries} timeZone={tz} />
      <PaymentDetails payment={p} timeZone={tz} />
      {sms && <CompletedBySms sms={sms} brandSlug={brand.slug} timeZone={tz} />}

      <section aria-labelledby="refunds-title">
        <Title order={2} size="h4" id="refunds-title" mb="xs">
          Refunds
        </Title>
        <RefundsTable payment={p} refunds={refunds} paymentBase={base} timeZone={tz} onPaidOut={() => void done('Marked the refund as paid out.')} />
      </section>

      <section aria-labelledby="ipn-title">
        <Title order={2} size="h4" id="ipn-title" mb="xs">
          IPN deliveries
        </Title>
        {p.webhook_url_insecure && (
          <Alert color="yellow" title="This webhook URL is not encrypted" mb="sm" data-testid="insecure-webhook">
            It starts with http://, so each IPN, including your API key, travels over the internet where others can read it. Ask the website to use an https://
            address.
          </Alert>
        )}
        {deliveries.length === 0 ? (
          <Text size="sm" c="dimmed">
            {p.webhook_url ? 'No IPN has been sent for this payment yet.' : 'This payment has no webhook URL, so no IPN is sent.'}
          </Text>
        ) : (
          <DeliveryList deliveries={deliveries} timeZone={tz} />
        )}
      </section>

      {(action === 'approve' || action === 'reject') && (
        <DecisionModal
          approve={action === 'approve'}
          payment={p}
          brandSlug={brand.slug}
          onClose={() => setAction(null)}
          onDone={() => void done(action === 'approve' ? 'Payment approved: it is now Completed.' : 'Payment rejected.')}
        />
      )}
      {action === 'refund' && <RefundModal payment={p} paymentBase={base} onClose={() => setAction(null)} onDone={(m) => void done(m)} />}
      {action === 'ipn' && (
        <IpnModal
          payment={p}
          paymentBase={base}
          onClose={() => setAction(null)}
          onDone={() => void done('The IPN was queued; it appears below once it is sent.')}
        />
      )}
    </Stack>
  );
}
