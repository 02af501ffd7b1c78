import type { Executor } from '../../db/index.js';
import type { Selectable } from '../../db/kysely.js';
import type { AuditLogTable } from '../../db/schema.js';
import { isoTime } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { AUDIT_ACTIONS, type AuditAction, type AuditSubject } from './actions.js';
import * as repo from './repository.js';
import { invoiceIdsOf, paymentIdOfInvoice } from '../payments/access.js';

/** Who did something and from where: an administrator's email, or `cli` with the OS user. */
export type Actor = { label: string; ip: string | null };

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
  await repo.insertAuditEntry(db, {
    id: newId('aud'),
    brand_id: entry.brandId,
    actor: entry.actor.label,
    action: entry.action,
    target_id: entry.targetId,
    changes: JSON.stringify(entry.changes),
    ip: entry.actor.ip,
    created_at: now,
  });
}

/** The fields whose values differ, as {field: {from, to}}. */
export function changedFields<T extends object>(a: T, b: T, fields: (keyof T & string)[]) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const f of fields) if (JSON.stringify(a[f]) !== JSON.stringify(b[f])) out[f] = { from: a[f] as unknown, to: b[f] as unknown };
  return out;
}

/** What the audit page filters by; every filter is served by an index of migration 011 (with created_at, id after it). */
export type AuditFilter = {
  subject?: AuditSubject;
  action?: AuditAction;
  actor?: string;
  targetId?: string;
  /** Inclusive lower and exclusive upper bound of created_at (ms). */
  from?: number;
  before?: number;
};

/**
 * One page of a brand's audit log (its own entries and the installation's, such as sign-ins), newest first in keyset
 * order: `after` continues after the last entry of the previous page. `more` says whether another page follows.
 */
export async function listAudit(db: Executor, brandId: string, filter: AuditFilter = {}, page: repo.AuditPage = { limit: 100 }) {
  const { subject, ...rest } = filter;
  // A kind is the list of its actions (not a LIKE: "_" is a wildcard there), so the action index serves it.
  const actions = subject ? AUDIT_ACTIONS.filter((a) => a.startsWith(`${subject}.`)) : undefined;
  // A payment is asked for by the invoice id the log shows; its entries are stored under the payment's own id.
  const targetId = rest.targetId && ((await paymentIdOfInvoice(db, brandId, rest.targetId)) ?? rest.targetId);
  const found = await repo.listAuditEntries(db, brandId, { ...rest, targetId, actions }, page);
  return { ...found, labels: await targetLabels(db, brandId, found.rows) };
}

/** Payment entries name the payment by its invoice id (what merchants, customers and shops know), not its `pay_…` id. */
async function targetLabels(db: Executor, brandId: string, rows: readonly Selectable<AuditLogTable>[]): Promise<Map<string, string>> {
  const paymentIds = rows.filter((r) => isPaymentAction(r.action)).map((r) => r.target_id);
  return invoiceIdsOf(db, brandId, paymentIds);
}

const isPaymentAction = (action: string) => action.startsWith('payment.');

/**
 * An audit-log entry as the admin API sends it: the changes as an object, the time as ISO 8601, and `target_label`, the
 * name the dashboard shows for what the entry is about when the id alone would not say it (a payment's invoice id).
 */
export function auditEntryView(r: Selectable<AuditLogTable>, labels: ReadonlyMap<string, string> = new Map()) {
  return {
    id: r.id,
    action: r.action,
    actor: r.actor,
    target_id: r.target_id,
    target_label: labels.get(r.target_id) ?? null,
    changes: JSON.parse(r.changes) as Record<string, unknown>,
    ip: r.ip,
    created_at: isoTime(r.created_at),
  };
}
export type AuditEntryView = ReturnType<typeof auditEntryView>;
