import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, enc } from '../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../api/queries.js';
import { useBrand } from '../../app/brand.js';
import { formatTime, money } from '../../app/format.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { CopyIconButton } from '../../components/CopyField.js';
import { DataTable } from '../../components/DataTable.js';
import { LoadError, LoadingRows, NotFound } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useSubmit } from '../../components/use-submit.js';
import type { Invoice, InvoiceAnswer, SendAnswer } from '../../api/types.js';
import { isMethodId, METHOD_LABELS } from '../../../../../src/modules/gateways/types.js';
import { InvoiceStatusBadge } from './labels.js';
import { MarkPaidModal } from './MarkPaidModal.js';

/** A WhatsApp message with the invoice's link, for a merchant who bills on WhatsApp. */
const whatsApp = (i: Invoice, brandName: string) =>
  `https://wa.me/?text=${encodeURIComponent(`Invoice ${i.number} from ${brandName}: ${money(i.total, i.currency)}. See and pay it here: ${i.url}`)}`;

/** One invoice: its state and the actions it allows, the link to share, what it bills and how it was paid. */
export function InvoiceDetailPage() {
  const { brand } = useBrand();
  const { id = '' } = useParams();
  const detail = useBrandQuery<InvoiceAnswer>(`invoices/${enc(id)}`);
  const invoice = detail.data?.invoice;
  usePageTitle(invoice?.number ?? 'Invoice', brand.name);
  const changed = useBrandChanged();
  const [modal, setModal] = useState<'paid' | 'void' | null>(null);
  const base = `/brands/${enc(brand.slug)}/invoices/${enc(id)}`;
  const send = useSubmit(async () => {
    const res = await api.post<SendAnswer>(`${base}/send`);
    await changed();
    notifications.show(
      res.emailed
        ? { color: 'green', message: `Sent ${res.invoice.number} to ${res.invoice.customer.email}.` }
        : { color: 'orange', message: `${res.invoice.number} is open, but no e-mail went out. ${res.reason ?? ''}` },
    );
  });

  if (detail.error instanceof ApiError && detail.error.status === 404)
    return (
      <NotFound
        title="Invoice not found"
        message="No invoice of this brand has this ID."
        back={{ to: `/brands/${brand.slug}/invoices`, label: 'All invoices' }}
      />
    );
  if (detail.error) return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!invoice) return <LoadingRows rows={6} height={40} />;
  const i = invoice;
  const editable = i.status === 'draft' || i.status === 'open';

  return (
    <Stack gap="lg" maw={960}>
      <Anchor component={Link} to={`/brands/${brand.slug}/invoices`} size="sm">
        ← Invoices
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={1} size="h2">
              {i.number}
            </Title>
            <InvoiceStatusBadge invoice={i} />
          </Group>
          <Text size="lg" fw={600} mt={4}>
            {money(i.total, i.currency)}
          </Text>
          <Text size="sm" c="dimmed">
            {i.customer.name}
            {i.due_on ? ` · due ${i.due_on}` : ''}
          </Text>
        </div>
        <Group gap="sm" role="group" aria-label="Invoice actions">
          {editable && (
            <Button onClick={() => void send.run()} loading={send.busy}>
              {i.status === 'draft' ? 'Send' : 'Send again'}
            </Button>
          )}
          {i.status === 'open' && (
            <Button variant="default" onClick={() => setModal('paid')}>
              Mark as paid
            </Button>
          )}
          {editable && (
            <Button variant="default" component={Link} to={`/brands/${brand.slug}/invoices/${i.id}/edit`}>
              Edit
            </Button>
          )}
          {editable && (
            <Button variant="light" color="red" onClick={() => setModal('void')}>
              Void
            </Button>
          )}
        </Group>
      </Group>
      {send.message && (
        <Alert color="red" role="alert">
          {send.message}
        </Alert>
      )}
      {i.status !== 'draft' && (
        <Paper withBorder p="sm" component="section" aria-label="Share">
          <Text size="sm" fw={500}>
            The customer's page
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Anchor href={i.url} target="_blank" rel="noreferrer" ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="invoice-url">
              {i.url}
            </Anchor>
            <CopyIconButton value={i.url} label="Copy the invoice link" />
          </Group>
          <Button component="a" href={whatsApp(i, brand.name)} target="_blank" rel="noreferrer" variant="subtle" size="xs" mt={4}>
            Share on WhatsApp
          </Button>
        </Paper>
      )}
      <InvoiceBody invoice={i} timezone={brand.timezone} paymentLink={i.payment_id ? `/brands/${brand.slug}/payments/${i.payment_id}` : null} />
      {modal === 'paid' && (
        <MarkPaidModal
          invoice={i}
          base={base}
          onClose={() => setModal(null)}
          onDone={async () => {
            setModal(null);
            await changed();
            notifications.show({ color: 'green', message: `Marked ${i.number} as paid.` });
          }}
        />
      )}
      {modal === 'void' && (
        <ConfirmModal
          title={`Void ${i.number}?`}
          confirmLabel="Void invoice"
          onCancel={() => setModal(null)}
          onConfirm={async () => {
            await api.post(`${base}/void`);
            setModal(null);
            await changed();
            notifications.show({ color: 'green', message: `Voided ${i.number}. Its page takes no payment.` });
          }}
        >
          The customer can no longer pay it, and its number is not used again. This cannot be undone.
        </ConfirmModal>
      )}
    </Stack>
  );
}

