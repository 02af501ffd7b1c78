import { Anchor, Button, Code, Group, Image, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, enc } from '../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../api/queries.js';
import type { LinkAnswer, Payment, PaymentLink, PaymentList as PaymentPage } from '../../api/types.js';
import { useBrand } from '../../app/brand.js';
import { money } from '../../app/format.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { CopyIconButton } from '../../components/CopyField.js';
import { LoadError, LoadingRows, NotFound, QueryState } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { usePhone } from '../../components/use-phone.js';
import { PaymentList } from '../payments/PaymentList.js';
import { EmptyState } from '../../components/DataTable.js';
import { LinkFormModal, type LinkBody } from './LinkFormModal.js';
import { LinkStateBadge, priceText, remainingText, whatsappShare } from './labels.js';

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

/** Sharing: the address to copy or open, the QR code (PNG to print, SVG for designs) and a WhatsApp message. */
function Share({ link, qrBase }: { link: PaymentLink; qrBase: string }) {
  return (
    <section aria-labelledby="share-title">
      <Title order={2} size="h4" id="share-title" mb="xs">
        Share
      </Title>
      <Paper withBorder p="md">
        <Group gap={4} wrap="nowrap">
          <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }} data-testid="link-url">
            {link.url}
          </Code>
          <CopyIconButton value={link.url} label="Copy the link" />
        </Group>
        <Group mt="md" align="flex-start" gap="lg">
          <Image src={`${qrBase}/qr.svg`} alt={`QR code of ${link.url}`} w={140} h={140} />
          <Stack gap="xs">
            <Button component="a" variant="default" size="sm" href={link.url} target="_blank" rel="noopener noreferrer">
              Open the page
            </Button>
            <Button component="a" variant="default" size="sm" href={`${qrBase}/qr.png`} download>
              QR code (PNG)
            </Button>
            <Button component="a" variant="default" size="sm" href={`${qrBase}/qr.svg`} download>
              QR code (SVG)
            </Button>
            <Button component="a" color="green" size="sm" href={whatsappShare(link)} target="_blank" rel="noopener noreferrer">
              Share on WhatsApp
            </Button>
          </Stack>
        </Group>
      </Paper>
    </section>
  );
}

/** The payments made through the link, newest first, as in Payments. */
function LinkPayments({ link }: { link: PaymentLink }) {
  const { brand } = useBrand();
  const phone = usePhone();
  const list = useBrandQuery<PaymentPage>(`payments?payment_link=${enc(link.id)}&per_page=50`);
  const payments = { ...list, data: list.data?.payments };
  return (
    <section aria-labelledby="link-payments-title">
      <Title order={2} size="h4" id="link-payments-title" mb="xs">
        Payments through this link
      </Title>
      <QueryState query={payments} rows={2} />
      {payments.data && payments.data.length === 0 && (
        <EmptyState testId="link-payments-empty">
          <Text fw={600}>No payments yet.</Text>
          <Text size="sm" c="dimmed" mt={4}>
            Each checkout a customer starts from this link appears here, and in Payments.
          </Text>
        </EmptyState>
      )}
      {payments.data && payments.data.length > 0 && (
        <PaymentList payments={payments.data} phone={phone} timezone={brand.timezone} link={(p: Payment) => `/brands/${brand.slug}/payments/${p.id}`} />
      )}
    </section>
  );
}

type Action = 'edit' | 'delete' | null;

/** One payment link: its state and stats, how to share it, edit, deactivate or delete it, and its payments. */
export function LinkDetailPage() {
  const { brand } = useBrand();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const changed = useBrandChanged();
  const path = `/brands/${enc(brand.slug)}/payment-links/${enc(id)}`;
  const detail = useBrandQuery<LinkAnswer>(`payment-links/${enc(id)}`);
  const [action, setAction] = useState<Action>(null);
  const [switching, setSwitching] = useState(false);
  usePageTitle(detail.data ? detail.data.payment_link.title : 'Payment link', brand.name);
  const back = `/brands/${brand.slug}/links`;

  if (detail.error instanceof ApiError && detail.error.status === 404)
    return (
      <NotFound
        title="No such payment link"
        message={`This brand has no payment link “${id}”. It may have been deleted.`}
        back={{ to: back, label: 'Back to Payment links' }}
      />
    );
  if (detail.error) return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <LoadingRows rows={6} />;
  const link = detail.data.payment_link;

  async function save(body: LinkBody) {
    await api.patch<LinkAnswer>(path, body);
    setAction(null);
    notifications.show({ color: 'green', message: `Saved “${body.title}”.` });
    await changed();
  }

  async function setActive(active: boolean) {
    setSwitching(true);
    try {
      await api.patch<LinkAnswer>(path, { active });
      notifications.show({
        color: 'green',
        message: active ? 'The link takes payments again.' : 'Deactivated: the page now says the link is not taking payments.',
      });
      await changed();
    } catch (err) {
      notifications.show({ color: 'red', message: err instanceof ApiError ? err.message : 'Could not change the link.' });
    } finally {
      setSwitching(false);
    }
  }

  async function remove() {
    await api.del(path);
    notifications.show({ color: 'green', message: `Deleted “${link.title}”. Its payments stay in Payments.` });
    await changed();
    navigate(back);
  }

  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to={back} size="sm">
          ← Payment links
        </Anchor>
        <Group justify="space-between" align="flex-start" mt={4} gap="sm">
          <div>
            <Group gap="sm">
              <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
                {link.title}
              </Title>
              <LinkStateBadge link={link} />
            </Group>
            <Text size="sm" c="dimmed">
              {priceText(link)}
              {link.expires_at && ` · expires ${link.expires_at}`}
            </Text>
          </div>
          <Group gap="sm" role="group" aria-label="Link actions">
            <Button variant="default" onClick={() => setAction('edit')}>
              Edit
            </Button>
            <Button variant="default" loading={switching} onClick={() => void setActive(!link.active)}>
              {link.active ? 'Deactivate' : 'Activate'}
            </Button>
            <Button variant="light" color="red" onClick={() => setAction('delete')}>
              Delete
            </Button>
          </Group>
        </Group>
      </div>

      <SimpleGrid cols={{ base: 3 }} spacing="sm">
        <Stat label="Payments" value={String(link.stats.payments)} testId="link-stat-payments" />
        <Stat label="Collected" value={money(link.stats.collected)} testId="link-stat-collected" />
        <Stat label="Remaining" value={remainingText(link)} testId="link-stat-remaining" />
      </SimpleGrid>

      <Share link={link} qrBase={`/admin/api${path}`} />
      <LinkPayments link={link} />

      {action === 'edit' && <LinkFormModal link={link} timezone={brand.timezone} onClose={() => setAction(null)} onSubmit={save} />}
      {action === 'delete' && (
        <ConfirmModal title="Delete payment link" confirmLabel="Delete link" onCancel={() => setAction(null)} onConfirm={remove}>
          Delete <strong>“{link.title}”</strong>? Its page stops working (customers who open it see “not found”); the payments it made stay in Payments. To
          pause it instead, deactivate it.
        </ConfirmModal>
      )}
    </Stack>
  );
}
