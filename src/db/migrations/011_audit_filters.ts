import type { Kysely } from '../kysely.js';

/**
 * The audit page filters on the server (docs/admin-api.md): by action or kind, by actor and by target, each newest first
 * by (created_at, id) within a brand, so a filter reads only its matches in order, at any size of the log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const indexes: Record<string, string[]> = {
    audit_log_action_idx: ['brand_id', 'action', 'created_at', 'id'],
    audit_log_actor_idx: ['brand_id', 'actor', 'created_at', 'id'],
    audit_log_target_idx: ['brand_id', 'target_id', 'created_at', 'id'],
  };
  for (const [name, columns] of Object.entries(indexes)) await db.schema.createIndex(name).on('audit_log').columns(columns).execute();
}
