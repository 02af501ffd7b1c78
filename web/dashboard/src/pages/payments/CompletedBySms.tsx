import { Anchor, Code, Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Sms } from '../../api/types.js';
import { formatTime, money } from '../../app/format.js';
import { SmsStateBadge } from '../sms/labels.js';
import { TestSmsBadge } from '../sms/SmsTable.js';

/** The forwarded wallet SMS that completed this payment: who sent what, and the message itself. */
export function CompletedBySms({ sms, brandSlug, timeZone }: { sms: Sms; brandSlug: string; timeZone: string }) {
  return (
    <section aria-labelledby="sms-title">
      <Title order={2} size="h4" id="sms-title" mb="xs">
        Confirmed by SMS
      </Title>
      <Paper withBorder p="md" data-testid="payment-sms">
        <Group gap="sm" mb="sm">
          <Text size="sm">The {sms.provider_label} message below completed this payment automatically.</Text>
          <SmsStateBadge status={sms.status} />
          <TestSmsBadge sms={sms} />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs" mb="sm">
          <Text size="sm">
            <Text span c="dimmed">
              Amount:{' '}
            </Text>
            {sms.amount ? money(sms.amount, 'BDT') : '—'}
          </Text>
          <Text size="sm">
            <Text span c="dimmed">
              Transaction ID:{' '}
            </Text>
            <Code>{sms.trx_id ?? '—'}</Code>
          </Text>
          <Text size="sm">
            <Text span c="dimmed">
              From:{' '}
            </Text>
            {sms.payer ?? '—'}
          </Text>
          <Text size="sm">
            <Text span c="dimmed">
              Sender:{' '}
            </Text>
            {sms.sender}
          </Text>
          <Text size="sm">
            <Text span c="dimmed">
              Received:{' '}
            </Text>
            {formatTime(sms.created_at, timeZone)}
          </Text>
        </SimpleGrid>
        <Text
          size="sm"
          component="blockquote"
          m={0}
          p="xs"
          style={{ background: 'var(--mantine-color-gray-0)', borderRadius: 4, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
        >
          {sms.text}
        </Text>
        <Anchor
          component={Link}
          to={`/brands/${brandSlug}/sms?q=${encodeURIComponent(sms.trx_id ?? '')}${sms.livemode ? '' : '&livemode=false'}`}
          size="sm"
          mt="xs"
          display="inline-block"
        >
          See it in SMS data
        </Anchor>
      </Paper>
    </section>
  );
}