/** What the invoice bills (lines and figures), to whom, its notes and how it was paid. */
function InvoiceBody({ invoice: i, timezone, paymentLink }: { invoice: Invoice; timezone: string; paymentLink: string | null }) {
  const figure = (label: string, value: string, strong = false) => (
    <Group justify="space-between">
      <Text size="sm" fw={strong ? 700 : undefined}>
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : undefined}>
        {money(value, i.currency)}
      </Text>
    </Group>
  );
  return (
    <Stack gap="md">
      <DataTable minWidth={520} columns={['Item', { label: 'Quantity', right: true }, { label: 'Unit price', right: true }, { label: 'Amount', right: true }]}>
        {i.items.map((item, n) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an invoice's lines have no id; their order is their identity.
          <Table.Tr key={n}>
            <Table.Td>{item.description}</Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>{item.quantity}</Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>{money(item.unit_price, i.currency)}</Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>{money(item.amount, i.currency)}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Paper withBorder p="sm">
          <Text size="sm" fw={600}>
            Customer
          </Text>
          <Text size="sm">{i.customer.name}</Text>
          {i.customer.email && <Text size="sm">{i.customer.email}</Text>}
          {i.customer.phone && <Text size="sm">{i.customer.phone}</Text>}
          {i.note && (
            <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
              <strong>Note:</strong> {i.note}
            </Text>
          )}
          {i.private_note && (
            <Text size="sm" mt="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              <strong>Private note:</strong> {i.private_note}
            </Text>
          )}
        </Paper>
        <Paper withBorder p="sm" component="section" aria-label="Figures">
          {figure('Subtotal', i.subtotal)}
          {Number(i.discount) > 0 && figure('Discount', i.discount)}
          {Number(i.vat) > 0 && figure(`VAT ${i.vat_percent}%`, i.vat)}
          {Number(i.shipping) > 0 && figure('Shipping', i.shipping)}
          {figure('Total', i.total, true)}
        </Paper>
      </SimpleGrid>
      {i.paid && (
        <Paper withBorder p="sm" component="section" aria-label="Payment">
          <Text size="sm" data-testid="invoice-paid">
            Paid {formatTime(i.paid.at, timezone)}
            {i.paid.method ? ` · ${isMethodId(i.paid.method) ? METHOD_LABELS[i.paid.method] : i.paid.method}` : ''}
            {i.paid.transaction_id ? ` · ${i.paid.transaction_id}` : ''}
          </Text>
          {i.paid.note && <Text size="sm">{i.paid.note}</Text>}
          {paymentLink && (
            <Anchor component={Link} to={paymentLink} size="sm">
              See the payment
            </Anchor>
          )}
        </Paper>
      )}
    </Stack>
  );
}
