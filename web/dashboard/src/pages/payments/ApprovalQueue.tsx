import { Anchor, Badge, Button, Code, Group, Paper, SimpleGrid, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client.js';
import { useBrandChanged, useBrandPages } from '../../api/queries.js';
import type { Payment, PaymentList } from '../../api/types.js';
import { useBrand } from '../../app/brand.js';
import { countLabel, formatAge, formatTime, money } from '../../app/format.js';
import { LoadError } from '../../components/states.js';
import { DecisionModal } from './DecisionModal.js';
import { SendTestSmsButton } from './SendTestSms.js';
import { METHOD_LABELS } from '../../../../../src/modules/gateways/types.js';

type Decision = { payment: Payment; approve: boolean } | null;

/**
 * "Needs approval": pending wallet payments, oldest first, with what the merchant checks against the wallet statement
 * (sender number, TrxID, amount, age) and Approve / Reject right there. Shown only while something waits. Longest-waiting
 * first, 100 at a time; "Show more" continues with the list's cursor, so nothing beyond the first 100 is hidden.
 * It follows the page's "Test data" switch like the list below it: live payments, or test ones (each with "Send a test
 * SMS" when it waits for one), never both.
 */
export function ApprovalQueue({ livemode }: { livemode: boolean }) {
  const { brand } = useBrand();
  const changed = useBrandChanged();
  const queue = useBrandPages<PaymentList>(`payments?status=pending&order=oldest&per_page=100${livemode ? '' : '&livemode=false'}`);
  const [decision, setDecision] = useState<Decision>(null);

  const first = queue.data?.pages[0];
  if (queue.error && !first) return <LoadError error={queue.error} onRetry={() => void queue.refetch()} />;
  if (!first || first.total === 0) return null;
  const waiting = queue.data!.pages.flatMap((p) => p.payments);
  const count = countLabel(first.total, first.total_capped);

  return (
    <section aria-labelledby="approvals-title" data-testid="approval-queue">
      <Group gap="xs" mb="xs">
        <Title order={2} size="h4" id="approvals-title">
          Needs approval
        </Title>
        <Badge color="orange" variant="filled" aria-hidden data-testid="approval-count">
          {count}
        </Badge>
        <VisuallyHidden>{count} waiting</VisuallyHidden>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {livemode
          ? 'Check each against your wallet statement: the same amount from the same number with the same transaction ID.'
          : 'Test payments: complete one with “Send a test SMS” as its wallet’s SMS would, or approve or reject it as you would a live one.'}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {waiting.map((p) => (
          <Paper
            component="li"
            withBorder
            p="sm"
            key={p.id}
            aria-label={`${money(p.charged_amount)} from ${p.sender_number ?? 'unknown number'}${p.approval_warning ? ' (does not match its SMS)' : ''}`}
          >
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div>
                <Text fw={700} size="lg">
                  {money(p.charged_amount)}
                </Text>
                <Text size="sm">
                  {p.payment_method ? METHOD_LABELS[p.payment_method] : 'Wallet'} from <strong>{p.sender_number ?? '—'}</strong>
                </Text>
              </div>
              <Text size="xs" c="dimmed" title={formatTime(p.updated_at, brand.timezone)}>
                {formatAge(p.updated_at)}
              </Text>
            </Group>
            <Text size="sm" mt={4}>
              TrxID <Code>{p.transaction_id ?? '—'}</Code>
            </Text>
            {p.verification_note && (
              <Text size="sm" c="red.9" mt={4} data-testid="approval-reason">
                {p.verification_note}
              </Text>
            )}
            <Text size="xs" c="dimmed" truncate>
              <Anchor component={Link} to={`/brands/${brand.slug}/payments/${p.id}`} size="xs">
                {p.invoice_id}
              </Anchor>{' '}
              · {p.full_name}
            </Text>
            <Group gap="xs" mt="sm" grow>
              <Button
                color="green"
                size="sm"
                onClick={() => setDecision({ payment: p, approve: true })}
                aria-label={`Approve ${p.transaction_id ?? p.invoice_id}`}
              >
                Approve
              </Button>
              <Button
                color="red"
                variant="light"
                size="sm"
                onClick={() => setDecision({ payment: p, approve: false })}
                aria-label={`Reject ${p.transaction_id ?? p.invoice_id}`}
              >
                Reject
              </Button>
            </Group>
            {p.can_send_test_sms && (
              <Group mt="xs" grow>
                <SendTestSmsButton payment={p} />
              </Group>
            )}
          </Paper>
        ))}
      </SimpleGrid>
      {queue.hasNextPage && (
        <Group mt="sm" gap="sm">
          <Button variant="light" loading={queue.isFetchingNextPage} onClick={() => void queue.fetchNextPage({ cancelRefetch: false })}>
            Show more waiting payments
          </Button>
          <Text size="sm" c="dimmed">
            Showing {waiting.length} of {count}, longest-waiting first.
          </Text>
        </Group>
      )}
      {queue.error && (
        <Text c="red" size="sm" role="alert" mt="xs">
          {errorMessage(queue.error)}
        </Text>
      )}
      {decision && (
        <DecisionModal
          approve={decision.approve}
          payment={decision.payment}
          brandSlug={brand.slug}
          onClose={() => setDecision(null)}
          onDone={() => {
            setDecision(null);
            notifications.show({
              color: 'green',
              message: decision.approve
                ? `Approved ${money(decision.payment.charged_amount)} from ${decision.payment.sender_number ?? 'the customer'}: it is now Completed.`
                : `Rejected the payment with transaction ID ${decision.payment.transaction_id ?? '—'}.`,
            });
            void changed();
          }}
        />
      )}
    </section>
  );
}
