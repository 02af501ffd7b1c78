import { z } from 'zod';
import type { Db, Executor, Trx } from '../../db/index.js';
import { decrypt, encrypt } from '../../lib/crypto.js';
import { isoTime as iso } from '../../lib/dates.js';
import { DuarError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { validationError } from '../../lib/validation.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Brand } from '../brands/service.js';
import { checkWebhookUrl } from '../webhooks/send.js';
import { maskSettings, sendToChannel, type ChannelEnv, type ChannelResult, type ChannelSettings } from './channels.js';
import { testMessage, type AlertFacts } from './messages.js';
import * as repo from './repository.js';
import { ALERT_EVENTS, ALERT_LANGUAGES, CHANNEL_KINDS, type AlertEvent, type AlertLanguage, type ChannelKind } from './states.js';

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
function checkSettings(
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

function settingsOf(kind: ChannelKind, input: { bot_token?: string; chat_id?: string; to?: string[]; webhook_url?: string }): ChannelSettings {
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

export type ChannelView = {
  id: string;
  kind: ChannelKind;
  /** The settings masked: never the token or the URL. */
  target: string;
  events: AlertEvent[];
  language: AlertLanguage;
  created_at: string;
  updated_at: string;
};

export function channelView(row: repo.ChannelRow): ChannelView {
  return {
    id: row.id,
    kind: row.kind,
    target: row.masked,
    events: JSON.parse(row.events) as AlertEvent[],
    language: row.language,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export async function listChannelViews(db: Executor, brand: Brand): Promise<ChannelView[]> {
  return (await repo.listChannels(db, brand.id)).map(channelView);
}

export async function getChannel(db: Executor, brand: Brand, id: string): Promise<repo.ChannelRow> {
  const row = await repo.findChannel(db, brand.id, id);
  if (!row) throw new DuarError('alert_channel_not_found', 'No such alert channel in this brand');
  return row;
}

export function readSettings(appKey: Buffer, row: repo.ChannelRow): ChannelSettings {
  return JSON.parse(decrypt(appKey, row.settings_ciphertext)) as ChannelSettings;
}

export async function createChannel(db: Db, appKey: Buffer, brand: Brand, input: CreateChannelInput, actor: Actor): Promise<ChannelView> {
  const now = Date.now();
  const row: repo.ChannelRow = {
    id: newId('alc'),
    brand_id: brand.id,
    kind: input.settings.kind,
    settings_ciphertext: encrypt(appKey, JSON.stringify(input.settings)),
    masked: maskSettings(input.settings),
    events: JSON.stringify(input.events),
    language: input.language,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertChannel(trx, row);
    await recordAudit(trx, {
      brandId: brand.id,
      actor,
      action: 'alert_channel.created',
      targetId: row.id,
      changes: { kind: row.kind, target: row.masked, events: input.events, language: input.language },
    });
  });
  return channelView(row);
}

export async function updateChannel(
  db: Db,
  appKey: Buffer,
  brand: Brand,
  id: string,
  input: UpdateChannelInput,
  actor: Actor,
  allowPrivate: boolean,
): Promise<ChannelView> {
  const row = await getChannel(db, brand, id);
  const touchesSettings = input.bot_token !== undefined || input.chat_id !== undefined || input.to !== undefined || input.webhook_url !== undefined;
  let settings: ChannelSettings | null = null;
  if (touchesSettings) {
    // New settings are checked as a whole, as on create: the old ones are sealed and cannot be merged field by field.
    const checked = z
      .object({})
      .passthrough()
      .superRefine((v, ctx) => checkSettings(row.kind, v as never, ctx, allowPrivate))
      .safeParse(input);
    if (!checked.success) throw validationError(checked.error.issues, channelLabels);
    settings = settingsOf(row.kind, input);
  }
  const updated: repo.ChannelRow = {
    ...row,
    ...(settings ? { settings_ciphertext: encrypt(appKey, JSON.stringify(settings)), masked: maskSettings(settings) } : {}),
    events: input.events ? JSON.stringify(input.events) : row.events,
    language: input.language ?? row.language,
    updated_at: Date.now(),
  };
  const changes: Record<string, unknown> = {};
  if (settings) changes.target = { from: row.masked, to: updated.masked };
  if (updated.events !== row.events) changes.events = { from: JSON.parse(row.events), to: input.events };
  if (updated.language !== row.language) changes.language = { from: row.language, to: updated.language };
  await db.transaction().execute(async (trx) => {
    await repo.updateChannel(trx, updated);
    await recordAudit(trx, { brandId: brand.id, actor, action: 'alert_channel.updated', targetId: row.id, changes });
  });
  return channelView(updated);
}

export async function deleteChannel(db: Db, brand: Brand, id: string, actor: Actor): Promise<void> {
  const row = await getChannel(db, brand, id);
  await db.transaction().execute(async (trx) => {
    await repo.deleteChannel(trx, brand.id, id);
    await recordAudit(trx, { brandId: brand.id, actor, action: 'alert_channel.deleted', targetId: id, changes: { kind: row.kind, target: row.masked } });
  });
}

/**
 * Raises an alert once per (brand, event, dedupe key) and queues one delivery per channel that wants the event, in the
 * caller's transaction (rows before requests: a payment's alert commits with its status change). The worker holds a
 * bursty event's deliveries until the first of them is a window old, then sends them as one message
 * (docs/decisions/110-alert-outbox-and-coalescing.md). Returns whether it was new.
 */
export async function raiseAlert(
  db: Executor | Trx,
  input: { brandId: string; event: AlertEvent; dedupeKey: string; facts: AlertFacts; now?: number },
): Promise<boolean> {
  const now = input.now ?? Date.now();
  const channels = (await repo.listChannels(db, input.brandId)).filter((c) => (JSON.parse(c.events) as AlertEvent[]).includes(input.event));
  if (channels.length === 0) return false;
  const alertId = newId('alr');
  const created = await repo.insertAlertOnce(db, {
    id: alertId,
    brand_id: input.brandId,
    event: input.event,
    dedupe_key: input.dedupeKey,
    facts: JSON.stringify(input.facts),
    created_at: now,
  });
  if (!created) return false;
  for (const channel of channels) {
    await repo.insertDelivery(db, {
      id: newId('ald'),
      alert_id: alertId,
      channel_id: channel.id,
      brand_id: input.brandId,
      event: input.event,
      status: 'pending',
      attempt_count: 0,
      next_attempt_at: now,
      locked_until: null,
      locked_by: null,
      last_error: null,
      last_http_status: null,
      batch_size: null,
      created_at: now,
      updated_at: now,
      completed_at: null,
    });
  }
  return true;
}

export type AlertDeliveryView = {
  id: string;
  event: AlertEvent;
  channel: { id: string; kind: ChannelKind; target: string };
  status: repo.AlertDeliveryRow['status'];
  attempt_count: number;
  next_attempt_at: string | null;
  last_error: string | null;
  last_http_status: number | null;
  /** How many alerts the message that carried this one named. */
  batch_size: number | null;
  /** What the alert was about, in a few words (`৳1,250.00 · INV…`). */
  subject: string;
  created_at: string;
  completed_at: string | null;
};

function subjectOf(facts: Record<string, unknown>): string {
  if (typeof facts.invoice_id === 'string') return `${facts.invoice_id}`;
  if (typeof facts.trx_id === 'string') return `TrxID ${facts.trx_id}`;
  if (typeof facts.key_name === 'string') return `${facts.key_name}`;
  if (typeof facts.date === 'string') return facts.date;
  if (typeof facts.waiting === 'number') return `${facts.waiting} waiting`;
  return '';
}

/** The brand's latest alert deliveries and their outcome, newest first (Brand Settings → Alerts). */
export async function recentAlerts(db: Executor, brand: Brand, limit = 50): Promise<AlertDeliveryView[]> {
  const rows = await repo.recentDeliveries(db, brand.id, limit);
  return rows.map((r) => ({
    id: r.id,
    event: r.event,
    channel: { id: r.channel_id, kind: r.kind, target: r.masked },
    status: r.status,
    attempt_count: r.attempt_count,
    next_attempt_at: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    last_error: r.last_error,
    last_http_status: r.last_http_status,
    batch_size: r.batch_size,
    subject: subjectOf(JSON.parse(r.facts) as Record<string, unknown>),
    created_at: iso(r.created_at),
    completed_at: iso(r.completed_at),
  }));
}

/** "Send test alert": one message straight to the channel (not through the outbox), answered with how it went. */
export async function sendTestAlert(
  db: Db,
  appKey: Buffer,
  brand: Brand,
  id: string,
  actor: Actor,
  env: ChannelEnv & { publicUrl: string },
): Promise<ChannelResult> {
  const row = await getChannel(db, brand, id);
  const ctx = { brandName: brand.name, brandSlug: brand.slug, timezone: brand.timezone, publicUrl: env.publicUrl };
  const result = await sendToChannel(readSettings(appKey, row), testMessage(row.language, ctx), env);
  await recordAudit(db, {
    brandId: brand.id,
    actor,
    action: 'alert_channel.test_sent',
    targetId: row.id,
    changes: { target: row.masked, outcome: result.outcome, http_status: result.httpStatus },
  });
  return result;
}
