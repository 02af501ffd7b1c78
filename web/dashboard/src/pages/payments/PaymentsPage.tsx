import { Alert, Anchor, Badge, Button, Collapse, Group, Paper, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, enc } from '../../api/client.js';
import { METHOD_IDS } from '../../../../../src/modules/gateways/types.js';
import { PAYMENT_STATES } from '../../../../../src/modules/payments/states.js';
import type { Payment, PaymentList } from '../../api/types.js';
import { useLoad } from '../../api/use-load.js';
import { useBrand } from '../../app/brand.js';
import { formatTime, money } from '../../app/format.js';
import { DataTable } from '../../components/DataTable.js';
import { LoadError, LoadingRows } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { usePhone } from '../../components/use-phone.js';
import { METHOD_LABEL, PaymentStatusBadge, STATE_LABEL } from './labels.js';
import { ApprovalQueue } from './ApprovalQueue.js';

// `cursor` is where the page starts (the API's next_cursor); the list pages by cursor, not by page number.
const FILTERS = ['status', 'method', 'from', 'to', 'q', 'cursor', 'livemode'] as const;

/** Payments: newest first, with filters (kept in the URL, so Back and a shared link keep them) and search. */
export function PaymentsPage() {
  const { brand } = useBrand();
  usePageTitle('Payments', brand.name);
  const phone = usePhone();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search, 350);
  // The cursors of the pages before this one, so "Newer" can go back (a cursor only points forward).
  const [previous, setPrevious] = useState<string[]>([]);

  const query = new URLSearchParams();
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) query.set(f, v);
  }
  const qs = query.toString();
  const list = useLoad(() => api.get<PaymentList>(`/brands/${enc(brand.slug)}/payments${qs ? `?${qs}` : ''}`), [brand.slug, qs]);

  function setFilter(name: (typeof FILTERS)[number], value: string | null) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    if (name !== 'cursor') {
      next.delete('cursor');
      setPrevious([]);
    }
    setParams(next, { replace: true });
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled search text writes the URL, not every URL change.
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced.trim()) setFilter('q', debounced.trim() || null);
  }, [debounced]);

  // On a phone the filters fold away behind one button, so the approvals and payments come first.
  const [filtersOpen, filters] = useDisclosure(false);
  const activeFilters = FILTERS.filter((f) => f !== 'cursor' && f !== 'to' && params.get(f)).length;

  const from = params.get('from');
  const to = params.get('to');
  const filtered = FILTERS.some((f) => f !== 'cursor' && f !== 'livemode' && params.get(f));
  // "Test data" shows the test payments (made with test keys) instead of the live ones; never both at once.
  const testData = params.get('livemode') === 'false';
  const link = (p: Payment) => `/brands/${brand.slug}/payments/${p.id}`;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Group gap="sm">
          <Title order={1} size="h2">Payments</Title>
          {testData && <Badge color="orange" variant="filled" data-testid="test-data-badge">Test data</Badge>}
        </Group>
        <Switch
          label="Test data"
          description="Show test payments (made with test keys) instead of live ones"
          checked={testData}
          onChange={(e) => setFilter('livemode', e.currentTarget.checked ? 'false' : null)}
          data-testid="test-data-switch"
        />
      </Group>
      {testData && (
        <Alert color="orange" variant="light" data-testid="test-data-notice">
          You are looking at <strong>test payments</strong>: made with test API keys and paid with Sandbox, no money moved. They never appear in
          the live list.
        </Alert>
      )}
      <ApprovalQueue onChanged={() => void list.reload()} />
      {phone && (
        <Button variant="default" onClick={filters.toggle} aria-expanded={filtersOpen} aria-controls="payment-filters" justify="space-between" fullWidth>
          {activeFilters ? `Filters (${activeFilters})` : 'Filters'}
        </Button>
      )}
      <Collapse expanded={!phone || filtersOpen} id="payment-filters">
      <Paper withBorder p="sm" component="section" aria-label="Filters">
        <Group gap="sm" align="flex-end">
          <TextInput
            label="Search"
            placeholder="Invoice ID, TrxID, email, name or sender (start of)"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={{ base: '100%', sm: 280 }}
            type="search"
          />
          <Select
            label="Status"
            placeholder="Any status"
            clearable
            data={PAYMENT_STATES.map((s) => ({ value: s, label: STATE_LABEL[s] }))}
            value={params.get('status')}
            onChange={(v) => setFilter('status', v)}
            w={{ base: '100%', xs: 180 }}
          />
          <Select
            label="Method"
            placeholder="Any method"
            clearable
            data={METHOD_IDS.map((m) => ({ value: m, label: METHOD_LABEL[m] }))}
            value={params.get('method')}
            onChange={(v) => setFilter('method', v)}
            w={{ base: '100%', xs: 150 }}
          />
          <DatePickerInput
            type="range"
            label="Created"
            placeholder="Any date"
            valueFormat="DD/MM/YYYY"
            clearable
            allowSingleDateInRange
            value={[from, to]}
            onChange={([a, b]) => {
              const next = new URLSearchParams(params);
              for (const [k, v] of [['from', a], ['to', b]] as const) {
                if (v) next.set(k, String(v).slice(0, 10));
                else next.delete(k);
              }
              next.delete('cursor');
              setPrevious([]);
              setParams(next, { replace: true });
            }}
            w={{ base: '100%', xs: 240 }}
          />
          {filtered && (
            <Button
              variant="subtle"
              onClick={() => {
                setSearch('');
                setPrevious([]);
                setParams(new URLSearchParams(), { replace: true });
              }}
            >
              Clear filters
            </Button>
          )}
        </Group>
      </Paper>
      </Collapse>

      <section aria-label="Payment list" aria-busy={list.loading}>
        {list.error && <LoadError message={list.error} onRetry={list.reload} />}
        {!list.data && !list.error && <LoadingRows rows={6} />}
        {list.data && list.data.payments.length === 0 && (
          <Paper withBorder p="lg">
            <Text fw={600}>{filtered ? 'No payment matches these filters.' : 'No payments yet.'}</Text>
            <Text size="sm" c="dimmed" mt={4}>
              {filtered
                ? 'Change or clear the filters to see more.'
                : 'Payments appear here as soon as your website or plugin creates a checkout with one of your API keys.'}
            </Text>
          </Paper>
        )}
        {list.data && list.data.payments.length > 0 && (
          <>
            <Text size="sm" c="dimmed" mb="xs" role="status">
              {list.data.total_capped ? `${list.data.total}+ payments` : `${list.data.total} payment${list.data.total === 1 ? '' : 's'}`}
            </Text>
            {phone ? (
              <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="payments-cards">
                {list.data.payments.map((p) => (
                  <Paper component="li" withBorder p="sm" key={p.id}>
                    <Group justify="space-between" wrap="nowrap">
                      <Anchor component={Link} to={link(p)} fw={600}>
                        {money(p.amount, p.currency)}
                      </Anchor>
                      <PaymentStatusBadge status={p.status} label={p.status_label} />
                    </Group>
                    <Text size="sm">{p.full_name} · {p.email}</Text>
                    <Text size="xs" c="dimmed">
                      {p.payment_method ? METHOD_LABEL[p.payment_method] : 'No method yet'} · {formatTime(p.created_at, brand.timezone)}
                    </Text>
                  </Paper>
                ))}
              </Stack>
            ) : (
              <DataTable minWidth={820} columns={['Invoice', 'Customer', { label: 'Amount', right: true }, 'Method', 'Status', 'Created']} verticalSpacing="sm" highlightOnHover data-testid="payments-table">
                {list.data.payments.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Anchor component={Link} to={link(p)} ff="monospace" size="sm">{p.invoice_id}</Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{p.full_name}</Text>
                      <Text size="xs" c="dimmed">{p.email}</Text>
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                      {money(p.amount, p.currency)}
                      {p.refunded_amount !== '0.00' && <Text size="xs" c="dimmed">refunded {money(p.refunded_amount, p.currency)}</Text>}
                    </Table.Td>
                    <Table.Td>
                      {p.payment_method ? METHOD_LABEL[p.payment_method] : '—'}
                      {p.transaction_id && <Text size="xs" c="dimmed" ff="monospace">{p.transaction_id}</Text>}
                    </Table.Td>
                    <Table.Td><PaymentStatusBadge status={p.status} label={p.status_label} /></Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(p.created_at, brand.timezone)}</Table.Td>
                  </Table.Tr>
                ))}
              </DataTable>
            )}
            {(params.get('cursor') || list.data.next_cursor) && (
              <Group justify="center" mt="md" gap="sm">
                <Button
                  variant="default"
                  disabled={!params.get('cursor')}
                  onClick={() => {
                    setFilter('cursor', previous.at(-1) || null);
                    setPrevious(previous.slice(0, -1));
                  }}
                >
                  Newer
                </Button>
                <Button
                  variant="default"
                  disabled={!list.data.next_cursor}
                  onClick={() => {
                    setPrevious([...previous, params.get('cursor') ?? '']);
                    setFilter('cursor', list.data!.next_cursor);
                  }}
                >
                  Older
                </Button>
              </Group>
            )}
          </>
        )}
      </section>
    </Stack>
  );
}
