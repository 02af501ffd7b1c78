import type { Executor } from '../../db/index.js';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../../db/schema.js';
import { isoTime } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';

/** Who did something and from where: an administrator's email, or `cli` with the OS user. */
export type Actor = { label: string; ip: string | null };

export type AuditAction =
  | 'api_key.created'
  | 'api_key.updated'
  | 'api_key.activated'
  | 'api_key.deactivated'
  | 'api_key.deleted'
  | 'api_key.rolled'
  | 'payment.approved'
  | 'payment.rejected'
  | 'payment.refunded'
  | 'payment.refund_paid_out'
  | 'payment.ipn_resent'
  | 'webhook_secret.rotated'
  | 'brand.created'
  | 'brand.updated'
  | 'payment_method.updated'
  | 'session.signed_in'
  | 'session.sign_in_failed'
  | 'session.signed_out'
  | 'payment.completed_by_sms'
  | 'device.created'
  | 'device.revoked'
  | 'sms.added'
  | 'sms.approved'
  | 'sms.trashed'
  | 'sms.restored'
  | 'sms_wallet.balance_set'
  | 'sms_senders.updated';

let lastAuditTime = 0;
/** Entries list newest first by time; two recorded in one millisecond (an edit and an activation) keep their order. */
function nextAuditTime(): number {
  lastAuditTime = Math.max(Date.now(), lastAuditTime + 1);
  return lastAuditTime;
}

export async function recordAudit(
  db: Executor,
  /** brandId null: an event of the installation (sign-ins), shown in every brand's log. */
  entry: { brandId: string | null; actor: Actor; action: AuditAction; targetId: string; changes: Record<string, unknown> },
): Promise<void> {
  const now = nextAuditTime();
  await db
    .insertInto('audit_log')
    .values({
      id: newId('aud'),
      brand_id: entry.brandId,
      actor: entry.actor.label,
      action: entry.action,
      target_id: entry.targetId,
      changes: JSON.stringify(entry.changes),
      ip: entry.actor.ip,
      created_at: now,
    })
    .execute();
}

/** The fields whose values differ, as {field: {from, to}}. */
export function changedFields<T extends object>(a: T, b: T, fields: (keyof T & string)[]) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const f of fields) if (JSON.stringify(a[f]) !== JSON.stringify(b[f])) out[f] = { from: a[f] as unknown, to: b[f] as unknown };
  return out;
}

export const AUDIT_SUBJECTS = ['api_key', 'payment', 'webhook_secret', 'brand', 'payment_method', 'session', 'device', 'sms', 'sms_wallet', 'sms_senders'] as const;
export type AuditSubject = (typeof AUDIT_SUBJECTS)[number];

export async function listAudit(
  db: Executor,
  brandId: string,
  { limit = 100, before, subject, targetId }: { limit?: number; before?: number; subject?: AuditSubject; targetId?: string } = {},
) {
  let query = db.selectFrom('audit_log').selectAll().where((eb) => eb.or([eb('brand_id', '=', brandId), eb('brand_id', 'is', null)]));
  if (before) query = query.where('created_at', '<', before);
  if (subject) query = query.where('action', 'like', `${subject}.%`);
  if (targetId) query = query.where('target_id', '=', targetId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(auditEntryView);
}

/** An audit-log entry as the admin API sends it: the changes as an object, the time as ISO 8601. */
function auditEntryView(r: Selectable<AuditLogTable>) {
  return {
    id: r.id,
    action: r.action,
    actor: r.actor,
    target_id: r.target_id,
    changes: JSON.parse(r.changes) as Record<string, unknown>,
    ip: r.ip,
    created_at: isoTime(r.created_at),
  };
}
export type AuditEntryView = ReturnType<typeof auditEntryView>;
