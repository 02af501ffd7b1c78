import { Text, Timeline, Title } from '@mantine/core';
import type { Delivery, Payment, Refund } from '../../api/types.js';
import { formatTime, money } from '../../app/format.js';
import { METHOD_LABELS } from '../../../../../src/modules/gateways/types.js';

type Step = { at: string; title: string; detail?: string; tone?: 'done' | 'problem' | 'waiting' };

const ANSWERS: Record<Delivery['status'], string> = { delivered: 'delivered', failed: 'gave up', pending: 'trying', superseded: 'replaced by a newer IPN' };

/** What happened to a payment, oldest first, in the merchant's words (built only from what the server sent). */
export function timelineSteps(p: Payment, refunds: Refund[], deliveries: Delivery[]): Step[] {
  const steps: Step[] = [
    { at: p.created_at, title: 'Checkout created', detail: p.api_key_name ? `by your website with the key “${p.api_key_name}”` : undefined },
  ];
  const method = p.payment_method ? METHOD_LABELS[p.payment_method] : null;
  const wallet = p.payment_method_kind === 'manual_wallet';
  if (p.paid_at && wallet) {
    steps.push({
      at: p.paid_at,
      title: `Customer sent ${method} payment details`,
      detail: `From ${p.sender_number ?? '—'}, transaction ID ${p.transaction_id ?? '—'}`,
    });
  } else if (p.paid_at) {
    steps.push({ at: p.paid_at, title: `Paid with ${method ?? 'the payment method'}`, tone: 'done' });
  }
  if (wallet && p.completed_at) {
    steps.push({
      at: p.completed_at,
      title: p.decided_by ? `Approved by ${p.decided_by}` : 'Matched and completed',
      detail: p.decision_note ?? undefined,
      tone: 'done',
    });
  }
  if (p.status === 'pending') steps.push({ at: p.updated_at, title: 'Waiting for your approval', tone: 'waiting' });
  if (p.status === 'failed')
    steps.push({ at: p.updated_at, title: p.decided_by ? `Rejected by ${p.decided_by}` : 'Failed', detail: p.decision_note ?? undefined, tone: 'problem' });
  if (p.status === 'canceled') steps.push({ at: p.updated_at, title: 'Canceled by the customer', tone: 'problem' });
  if (p.status === 'expired') steps.push({ at: p.expires_at, title: 'Checkout expired unpaid', tone: 'problem' });
  for (const r of refunds) {
    const how = r.kind === 'gateway' ? 'through the payment method' : 'by hand';
    steps.push({
      at: r.created_at,
      title: `Refunded ${money(r.amount, p.currency)} ${how}`,
      detail: [r.reason, `by ${r.actor}`].filter(Boolean).join(' · '),
      tone: r.status === 'failed' ? 'problem' : 'done',
    });
    if (r.paid_out_at)
      steps.push({
        at: r.paid_out_at,
        title: `Refund of ${money(r.amount, p.currency)} paid out to the customer`,
        detail: r.paid_out_by ? `by ${r.paid_out_by}` : undefined,
        tone: 'done',
      });
  }
  for (const d of deliveries) {
    const answer = d.last_http_status ? `your website answered HTTP ${d.last_http_status}` : d.last_error ? `no answer: ${d.last_error}` : 'not sent yet';
    steps.push({
      at: d.created_at,
      title: `IPN ${d.event} ${ANSWERS[d.status]}`,
      detail: `${d.attempt_count} attempt${d.attempt_count === 1 ? '' : 's'}, ${answer}`,
      tone: d.status === 'delivered' ? 'done' : d.status === 'failed' ? 'problem' : 'waiting',
    });
  }
  return steps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

const COLOR = { done: 'green', problem: 'red', waiting: 'orange' } as const;

export function PaymentTimeline({ payment, refunds, deliveries, timeZone }: { payment: Payment; refunds: Refund[]; deliveries: Delivery[]; timeZone: string }) {
  const steps = timelineSteps(payment, refunds, deliveries);
  return (
    <section aria-labelledby="timeline-title">
      <Title order={2} size="h4" id="timeline-title" mb="xs">
        What happened
      </Title>
      <Timeline bulletSize={14} lineWidth={2} data-testid="timeline" active={steps.length - 1}>
        {steps.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are derived afresh in time order and have no id of their own.
          <Timeline.Item key={i} title={s.title} color={s.tone ? COLOR[s.tone] : undefined}>
            {s.detail && <Text size="sm">{s.detail}</Text>}
            <Text size="xs" c="dimmed">
              {formatTime(s.at, timeZone)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </section>
  );
}
