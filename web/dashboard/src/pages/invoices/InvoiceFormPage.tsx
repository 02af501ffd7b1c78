import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type ChangeEvent, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, enc } from '../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../api/queries.js';
import { useBrand } from '../../app/brand.js';
import { money } from '../../app/format.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useSubmit } from '../../components/use-submit.js';
import type { Invoice, InvoiceAnswer } from '../../api/types.js';
import { MAX_ITEMS } from '../../../../../src/modules/invoices/totals.js';
import { InvoiceItems, newItem } from './InvoiceItems.js';
import { type ItemDraft, liveTotals } from './live-totals.js';

/** Every field the server may name in `errors`, so its message goes beside that field. */
const FIELDS = [
  'customer',
  'customer.name',
  'customer.email',
  'customer.phone',
  'items',
  ...Array.from({ length: MAX_ITEMS }, (_, i) => [`items.${i}`, `items.${i}.description`, `items.${i}.quantity`, `items.${i}.unit_price`]).flat(),
  'discount',
  'vat_percent',
  'shipping',
  'total',
  'due_on',
  'note',
  'private_note',
  'webhook_url',
  'status',
] as const;

type Draft = {
  name: string;
  email: string;
  phone: string;
  items: ItemDraft[];
  discount: string;
  vat_percent: string;
  shipping: string;
  due_on: string;
  note: string;
  private_note: string;
  webhook_url: string;
};

const zeroIsBlank = (v: string) => (Number(v) === 0 ? '' : v);
function draftOf(i: Invoice | undefined): Draft {
  return {
    name: i?.customer.name ?? '',
    email: i?.customer.email ?? '',
    phone: i?.customer.phone ?? '',
    items: i ? i.items.map((it) => newItem({ description: it.description, quantity: String(it.quantity), unit_price: it.unit_price })) : [newItem()],
    discount: i ? zeroIsBlank(i.discount) : '',
    vat_percent: i ? zeroIsBlank(i.vat_percent) : '',
    shipping: i ? zeroIsBlank(i.shipping) : '',
    due_on: i?.due_on ?? '',
    note: i?.note ?? '',
    private_note: i?.private_note ?? '',
    webhook_url: i?.webhook_url ?? '',
  };
}
const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** New invoice (`invoices/new`). */
export function NewInvoicePage() {
  return <InvoiceForm invoice={undefined} />;
}

/** Edit invoice (`invoices/:id/edit`): the same form, once the invoice has loaded. */
export function EditInvoicePage() {
  const { id = '' } = useParams();
  const existing = useBrandQuery<InvoiceAnswer>(`invoices/${enc(id)}`);
  if (!existing.data) return <QueryState query={existing} rows={8} />;
  return <InvoiceForm key={id} invoice={existing.data.invoice} />;
}

