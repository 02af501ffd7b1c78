import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, enc } from '../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../api/queries.js';
import type { LinkAnswer, LinkList, PaymentLink } from '../../api/types.js';
import { useBrand } from '../../app/brand.js';
import { money } from '../../app/format.js';
import { Card, CardField, CardList, DataTable, EmptyState } from '../../components/DataTable.js';
import { PlusIcon } from '../../components/icons.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { usePhone } from '../../components/use-phone.js';
import { LinkFormModal, type LinkBody } from './LinkFormModal.js';
import { LinkStateBadge, priceText, remainingText } from './labels.js';

/** Payment links: what each sells, what it brought in and whether it takes payments; a new one opens its page to share. */
export function LinksPage() {
  const { brand } = useBrand();
  usePageTitle('Payment links', brand.name);
  const phone = usePhone();
  const navigate = useNavigate();
  const changed = useBrandChanged();
  const list = useBrandQuery<LinkList>('payment-links?per_page=100');
  const links = { ...list, data: list.data?.links };
  const [creating, setCreating] = useState(false);
  const to = (l: PaymentLink) => `/brands/${brand.slug}/links/${l.id}`;

  async function create(body: LinkBody) {
    const res = await api.post<LinkAnswer>(`/brands/${enc(brand.slug)}/payment-links`, body);
    setCreating(false);
    await changed();
    navigate(to(res.payment_link));
  }

  const newButton = (
    <Button leftSection={<PlusIcon />} onClick={() => setCreating(true)}>
      New link
    </Button>
  );
  return (
    <Stack gap="lg">
      <PageHeader title="Payment links" actions={newButton}>
        A page you share on Facebook, Instagram or WhatsApp, or print as a QR code: the customer pays it like any checkout, and the payment appears here and in
        Payments.
      </PageHeader>
      <section aria-labelledby="links-title">
        <Title order={2} size="h4" id="links-title" mb="sm">
          Your links
        </Title>
        <QueryState query={links} rows={3} />
        {links.data && links.data.length === 0 && (
          <EmptyState testId="links-empty">
            <Title order={3} size="h5">
              No payment links yet
            </Title>
            <Text size="sm" mt="xs" maw={640}>
              Create a link for a product (a fixed price, with stock if you like) or for any amount, then share its address or QR code.
            </Text>
            <Button mt="md" onClick={() => setCreating(true)}>
              Create your first link
            </Button>
          </EmptyState>
        )}
        {phone && links.data && links.data.length > 0 && (
          <CardList data-testid="links-cards" aria-labelledby="links-title">
            {links.data.map((l) => (
              <Card key={l.id} data-link-id={l.id}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Anchor component={Link} to={to(l)} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {l.title}
                  </Anchor>
                  <LinkStateBadge link={l} />
                </Group>
                <CardField label="Price">{priceText(l)}</CardField>
                <CardField label="Payments">{l.stats.payments}</CardField>
                <CardField label="Collected">{money(l.stats.collected)}</CardField>
                <CardField label="Remaining">{remainingText(l)}</CardField>
              </Card>
            ))}
          </CardList>
        )}
        {!phone && links.data && links.data.length > 0 && (
          <DataTable
            minWidth={760}
            columns={['Link', 'Price', { label: 'Payments', right: true }, { label: 'Collected', right: true }, 'Remaining', 'State']}
            verticalSpacing="sm"
            highlightOnHover
            data-testid="links-table"
            aria-labelledby="links-title"
          >
            {links.data.map((l) => (
              <Table.Tr key={l.id} data-link-id={l.id}>
                <Table.Td>
                  <Anchor component={Link} to={to(l)} fw={500} size="sm">
                    {l.title}
                  </Anchor>
                  <Text size="xs" c="dimmed" ff="monospace">
                    /{l.slug}
                  </Text>
                </Table.Td>
                <Table.Td>{priceText(l)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{l.stats.payments}</Table.Td>
                <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{money(l.stats.collected)}</Table.Td>
                <Table.Td>{remainingText(l)}</Table.Td>
                <Table.Td>
                  <LinkStateBadge link={l} />
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
        {list.data && list.data.total > list.data.links.length && (
          <Text size="sm" c="dimmed" mt="sm">
            Showing the newest {list.data.links.length} of {list.data.total} links.
          </Text>
        )}
      </section>
      {creating && <LinkFormModal timezone={brand.timezone} onClose={() => setCreating(false)} onSubmit={create} />}
    </Stack>
  );
}
