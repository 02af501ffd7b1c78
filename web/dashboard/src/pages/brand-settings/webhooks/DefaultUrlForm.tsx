import { Alert, Button, Group, Paper, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { api, enc } from '../../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../../api/queries.js';
import type { WebhookSettings } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { QueryState } from '../../../components/states.js';
import { useSubmit } from '../../../components/use-submit.js';

const FIELDS = ['default_url'] as const;

/**
 * The brand's default webhook URL: where payments made through a payment link or an invoice send their IPN when the
 * link or invoice names no address of its own. An API checkout always names its own.
 */
export function DefaultUrlForm() {
  const { brand } = useBrand();
  const settings = useBrandQuery<WebhookSettings>('webhook-settings');
  const changed = useBrandChanged();
  const [url, setUrl] = useState('');
  const saved = settings.data?.default_url ?? '';
  useEffect(() => setUrl(saved), [saved]);
  const submit = useSubmit(
    async () => {
      const next = await api.patch<WebhookSettings>(`/brands/${enc(brand.slug)}/webhook-settings`, { default_url: url.trim() === '' ? null : url.trim() });
      await changed();
      notifications.show({
        color: 'green',
        message: next.default_url ? 'Link and invoice payments send their IPN there.' : 'The default webhook URL was cleared.',
      });
    },
    { fields: FIELDS },
  );
  return (
    <Paper withBorder p="md" maw={720} component="section" aria-labelledby="default-url-title">
      <Title order={2} size="h4" id="default-url-title">
        Default webhook URL
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Payments made through a payment link or an invoice send their IPN here when the link or invoice names no webhook URL of its own. Leave empty to send
        none.
      </Text>
      <QueryState query={settings} rows={1} />
      {settings.data && (
        <form noValidate onSubmit={submit.onSubmit}>
          {submit.message && !submit.fields.default_url && (
            <Alert color="red" role="alert" mb="sm">
              {submit.message}
            </Alert>
          )}
          <Group align="flex-start" gap="sm">
            <TextInput
              label="Default webhook URL"
              placeholder="https://shop.example.com/duar-ipn"
              type="url"
              value={url}
              onChange={(e) => {
                submit.clear('default_url');
                setUrl(e.currentTarget.value);
              }}
              error={submit.fields.default_url}
              maxLength={2000}
              w={{ base: '100%', sm: 420 }}
            />
            <Button type="submit" loading={submit.busy} disabled={url.trim() === saved} mt={{ base: 0, sm: 25 }}>
              Save default URL
            </Button>
          </Group>
        </form>
      )}
    </Paper>
  );
}
