import type { Executor } from '../../db/index.js';
import type { AuditLogTable } from '../../db/schema.js';
import type { AuditAction } from './actions.js';

export async function insertAuditEntry(db: Executor, row: AuditLogTable): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

/** Where a page of the log starts: `after` is the last entry of the previous page (keyset order). */
export type AuditPage = { limit: number; after?: { createdAt: number; id: string } };

/**
 * A brand's entries and the installation's (brand_id null), newest first, one more than `limit` read to tell whether
 * another page follows. `actions` limits to any of those actions, `action` to one.
 */
export async function listAuditEntries(
  db: Executor,
  brandId: string,
  filter: { actions?: readonly AuditAction[]; action?: AuditAction; actor?: string; targetId?: string; from?: number; before?: number },
  page: AuditPage,
) {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => eb.or([eb('brand_id', '=', brandId), eb('brand_id', 'is', null)]));
  if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from);
  if (filter.before !== undefined) query = query.where('created_at', '<', filter.before);
  if (filter.actions) query = query.where('action', 'in', filter.actions);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
  const after = page.after;
  if (after)
    query = query.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return { rows: rows.slice(0, page.limit), more: rows.length > page.limit };
}
