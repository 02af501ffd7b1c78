import { Button, Group, Modal, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api, enc, fieldErrors } from '../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../api/queries.js';
import type { SenderIdList } from '../../api/types.js';
import { useBrand } from '../../app/brand.js';
import { QueryState } from '../../components/states.js';
import { useReturnFocus } from '../../components/use-return-focus.js';
import { useSubmit } from '../../components/use-submit.js';
import { PROVIDER_LABELS, SMS_PROVIDERS, type SmsProvider } from '../../../../../src/modules/sms/providers.js';

type Senders = Record<SmsProvider, string[]>;

/** "bKash, bKash-Biz," → ["bKash", "bKash-Biz"]: blanks between commas are dropped, not refused. */
const split = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The sender IDs whose SMS Duar reads for each wallet (docs/decisions/050-devices-and-sms-verification.md): a message
 * from any other sender is ignored. Edited per brand; an empty list stops reading that wallet's messages.
 */
export function SenderIds() {
  const { brand } = useBrand();
  const path = `/brands/${enc(brand.slug)}/sms-senders`;
  const senders = useBrandQuery('sms-senders', (r: SenderIdList) => r.senders);
  const changed = useBrandChanged();
  const [editing, setEditing] = useState(false);

  async function save(next: Senders) {
    const saved = await api.patch<SenderIdList>(path, next);
    setEditing(false);
    notifications.show({ color: 'green', message: 'Saved the sender IDs. Messages from other senders are ignored.' });
    void changed();
    return saved;
  }

  return (
    <section aria-labelledby="senders-title">
      <Group justify="space-between" align="flex-start" gap="sm" mb="xs">
        <Title order={2} size="h4" id="senders-title">
          Sender IDs
        </Title>
        {senders.data && (
          <Button variant="default" size="sm" onClick={() => setEditing(true)}>
            Edit sender IDs
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm" maw={720}>
        The names your phone shows as the sender of each wallet's messages. Duar reads only messages from these senders, so an SMS from anyone else cannot pay.
      </Text>
      <QueryState query={senders} rows={2} />
      {senders.data && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="sender-ids">
          {SMS_PROVIDERS.map((p) => (
            <Paper component="li" withBorder p="xs" key={p}>
              <Text size="sm" fw={600}>
                {PROVIDER_LABELS[p]}
              </Text>
              <Text size="sm" style={{ wordBreak: 'break-word' }}>
                {senders.data![p].length ? senders.data![p].join(', ') : 'Not read (no sender ID)'}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      {editing && senders.data && <SenderIdsModal senders={senders.data} onClose={() => setEditing(false)} onSave={save} />}
    </section>
  );
}

function SenderIdsModal({ senders, onClose, onSave }: { senders: Senders; onClose: () => void; onSave: (next: Senders) => Promise<unknown> }) {
  useReturnFocus();
  const [text, setText] = useState<Record<string, string>>(() => Object.fromEntries(SMS_PROVIDERS.map((p) => [p, senders[p].join(', ')])));
  const submit = useSubmit(async () => {
    await onSave(Object.fromEntries(SMS_PROVIDERS.map((p) => [p, split(text[p] ?? '')])) as Senders);
  });
  // "bkash.1" (one entry of the list) is shown beside the bKash field.
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(submit.error))) {
    const provider = field.split('.')[0]!;
    errors[provider] = errors[provider] ? `${errors[provider]}; ${message}` : message;
  }
  const unplaced = submit.error && Object.keys(errors).length === 0 ? submit.message : null;
  return (
    <Modal opened onClose={onClose} title="Edit sender IDs" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <Text size="sm">
            Separate several sender IDs with commas; up to 10 per wallet, each up to 40 characters. Leave a wallet empty to stop reading its messages.
          </Text>
          {unplaced && (
            <Text c="red" size="sm" role="alert">
              {unplaced}
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            {SMS_PROVIDERS.map((p, i) => (
              <TextInput
                key={p}
                label={PROVIDER_LABELS[p]}
                value={text[p] ?? ''}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setText((t) => ({ ...t, [p]: value }));
                }}
                error={errors[p]}
                spellCheck={false}
                autoComplete="off"
                data-autofocus={i === 0 || undefined}
              />
            ))}
          </SimpleGrid>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={submit.busy}>
              Save sender IDs
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
