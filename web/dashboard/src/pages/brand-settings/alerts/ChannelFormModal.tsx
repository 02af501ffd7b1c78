import { Alert, Anchor, Checkbox, List, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../../api/client.js';
import type { AlertEvent, AlertLanguage, ChannelKind } from '../../../api/types.js';
import { FormModal } from '../../../components/FormModal.js';
import { useSubmit } from '../../../components/use-submit.js';
import { ALL_EVENTS, EVENT_LABELS, KIND_LABELS } from './labels.js';

const FIELDS = ['kind', 'bot_token', 'chat_id', 'to', 'webhook_url', 'events', 'language'] as const;

/** Add a channel: its kind, what reaches it (sealed once saved, never shown again), which events, which language. */
export function ChannelFormModal({
  base,
  emailAvailable,
  onClose,
  onSaved,
}: {
  base: string;
  emailAvailable: boolean;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const [kind, setKind] = useState<ChannelKind>('telegram');
  const [botToken, setBotToken] = useState('');
  const [chatId, setChatId] = useState('');
  const [to, setTo] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [events, setEvents] = useState<AlertEvent[]>(['payment.completed', 'payment.pending_approval', 'sms.unmatched', 'device.silent', 'summary.daily']);
  const [language, setLanguage] = useState<AlertLanguage>('en');
  const submit = useSubmit(
    async () => {
      const settings =
        kind === 'telegram'
          ? { bot_token: botToken, chat_id: chatId }
          : kind === 'email'
            ? { to: to.split(/[\s,;]+/).filter(Boolean) }
            : { webhook_url: webhookUrl };
      await api.post(base, { kind, ...settings, events, language });
      await onSaved();
    },
    { fields: FIELDS },
  );
  const kinds = (Object.keys(KIND_LABELS) as ChannelKind[]).map((k) => ({ value: k, label: KIND_LABELS[k], disabled: k === 'email' && !emailAvailable }));

  return (
    <FormModal title="Add an alert channel" size="lg" submitLabel="Save channel" submit={submit} onClose={onClose}>
      {submit.message && (
        <Alert color="red" role="alert">
          {submit.message}
        </Alert>
      )}
      <Stack gap={4}>
        <Text size="sm" fw={500} id="channel-kind-label">
          Channel
        </Text>
        <SegmentedControl
          aria-labelledby="channel-kind-label"
          value={kind}
          onChange={(v) => {
            setKind(v as ChannelKind);
            submit.clear('kind');
          }}
          data={kinds}
          fullWidth
        />
        {!emailAvailable && (
          <Text size="xs" c="dimmed">
            E-mail needs SMTP_URL set on the server.
          </Text>
        )}
        {submit.fields.kind && (
          <Text size="xs" c="red">
            {submit.fields.kind}
          </Text>
        )}
      </Stack>
      {kind === 'telegram' && (
        <>
          <Paper withBorder p="sm">
            <Text size="sm" fw={600} mb={4}>
              Setting up Telegram
            </Text>
            <List size="sm" type="ordered" spacing={4}>
              <List.Item>
                In Telegram, message{' '}
                <Anchor href="https://t.me/BotFather" target="_blank" rel="noreferrer">
                  @BotFather
                </Anchor>
                , send <code>/newbot</code> and copy the token it gives you.
              </List.Item>
              <List.Item>Add the bot to the group (or channel) that should get the alerts, and send one message there.</List.Item>
              <List.Item>
                Open <code>https://api.telegram.org/bot&lt;token&gt;/getUpdates</code> in a browser: the number after <code>"chat":{'{'}"id":</code> is the chat
                ID (groups start with <code>-100</code>).
              </List.Item>
            </List>
          </Paper>
          <TextInput
            label="Bot token"
            autoComplete="off"
            placeholder="123456789:AAE…"
            value={botToken}
            onChange={(e) => {
              setBotToken(e.currentTarget.value);
              submit.clear('bot_token');
            }}
            error={submit.fields.bot_token}
          />
          <TextInput
            label="Chat ID"
            placeholder="-1001234567890"
            value={chatId}
            onChange={(e) => {
              setChatId(e.currentTarget.value);
              submit.clear('chat_id');
            }}
            error={submit.fields.chat_id}
          />
        </>
      )}
      {kind === 'email' && (
        <Textarea
          label="E-mail addresses"
          description="Up to 10, separated by commas or new lines"
          autosize
          minRows={2}
          value={to}
          onChange={(e) => {
            setTo(e.currentTarget.value);
            submit.clear('to');
          }}
          error={submit.fields.to}
        />
      )}
      {(kind === 'slack' || kind === 'discord') && (
        <TextInput
          label="Webhook URL"
          description={kind === 'slack' ? 'Slack → Apps → Incoming Webhooks → Add to a channel' : 'Discord → Channel settings → Integrations → Webhooks'}
          autoComplete="off"
          placeholder={kind === 'slack' ? 'https://hooks.slack.com/services/…' : 'https://discord.com/api/webhooks/…'}
          value={webhookUrl}
          onChange={(e) => {
            setWebhookUrl(e.currentTarget.value);
            submit.clear('webhook_url');
          }}
          error={submit.fields.webhook_url}
        />
      )}
      <Checkbox.Group
        label="Events"
        value={events}
        onChange={(v) => {
          setEvents(v as AlertEvent[]);
          submit.clear('events');
        }}
        error={submit.fields.events}
      >
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={6} mt={6}>
          {ALL_EVENTS.map((e) => (
            <Checkbox key={e} value={e} label={EVENT_LABELS[e]} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="channel-language-label">
          Language
        </Text>
        <SegmentedControl
          aria-labelledby="channel-language-label"
          value={language}
          onChange={(v) => setLanguage(v as AlertLanguage)}
          data={[
            { value: 'en', label: 'English' },
            { value: 'bn', label: 'বাংলা' },
          ]}
        />
      </Stack>
    </FormModal>
  );
}
