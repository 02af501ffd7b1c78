import { z } from 'zod';
import type { Db, Executor, Trx } from '../../db/index.js';
import { decrypt, encrypt } from '../../lib/crypto.js';
import { isoTime as iso } from '../../lib/dates.js';
import { DuarError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { validationError } from '../../lib/validation.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Brand } from '../brands/service.js';
import { newDeliveryState } from '../webhooks/schedule.js';
import { channelLabels, checkSettings, settingsOf, type CreateChannelInput, type UpdateChannelInput } from './inputs.js';
import { maskSettings, sendToChannel, type ChannelEnv, type ChannelResult, type ChannelSettings } from './channels.js';
import { testMessage, type AlertFacts } from './messages.js';
import * as repo from './repository.js';
import type { AlertEvent, AlertLanguage, ChannelKind } from './states.js';

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
      batch_size: null,
      ...newDeliveryState(now),
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
