import { Anchor, Button, Group, Pagination, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, enc } from '../../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../../api/queries.js';
import type { BrandDelivery, BrandDeliveryList } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { QueryState } from '../../../components/states.js';
import { useSubmit } from '../../../components/use-submit.js';
import { DeliveryList } from '../../payments/DeliveryList.js';

function ResendButton({ delivery }: { delivery: BrandDelivery }) {
  const { brand } = useBrand();
  const changed = useBrandChanged();
  const submit = useSubmit(async () => {
    await api.post(`/brands/${enc(brand.slug)}/webhook-deliveries/${enc(delivery.id)}/resend`);
    notifications.show({ color: 'green', message: `Queued the payment's current status for ${delivery.url} again.` });
    void changed();
  });
  return (
    <Stack gap={4} mt="sm" align="flex-start">
      <Button size="xs" variant="default" loading={submit.busy} onClick={() => void submit.run()}>
        Resend
      </Button>
      {submit.message && (
        <Text size="sm" c="red" role="alert">
          {submit.message}
        </Text>
      )}
    </Stack>
  );
}

/** Every IPN the brand's payments caused, newest first: status, attempts, the last answer and the next retry. */
export function WebhookDeliveries() {
  const { brand } = useBrand();
  const [status, setStatus] = useState('all');
  const [page, setPage] = useState(1);
  const qs = new URLSearchParams({ page: String(page), ...(status === 'all' ? {} : { status }) }).toString();
  const list = useBrandQuery<BrandDeliveryList>(`webhook-deliveries?${qs}`);
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.per_page)) : 1;

  return (
    <section aria-labelledby="deliveries-title">
      <Group justify="space-between" mb="xs" gap="sm">
        <Title order={2} size="h4" id="deliveries-title">
          Deliveries
        </Title>
        <SegmentedControl
          size="xs"
          aria-label="Show deliveries"
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          data={[
            { value: 'all', label: 'All' },
            { value: 'pending', label: 'Trying' },
            { value: 'failed', label: 'Failed' },
            { value: 'delivered', label: 'Delivered' },
          ]}
        />
      </Group>
      <QueryState query={list} rows={3} />
      {list.data && list.data.total === 0 && (
        <Paper withBorder p="md">
          <Text size="sm">
            {status === 'all' ? 'No IPN has been sent yet. Each payment with a webhook URL sends one when it is paid.' : 'No delivery in this state.'}
          </Text>
        </Paper>
      )}
      {list.data && list.data.total > 0 && (
        <>
          <DeliveryList
            deliveries={list.data.deliveries}
            timeZone={brand.timezone}
            actions={(d) => {
              const delivery = d as BrandDelivery;
              return (
                <>
                  <Text size="sm" mt="sm">
                    Payment{' '}
                    <Anchor component={Link} to={`/brands/${brand.slug}/payments/${delivery.payment_id}`}>
                      {delivery.invoice_id}
                    </Anchor>
                  </Text>
                  <ResendButton delivery={delivery} />
                </>
              );
            }}
          />
          {pages > 1 && (
            <Group justify="center" mt="md">
              <Pagination total={pages} value={page} onChange={setPage} getControlProps={(c) => ({ 'aria-label': `${c} page` })} />
            </Group>
          )}
        </>
      )}
    </section>
  );
}
