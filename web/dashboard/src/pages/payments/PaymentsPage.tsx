import { Alert, Badge, Button, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useBrandQuery } from '../../api/queries.js';
import type { Payment, PaymentList as PaymentPage } from '../../api/types.js';
import { useBrand } from '../../app/brand.js';
import { QueryState } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { usePhone } from '../../components/use-phone.js';
import { ApprovalQueue } from './ApprovalQueue.js';
import { PaymentFilters } from './PaymentFilters.js';
import { NoPayments, PaymentList } from './PaymentList.js';

// `cursor` is where the page starts (the API's next_cursor); the list pages by cursor, not by page number.
const FILTERS = ['status', 'method', 'from', 'to', 'q', 'cursor', 'livemode'] as const;

/**
 * The list's filters as CSV downloads (the server streams every matching row): the payments, and the refunds made in the
 * same days of the same mode. Plain links: the browser downloads them with the session cookie.
 */
function ExportButtons({ slug, params }: { slug: string; params: URLSearchParams }) {
  const base = `/admin/api/brands/${encodeURIComponent(slug)}`;
  const payments = new URLSearchParams();
  for (const f of FILTERS) if (f !== 'cursor' && params.get(f)) payments.set(f, params.get(f)!);
  const refunds = new URLSearchParams();
  for (const f of ['from', 'to', 'livemode'] as const) if (params.get(f)) refunds.set(f, params.get(f)!);
  const href = (what: string, q: URLSearchParams) => `${base}/${what}/export.csv${q.size ? `?${q}` : ''}`;
  return (
    <Group gap="xs">
      <Button component="a" variant="default" size="sm" href={href('payments', payments)} download data-testid="payments-export">
        Download CSV
      </Button>
      <Button component="a" variant="subtle" size="sm" href={href('refunds', refunds)} download data-testid="refunds-export">
        Refunds CSV
      </Button>
    </Group>
  );
}

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
  const list = useBrandQuery<PaymentPage>(`payments${qs ? `?${qs}` : ''}`);

  function setFilters(values: Partial<Record<(typeof FILTERS)[number], string | null>>) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(values)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    if (!('cursor' in values)) {
      next.delete('cursor');
      setPrevious([]);
    }
    setParams(next, { replace: true });
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled search text writes the URL, not every URL change.
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced.trim()) setFilters({ q: debounced.trim() || null });
  }, [debounced]);

  const filtered = FILTERS.some((f) => f !== 'cursor' && f !== 'livemode' && params.get(f));
  // "Test data" shows the test payments (made with test keys) instead of the live ones; never both at once.
  const testData = params.get('livemode') === 'false';
  const link = (p: Payment) => `/brands/${brand.slug}/payments/${p.id}`;
  const cursor = params.get('cursor');

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Group gap="sm">
          <Title order={1} size="h2">
            Payments
          </Title>
          {testData && (
            <Badge color="orange" variant="filled" data-testid="test-data-badge">
              Test data
            </Badge>
          )}
        </Group>
        <Group gap="md" align="center">
          <ExportButtons slug={brand.slug} params={params} />
          <Switch
            label="Test data"
            description="Show test payments (made with test keys) instead of live ones"
            checked={testData}
            onChange={(e) => setFilters({ livemode: e.currentTarget.checked ? 'false' : null })}
            data-testid="test-data-switch"
          />
        </Group>
      </Group>
      {testData && (
        <Alert color="orange" variant="light" data-testid="test-data-notice">
          You are looking at <strong>test payments</strong>: made with test API keys, paid with Sandbox or with a wallet completed by “Send a test SMS”; no
          money moved. They never appear in the live list.
        </Alert>
      )}
      <ApprovalQueue livemode={!testData} />
      <PaymentFilters
        phone={phone}
        values={{ status: params.get('status'), method: params.get('method'), from: params.get('from'), to: params.get('to') }}
        active={FILTERS.filter((f) => f !== 'cursor' && f !== 'to' && params.get(f)).length}
        clearable={filtered}
        search={search}
        onSearch={setSearch}
        onFilter={(name, value) => setFilters({ [name]: value })}
        onRange={(from, to) => setFilters({ from, to })}
        onClear={() => {
          setSearch('');
          setPrevious([]);
          setParams(new URLSearchParams(), { replace: true });
        }}
      />

      <section aria-label="Payment list" aria-busy={list.isFetching}>
        <QueryState query={list} rows={6} />
        {list.data && list.data.payments.length === 0 && <NoPayments filtered={filtered} />}
        {list.data && list.data.payments.length > 0 && (
          <>
            <Text size="sm" c="dimmed" mb="xs" role="status">
              {list.data.total_capped ? `${list.data.total}+ payments` : `${list.data.total} payment${list.data.total === 1 ? '' : 's'}`}
            </Text>
            <PaymentList payments={list.data.payments} phone={phone} timezone={brand.timezone} link={link} />
            {(cursor || list.data.next_cursor) && (
              <Group justify="center" mt="md" gap="sm">
                <Button
                  variant="default"
                  disabled={!cursor}
                  onClick={() => {
                    setFilters({ cursor: previous.at(-1) || null });
                    setPrevious(previous.slice(0, -1));
                  }}
                >
                  Newer
                </Button>
                <Button
                  variant="default"
                  disabled={!list.data.next_cursor}
                  onClick={() => {
                    setPrevious([...previous, cursor ?? '']);
                    setFilters({ cursor: list.data!.next_cursor });
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
