import { Alert, Button, Code, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api, enc } from '../../../api/client.js';
import type { SigningSecret as Secret } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { formatTime } from '../../../app/format.js';
import { CopyIconButton } from '../../../components/CopyField.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { useSubmit } from '../../../components/use-submit.js';
import { useReturnFocus } from '../../../components/use-return-focus.js';
import { DefaultUrlForm } from './DefaultUrlForm.js';
import { TestEventForm } from './TestEventForm.js';
import { WebhookDeliveries } from './WebhookDeliveries.js';

/**
 * Brand Settings → Webhooks: the signing secret that lets a website check an IPN came from Duar (Standard Webhooks),
 * the default webhook URL of link and invoice payments, a test event to any address, and every IPN delivery with its attempts and Resend.
 * It is fetched only when asked for and held in this page's state, so it is gone when the page is left.
 */
export function WebhooksPage() {
  const { brand } = useBrand();
  usePageTitle('Webhooks', brand.name);
  const base = `/brands/${enc(brand.slug)}/webhook-secret`;
  const [secret, setSecret] = useState<Secret | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);
  // Showing and rotating share the button state and the error line.
  const {
    run,
    busy,
    message: error,
  } = useSubmit(async (action: () => Promise<Secret>, done?: string) => {
    setSecret(await action());
    if (done) notifications.show({ color: 'green', message: done });
  });

  return (
    <Stack gap="lg">
      <PageHeader section="Brand Settings" title="Webhooks">
        When a payment completes or goes pending, Duar sends an IPN to the payment's webhook URL with the API key that created it (as UddoktaPay plugins expect)
        and signs it with this secret (Standard Webhooks: <Code>webhook-id</Code>, <Code>webhook-timestamp</Code>, <Code>webhook-signature</Code>). Use the
        secret only if your website checks signatures.
      </PageHeader>
      <Paper withBorder p="md" maw={720}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Signing secret
          </Title>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {secret ? (
            <>
              <Group gap="xs" wrap="nowrap">
                <Code style={{ wordBreak: 'break-all' }} data-testid="webhook-secret">
                  {secret.secret}
                </Code>
                <CopyIconButton value={secret.secret} label="Copy the signing secret" />
              </Group>
              <Text size="xs" c="dimmed">
                Created {formatTime(secret.created_at, brand.timezone)}
              </Text>
              <Group gap="sm">
                <Button variant="default" onClick={() => setSecret(null)}>
                  Hide
                </Button>
                <Button color="red" variant="light" onClick={() => setConfirmRotate(true)}>
                  Rotate secret
                </Button>
              </Group>
            </>
          ) : (
            <Group>
              <Button loading={busy} onClick={() => void run(() => api.get<Secret>(base))}>
                Show signing secret
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
      <DefaultUrlForm />
      <TestEventForm />
      <WebhookDeliveries />
      {confirmRotate && (
        <RotateModal
          busy={busy}
          onCancel={() => setConfirmRotate(false)}
          onConfirm={async () => {
            await run(() => api.post<Secret>(`${base}/rotate`), 'The signing secret was replaced. Update it on your website.');
            setConfirmRotate(false);
          }}
        />
      )}
    </Stack>
  );
}

function RotateModal({ busy, onCancel, onConfirm }: { busy: boolean; onCancel: () => void; onConfirm: () => void }) {
  useReturnFocus();
  return (
    <Modal opened onClose={onCancel} title="Rotate the signing secret?" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <Text size="sm">
          Every IPN from now on, retries included, is signed with a new secret. Websites that check signatures reject IPNs until you give them the new one.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-autofocus>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={onConfirm}>
            Rotate secret
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