function InvoiceForm({ invoice }: { invoice: Invoice | undefined }) {
  const { brand } = useBrand();
  usePageTitle(invoice ? `Edit ${invoice.number}` : 'New invoice', brand.name);
  const navigate = useNavigate();
  const changed = useBrandChanged();
  const [d, setD] = useState<Draft>(() => draftOf(invoice));
  const currency = invoice?.currency ?? brand.currency;
  // Only a draft is fully editable; an open invoice keeps its customer and figures (PRODUCT.md §6).
  const locked = invoice !== undefined && invoice.status !== 'draft';
  const totals = useMemo(() => liveTotals(d), [d]);
  const base = `/brands/${enc(brand.slug)}/invoices`;

  const submit = useSubmit(
    async (status: 'draft' | 'open') => {
      const shared = { due_on: orNull(d.due_on), note: d.note, private_note: d.private_note };
      const body = locked
        ? shared
        : {
            customer: { name: d.name, email: orNull(d.email), phone: orNull(d.phone) },
            items: d.items.map((i) => ({ description: i.description, quantity: i.quantity.trim(), unit_price: i.unit_price.trim() })),
            discount: orNull(d.discount),
            vat_percent: orNull(d.vat_percent),
            shipping: orNull(d.shipping),
            webhook_url: orNull(d.webhook_url),
            ...shared,
          };
      const saved = invoice ? await api.patch<InvoiceAnswer>(`${base}/${enc(invoice.id)}`, body) : await api.post<InvoiceAnswer>(base, { ...body, status });
      await changed();
      notifications.show({ color: 'green', message: invoice ? `Saved ${saved.invoice.number}.` : `Created ${saved.invoice.number}.` });
      navigate(`/brands/${brand.slug}/invoices/${saved.invoice.id}`);
    },
    { fields: FIELDS },
  );
  const { fields: errors, clear } = submit;
  const edit = (patch: Partial<Draft>, field: (typeof FIELDS)[number] | string) => {
    setD((prev) => ({ ...prev, ...patch }));
    clear(field as (typeof FIELDS)[number]);
  };
  /** A text field's value, the server's message for it and its change handler, which clears that message. */
  const bind = (key: Exclude<keyof Draft, 'items'>, field: (typeof FIELDS)[number]) => ({
    value: d[key],
    error: errors[field],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => edit({ [key]: e.currentTarget.value }, field),
  });
  const back = invoice ? `/brands/${brand.slug}/invoices/${invoice.id}` : `/brands/${brand.slug}/invoices`;

  return (
    <Stack gap="lg" maw={960}>
      <Anchor component={Link} to={back} size="sm">
        ← {invoice ? invoice.number : 'Invoices'}
      </Anchor>
      <PageHeader title={invoice ? `Edit ${invoice.number}` : 'New invoice'}>
        {locked
          ? 'This invoice is open: only its due date and notes can change.'
          : 'Amounts in the brand currency; the total is computed as the customer will see it.'}
      </PageHeader>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(invoice ? 'draft' : 'open');
        }}
      >
        <Stack gap="md">
          {submit.message && (
            <Alert color="red" role="alert">
              {submit.message}
            </Alert>
          )}
          <Paper withBorder p="md" component="fieldset" style={{ margin: 0 }}>
            <Text component="legend" fw={600} px={4}>
              Customer
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label="Customer name" withAsterisk disabled={locked} maxLength={100} {...bind('name', 'customer.name')} />
              <TextInput
                label="Customer e-mail"
                type="email"
                description="The invoice and reminders go here"
                value={d.email}
                disabled={locked}
                error={errors['customer.email'] ?? errors.customer}
                onChange={(e) => edit({ email: e.currentTarget.value }, 'customer.email')}
              />
              <TextInput
                label="Customer phone"
                type="tel"
                description="An e-mail or a phone is needed"
                disabled={locked}
                {...bind('phone', 'customer.phone')}
              />
            </SimpleGrid>
          </Paper>
          <InvoiceItems
            items={d.items}
            lines={totals.lines}
            currency={currency}
            disabled={locked}
            errors={errors}
            onChange={(items, field) => edit({ items }, field)}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label="Discount"
              description="Optional, taken off the subtotal"
              inputMode="decimal"
              disabled={locked}
              {...bind('discount', 'discount')}
            />
            <TextInput
              label="VAT %"
              description="Optional, 0–100, on the subtotal after the discount"
              inputMode="decimal"
              disabled={locked}
              {...bind('vat_percent', 'vat_percent')}
            />
            <TextInput label="Shipping" description="Optional, added after VAT" inputMode="decimal" disabled={locked} {...bind('shipping', 'shipping')} />
          </SimpleGrid>
          <Totals totals={totals} currency={currency} error={errors.total} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Due date" description="Optional, dd/mm/yyyy" placeholder="dd/mm/yyyy" {...bind('due_on', 'due_on')} autoComplete="off" />
            <TextInput
              label="Webhook URL"
              description="Optional: where this invoice's payment IPN goes instead of the brand's default"
              disabled={locked}
              {...bind('webhook_url', 'webhook_url')}
            />
          </SimpleGrid>
          <Textarea label="Note" description="Printed on the invoice" autosize minRows={2} maxLength={2000} {...bind('note', 'note')} />
          <Textarea label="Private note" description="Only your team sees it" autosize minRows={2} maxLength={2000} {...bind('private_note', 'private_note')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" component={Link} to={back}>
              Cancel
            </Button>
            {invoice ? (
              <Button type="submit" loading={submit.busy}>
                Save
              </Button>
            ) : (
              <>
                <Button variant="default" loading={submit.busy} onClick={() => void submit.run('draft')}>
                  Save draft
                </Button>
                <Button type="submit" loading={submit.busy}>
                  Create invoice
                </Button>
              </>
            )}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** The figures as the invoice will print them; "—" while a number cannot be read yet. */
function Totals({ totals, currency, error }: { totals: ReturnType<typeof liveTotals>; currency: string; error: string | undefined }) {
  const f = totals.figures;
  const row = (label: string, value: string | undefined, strong = false) => (
    <Table.Tr>
      <Table.Th scope="row" fw={strong ? 700 : 500}>
        {label}
      </Table.Th>
      <Table.Td style={{ textAlign: 'right' }} fw={strong ? 700 : undefined} data-testid={`invoice-${label.toLowerCase()}`}>
        {value === undefined ? '—' : money(value, currency)}
      </Table.Td>
    </Table.Tr>
  );
  return (
    <Paper withBorder p="sm" maw={360} ml="auto" w="100%" component="section" aria-label="Totals" aria-live="polite">
      <Table>
        <Table.Tbody>
          {row('Subtotal', f?.subtotal)}
          {row('Discount', f?.discount)}
          {row('VAT', f?.vat)}
          {row('Shipping', f?.shipping)}
          {row('Total', f?.total, true)}
        </Table.Tbody>
      </Table>
      {(totals.problem || error) && (
        <Text size="sm" c="red" mt="xs">
          {error ?? totals.problem}
        </Text>
      )}
    </Paper>
  );
}
