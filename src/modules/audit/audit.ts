import type { Executor } from '../../db/index.js';
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
  | 'webhook_secret.rotated';

let lastAuditTime = 0;
/** Entries list newest first by time; two recorded in one millisecond (an edit and an activation) keep their order. */
function nextAuditTime(): number {
  lastAuditTime = Math.max(Date.now(), lastAuditTime + 1);
  return lastAuditTime;
}

export async function recordAudit(
  db: Executor,
  entry: { brandId: string; actor: Actor; action: AuditAction; targetId: string; changes: Record<string, unknown> },
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

export const AUDIT_SUBJECTS = ['api_key', 'payment', 'webhook_secret'] as const;
export type AuditSubject = (typeof AUDIT_SUBJECTS)[number];

export async function listAudit(
  db: Executor,
  brandId: string,
  { limit = 100, before, subject, targetId }: { limit?: number; before?: number; subject?: AuditSubject; targetId?: string } = {},
) {
  let query = db.selectFrom('audit_log').selectAll().where('brand_id', '=', brandId);
  if (before) query = query.where('created_at', '<', before);
  if (subject) query = query.where('action', 'like', `${subject}.%`);
  if (targetId) query = query.where('target_id', '=', targetId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    actor: r.actor,
    target_id: r.target_id,
    changes: JSON.parse(r.changes) as Record<string, unknown>,
    ip: r.ip,
    created_at: new Date(r.created_at).toISOString(),
  }));
}
