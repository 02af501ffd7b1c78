import { Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router-dom';
import { useBrandQuery } from '../../api/queries.js';
import { useBrand } from '../../app/brand.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { usePhone } from '../../components/use-phone.js';
import type { Invoice, InvoiceList as InvoicePage } from '../../api/types.js';
import { InvoiceList, NoInvoices } from './InvoiceList.js';
import { INVOICE_LABEL } from './labels.js';
import { RemindersSwitch } from './RemindersSwitch.js';

const STATUSES = ['draft', 'open', 'overdue', 'paid', 'void', 'refunded'] as const;
const FILTERS = ['status', 'page'] as const;

/** Invoices: newest first, filtered by state (kept in the URL), with the CSV of the same filter and "New invoice". */
export function InvoicesPage() {
  const { brand } = useBrand();
  usePageTitle('Invoices', brand.name);
  const phone = usePhone();
  const [params, setParams] = useSearchParams();
  const query = new URLSearchParams();
  for (const f of FILTERS) if (params.get(f)) query.set(f, params.get(f)!);
  const qs = query.toString();
  const list = useBrandQuery<InvoicePage>(`invoices${qs ? `?${qs}` : ''}`);
  const status = params.get('status');
  const page = Number(params.get('page') ?? '1');
  const csv = `/admin/api/brands/${encodeURIComponent(brand.slug)}/invoices.csv${status ? `?status=${encodeURIComponent(status)}` : ''}`;
  const link = (i: Invoice) => `/brands/${brand.slug}/invoices/${i.id}`;
  const setFilter = (values: Partial<Record<(typeof FILTERS)[number], string | null>>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(values)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next, { replace: true });
  };
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.per_page)) : 1;

  return (
    <Stack gap="lg">
      <PageHeader
        title="Invoices"
        actions={
          <Group gap="sm">
            <Button component="a" variant="default" href={csv} download data-testid="invoices-export">
              Download CSV
            </Button>
            <Button component={Link} to={`/brands/${brand.slug}/invoices/new`}>
              New invoice
            </Button>
          </Group>
        }
      >
        Bill a customer: they get an email with a link to the invoice's page, where they pay it like any checkout.
      </PageHeader>
      <Paper withBorder p="sm" component="section" aria-label="Filters">
        <Group gap="md" align="flex-end" justify="space-between">
          <Select
            label="Status"
            placeholder="Any status"
            clearable
            data={STATUSES.map((s) => ({ value: s, label: INVOICE_LABEL[s] }))}
            value={status}
            onChange={(v) => setFilter({ status: v, page: null })}
            w={{ base: '100%', xs: 200 }}
          />
          <RemindersSwitch />
        </Group>
      </Paper>
      <section aria-label="Invoice list" aria-busy={list.isFetching}>
        <QueryState query={list} rows={6} />
        {list.data && list.data.invoices.length === 0 && <NoInvoices filtered={Boolean(status)} />}
        {list.data && list.data.invoices.length > 0 && (
          <>
            <Text size="sm" c="dimmed" mb="xs" role="status">
              {list.data.total} invoice{list.data.total === 1 ? '' : 's'}
            </Text>
            <InvoiceList invoices={list.data.invoices} phone={phone} link={link} />
            {pages > 1 && (
              <Group justify="center" mt="md" gap="sm">
                <Button variant="default" disabled={page <= 1} onClick={() => setFilter({ page: page - 1 > 1 ? String(page - 1) : null })}>
                  Newer
                </Button>
                <Text size="sm">
                  Page {page} of {pages}
                </Text>
                <Button variant="default" disabled={page >= pages} onClick={() => setFilter({ page: String(page + 1) })}>
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
