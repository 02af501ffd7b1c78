import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { cursorParam, encodeCursor } from '../../lib/cursor.js';
import { addDays, isCalendarDate, startOfDay } from '../../lib/dates.js';
import { parseInput } from '../../lib/validation.js';
import { AUDIT_ACTIONS, AUDIT_SUBJECTS } from '../../modules/audit/actions.js';
import { auditEntryView, listAudit } from '../../modules/audit/audit.js';

const day = (field: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field} must be a date as YYYY-MM-DD`)
    .refine(isCalendarDate, `${field} is not a real date`);

/** Every filter is optional and they combine; `from`/`to` are days in the brand's time zone, both included. */
const query = z
  .object({
    limit: z.coerce
      .number({ error: 'limit must be a number' })
      .int('limit must be a whole number')
      .min(1, 'limit must be at least 1')
      .max(500, 'limit must be at most 500')
      .default(100),
    before: z.iso.datetime({ message: 'before must be an ISO 8601 time' }).optional(),
    subject: z.enum(AUDIT_SUBJECTS, { message: `subject must be one of ${AUDIT_SUBJECTS.join(', ')}` }).optional(),
    action: z.enum(AUDIT_ACTIONS, { message: 'action must be one of the actions the audit log records (docs/admin-api.md)' }).optional(),
    actor: z.string().trim().min(1, 'actor must not be empty').max(320, 'actor must be at most 320 characters').optional(),
    target_id: z.string().trim().min(1, 'target_id must not be empty').max(64, 'target_id must be at most 64 characters').optional(),
    from: day('from').optional(),
    to: day('to').optional(),
    cursor: cursorParam.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'to must be on or after from', path: ['to'] });

export async function auditLogRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get('/brands/:brand/audit-log', async (request) => {
    const q = parseInput(query, request.query);
    const tz = request.brand.timezone;
    const upper = [q.before ? Date.parse(q.before) : undefined, q.to ? startOfDay(addDays(q.to, 1), tz) : undefined].filter((v) => v !== undefined);
    const { rows, more, labels } = await listAudit(
      db,
      request.brand.id,
      {
        subject: q.subject,
        action: q.action,
        actor: q.actor,
        targetId: q.target_id,
        from: q.from ? startOfDay(q.from, tz) : undefined,
        before: upper.length ? Math.min(...upper) : undefined,
      },
      { limit: q.limit, after: q.cursor },
    );
    return { entries: rows.map((r) => auditEntryView(r, labels)), next_cursor: more ? encodeCursor(rows[rows.length - 1]!) : null };
  });
}
