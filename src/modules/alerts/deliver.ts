import type { Db } from '../../db/index.js';
import { findBrandById } from '../brands/service.js';
import { nextStep, type RetryPolicy } from '../webhooks/schedule.js';
import { sendToChannel, type ChannelEnv, type ChannelResult } from './channels.js';
import { renderMessage, type AlertFacts, type MessageContext } from './messages.js';
import * as repo from './repository.js';
import { readSettings } from './service.js';
import { COALESCED_EVENTS, type AlertEvent } from './states.js';

/** The pino-style logger the alert worker writes to: ids and outcomes only, never a token, URL or address. */
export type AlertLog = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

/** What one alert worker sends with. */
export type AlertSender = {
  db: Db;
  appKey: Buffer;
  log: AlertLog;
  publicUrl: string;
  env: ChannelEnv;
  /** The IPN retry policy (webhooks/schedule.ts): backoff for 24 h. */
  retry: RetryPolicy;
  /** A bursty event's group waits until its first alert is this old (ALERT_BURST_SECONDS). */
  burstMs: number;
  clock: () => number;
};

export type AlertClaim = { group: { channel_id: string; event: AlertEvent }; token: string; rows: repo.AlertDeliveryRow[] };

/** Claims the due deliveries, one lease per channel and event (the rows one message will carry). */
export async function claimDueAlerts(
  db: Db,
  now: number,
  opts: { limit: number; leaseUntil: number; burstMs: number },
  nextToken: () => string,
): Promise<AlertClaim[]> {
  const claims: AlertClaim[] = [];
  for (const { first, ...group } of await repo.dueGroups(db, now, opts.limit)) {
    // The burst is still coming in: everything raised until its first alert is a window old goes in one message.
    if (COALESCED_EVENTS.has(group.event) && first > now - opts.burstMs) continue;
    const token = nextToken();
    const rows = await repo.claimGroup(db, group, token, now, opts.leaseUntil);
    if (rows.length > 0) claims.push({ group, token, rows });
  }
  return claims;
}

/** Sends one message for a claimed group, then records each delivery's outcome and next attempt (or its end). */
export async function deliverAlerts(sender: AlertSender, claim: AlertClaim): Promise<void> {
  const { db, log } = sender;
  const context = { channelId: claim.group.channel_id, event: claim.group.event, deliveries: claim.rows.length };
  const result = await send(sender, claim, context);
  const finishedAt = sender.clock();
  const random = Math.random();
  let lost = 0;
  await db.transaction().execute(async (trx) => {
    for (const row of claim.rows) {
      const step = nextStep({ outcome: result.outcome, attemptNo: row.attempt_count, createdAt: row.created_at, now: finishedAt, random }, sender.retry);
      // Telegram's flood control says when to come back: that, not our backoff, decides the next attempt.
      const nextAt =
        step.status === 'pending' && result.retryAfterMs !== undefined
          ? finishedAt + result.retryAfterMs
          : step.status === 'pending'
            ? step.nextAttemptAt
            : row.next_attempt_at;
      const released = await repo.releaseDelivery(trx, row.id, claim.token, {
        status: step.status,
        next_attempt_at: nextAt,
        last_error: step.status === 'delivered' ? null : result.error,
        last_http_status: result.httpStatus,
        batch_size: step.status === 'delivered' ? claim.rows.length : row.batch_size,
        completed_at: step.status === 'pending' ? null : finishedAt,
        updated_at: finishedAt,
      });
      if (!released) lost++;
    }
  });
  if (lost > 0) log.warn({ ...context, lost }, 'alert outcome recorded after its lease had ended; another worker owns those deliveries now');
  const summary = { ...context, outcome: result.outcome, httpStatus: result.httpStatus, retryAfterMs: result.retryAfterMs };
  if (result.outcome === 'acknowledged') log.info(summary, 'alert sent');
  else log.warn({ ...summary, error: result.error }, 'alert not sent; it is retried');
}

async function send(sender: AlertSender, claim: AlertClaim, context: object): Promise<ChannelResult> {
  try {
    const first = claim.rows[0]!;
    const channel = await repo.findChannel(sender.db, first.brand_id, claim.group.channel_id);
    const brand = await findBrandById(sender.db, first.brand_id);
    if (!channel || !brand) return { outcome: 'refused', httpStatus: null, error: 'the channel or its brand was deleted' };
    const alerts = await repo.findAlerts(
      sender.db,
      claim.rows.map((r) => r.alert_id),
    );
    const facts = alerts.map((a) => JSON.parse(a.facts) as AlertFacts);
    const ctx: MessageContext = { brandName: brand.name, brandSlug: brand.slug, timezone: brand.timezone, publicUrl: sender.publicUrl };
    const message = renderMessage(claim.group.event, facts, channel.language, ctx);
    return await sendToChannel(readSettings(sender.appKey, channel), message, sender.env);
  } catch (err) {
    // The name only: a message could quote a setting.
    sender.log.error({ ...context, err: { name: (err as Error).name } }, 'alert could not be prepared');
    return { outcome: 'network_error', httpStatus: null, error: 'Duar could not prepare the message (see the server log)' };
  }
}
