import { Anchor, Badge, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useBrandQuery } from '../../api/queries.js';
import type { Overview, OverviewPeriod } from '../../api/types.js';
import { useBrand } from '../../app/brand.js';
import { countLabel, formatAge, formatTime, money } from '../../app/format.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { METHOD_LABELS } from '../../../../../src/modules/gateways/types.js';
import { DayChart, MethodBars } from './charts.js';

const PERIODS: { value: OverviewPeriod; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
];

/** A device is called quiet when its last SMS is older than this (the device.silent alert waits 15 minutes too). */
const QUIET_MS = 15 * 60_000;

/**
 * The brand's first page (PRODUCT.md §7): what came in today, this week or this month, what waits for a person and
 * whether the phones are forwarding. Every figure is the server's (GET …/overview); the page only draws them.
 */
export function OverviewPage() {
  const { brand } = useBrand();
  usePageTitle('Overview', brand.name);
  const [period, setPeriod] = useState<OverviewPeriod>('today');
  const query = useBrandQuery<Overview>(`overview?period=${period}`);
  const o = query.data;
  const base = `/brands/${brand.slug}`;
  const share = o?.payments.completed_share;

  return (
    <Stack gap="lg">
      <PageHeader
        title="Overview"
        actions={
          <SegmentedControl aria-label="Period" value={period} onChange={(v) => setPeriod(v as OverviewPeriod)} data={PERIODS} data-testid="overview-period" />
        }
      >
        Live payments in {brand.timezone} days. Collected is what completed payments brought in, minus refunds made in the same days.
      </PageHeader>
      <QueryState query={query} rows={4} height={72} />
      {o && (
        <>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
            <Stat label="Collected" testId="overview-collected">
              <Text fz={26} fw={700}>
                {money(o.collected)}
              </Text>
              {o.refunded !== '0.00' && (
                <Text size="sm" c="dimmed">
                  {money(o.completed_amount)} in, {money(o.refunded)} refunded
                </Text>
              )}
            </Stat>
            <Stat label="Payments completed" testId="overview-payments">
              <Text fz={26} fw={700}>
                {o.payments.completed} of {o.payments.created}
              </Text>
              <Text size="sm" c="dimmed">
                {share === null || share === undefined ? 'No payment was started' : `${Math.round(share * 100)}% of payments started were completed`}
              </Text>
            </Stat>
            <Stat label="Needs approval" testId="overview-pending">
              <Text fz={26} fw={700}>
                {countLabel(o.pending_approvals, o.pending_approvals_capped)}
              </Text>
              <Anchor component={Link} to={`${base}/payments?status=pending`} size="sm">
                {o.pending_approvals === 0 ? 'Nothing waits' : 'Approve or reject'}
              </Anchor>
            </Stat>
            <Stat label="Money without an order" testId="overview-unmatched">
              <Text fz={26} fw={700} c={o.unmatched.count > 0 ? 'orange.8' : undefined}>
                {money(o.unmatched.amount)}
              </Text>
              <Anchor component={Link} to={`${base}/sms`} size="sm">
                {o.unmatched.count === 0 ? 'Every credit paid an order' : `${o.unmatched.count} credit${o.unmatched.count === 1 ? '' : 's'} paid nothing`}
              </Anchor>
            </Stat>
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Paper withBorder p="md" component="section" aria-labelledby="by-day-title">
              <Title order={2} size="h4" id="by-day-title" mb="sm">
                Collected by day
              </Title>
              <DayChart days={o.by_day} />
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="by-method-title">
              <Title order={2} size="h4" id="by-method-title" mb="sm">
                By method
              </Title>
              {o.by_method.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No completed payment in this period.
                </Text>
              ) : (
                <MethodBars rows={o.by_method.map((m) => ({ label: m.method ? METHOD_LABELS[m.method] : 'Unknown', count: m.count, amount: m.amount }))} />
              )}
            </Paper>
          </SimpleGrid>
          <Paper withBorder p="md" component="section" aria-labelledby="devices-title">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4" id="devices-title">
                Phones
              </Title>
              <Anchor component={Link} to={`${base}/settings/devices`} size="sm">
                Devices
              </Anchor>
            </Group>
            {o.devices.length === 0 ? (
              <Text size="sm" c="dimmed">
                No phone forwards SMS for this brand: wallet payments wait for a person to approve them.
              </Text>
            ) : (
              <Table data-testid="overview-devices">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Phone</Table.Th>
                    <Table.Th>Last SMS</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {o.devices.map((d) => {
                    const quiet = d.last_sms_at === null || Date.now() - Date.parse(d.last_sms_at) > QUIET_MS;
                    return (
                      <Table.Tr key={d.id}>
                        <Table.Td>{d.name}</Table.Td>
                        <Table.Td>
                          {d.last_sms_at === null ? (
                            <Badge color="gray" variant="light">
                              Never
                            </Badge>
                          ) : (
                            <span title={formatTime(d.last_sms_at, brand.timezone)}>
                              {formatAge(d.last_sms_at)}
                              {quiet && (
                                <Badge ml="xs" color="orange" variant="light">
                                  Quiet
                                </Badge>
                              )}
                            </span>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        </>
      )}
    </Stack>
  );
}

function Stat({ label, testId, children }: { label: string; testId: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      {children}
    </Paper>
  );
}
