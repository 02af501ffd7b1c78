import { z } from 'zod';
import { checkWebhookUrl } from '../webhooks/send.js';
import type { ChannelSettings } from './channels.js';
import { ALERT_EVENTS, ALERT_LANGUAGES, CHANNEL_KINDS, type ChannelKind } from './states.js';

/* What an alert channel is made of, as Brand Settings → Alerts and the admin API send it: checked whole, every problem at once. */

/** How Brand Settings → Alerts labels the fields (validation messages name them so). */
export const channelLabels = {
  kind: 'Channel',
  bot_token: 'Bot token',
  chat_id: 'Chat ID',
  to: 'E-mail addresses',
  webhook_url: 'Webhook URL',
  events: 'Events',
  language: 'Language',
};

const BOT_TOKEN = /^\d{3,20}:[A-Za-z0-9_-]{20,100}$/;
const CHAT_ID = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;
const EMAIL = z.email();

const fields = {
  bot_token: z.string({ error: 'bot_token must be text' }).trim().max(200).optional(),
  chat_id: z.string({ error: 'chat_id must be text' }).trim().max(60).optional(),
  to: z
    .array(z.string({ error: 'to must list e-mail addresses' }).trim().max(254), { error: 'to must be a list of e-mail addresses' })
    .max(10, 'to must list at most 10 addresses')
    .optional(),
  webhook_url: z.string({ error: 'webhook_url must be text' }).trim().max(2000).optional(),
  events: z
    .array(z.enum(ALERT_EVENTS, { error: `events must each be one of ${ALERT_EVENTS.join(', ')}` }), { error: 'events must be a list of events' })
    .min(1, 'events must name at least one event')
    .transform((events) => ALERT_EVENTS.filter((e) => events.includes(e))),
  language: z.enum(ALERT_LANGUAGES, { error: 'language must be en (English) or bn (Bangla)' }),
};

/** Checks the settings a kind needs; every problem reported at once, each on its own field. */
export function checkSettings(
  kind: ChannelKind,
  input: Partial<Record<'bot_token' | 'chat_id' | 'webhook_url', string>> & { to?: string[] },
  ctx: z.RefinementCtx,
  allowPrivate: boolean,
) {
  const missing = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
  switch (kind) {
    case 'telegram':
      if (!input.bot_token) missing('bot_token', 'bot_token is required: the token BotFather gave your bot');
      else if (!BOT_TOKEN.test(input.bot_token)) missing('bot_token', 'bot_token looks like 123456789:AAE… (digits, a colon, then letters)');
      if (!input.chat_id) missing('chat_id', 'chat_id is required');
      else if (!CHAT_ID.test(input.chat_id)) missing('chat_id', 'chat_id must be a number such as -1001234567890, or @channelname');
      return;
    case 'email':
      if (!input.to || input.to.length === 0) missing('to', 'to must name at least one e-mail address');
      else {
        const bad = input.to.find((a) => !EMAIL.safeParse(a).success);
        if (bad !== undefined) missing('to', `to: "${bad}" is not an e-mail address`);
      }
      return;
    case 'slack':
    case 'discord': {
      if (!input.webhook_url) return missing('webhook_url', 'webhook_url is required');
      const checked = checkWebhookUrl(input.webhook_url, allowPrivate);
      if ('refused' in checked) missing('webhook_url', `webhook_url is not accepted: ${checked.refused}`);
      else if (checked.url.protocol !== 'https:' && !allowPrivate) missing('webhook_url', 'webhook_url must start with https://');
    }
  }
}

export function settingsOf(kind: ChannelKind, input: { bot_token?: string; chat_id?: string; to?: string[]; webhook_url?: string }): ChannelSettings {
  switch (kind) {
    case 'telegram':
      return { kind, bot_token: input.bot_token!, chat_id: input.chat_id! };
    case 'email':
      return { kind, to: input.to! };
    case 'slack':
    case 'discord':
      return { kind, webhook_url: input.webhook_url! };
  }
}

const createShape = z.strictObject({ kind: z.enum(CHANNEL_KINDS, { error: 'kind must be telegram, email, slack or discord' }), ...fields });

/**
 * A new channel. The kind's settings are checked even when other fields are wrong, so the form shows every problem
 * at once (a refinement on the object alone would wait for the rest to be valid).
 */
export function createChannelInput(allowPrivate: boolean, emailAvailable: boolean) {
  return z.unknown().transform((raw, ctx) => {
    const parsed = createShape.safeParse(raw ?? {});
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue(issue as never);
    const loose = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const kind = CHANNEL_KINDS.find((k) => k === loose.kind);
    if (kind === 'email' && !emailAvailable) {
      // Saved but never sent would look like a working channel; say what is missing instead.
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'E-mail alerts need SMTP_URL set on the server; ask whoever runs Duar to set it' });
    }
    if (kind) {
      const text = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);
      const to = Array.isArray(loose.to) ? loose.to.map((a) => String(a).trim()) : undefined;
      // A field already refused by its type keeps that message (validationError reports a field's first problem).
      checkSettings(kind, { bot_token: text(loose.bot_token), chat_id: text(loose.chat_id), webhook_url: text(loose.webhook_url), to }, ctx, allowPrivate);
    }
    if (!parsed.success || !kind) return z.NEVER;
    return { settings: settingsOf(kind, parsed.data), events: parsed.data.events, language: parsed.data.language };
  });
}
export type CreateChannelInput = z.output<ReturnType<typeof createChannelInput>>;

/** A change: events and language alone, or new settings of the same kind (sent whole: the old ones are never shown). */
export const updateChannelInput = z.strictObject({ ...fields, events: fields.events.optional(), language: fields.language.optional() });
export type UpdateChannelInput = z.output<typeof updateChannelInput>;
