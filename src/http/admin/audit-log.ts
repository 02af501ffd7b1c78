import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { parseInput } from '../../lib/validation.js';
import { AUDIT_SUBJECTS, listAudit } from '../../modules/audit/audit.js';

const query = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.iso.datetime({ message: 'before must be an ISO 8601 time' }).optional(),
  subject: z.enum(AUDIT_SUBJECTS, { message: `subject must be one of ${AUDIT_SUBJECTS.join(', ')}` }).optional(),
  target_id: z.string().min(1).max(64).optional(),
});

export async function auditLogRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get('/brands/:brand/audit-log', async (request) => {
    const { limit, before, subject, target_id } = parseInput(query, request.query);
    return { entries: await listAudit(db, request.brand.id, { limit, before: before ? Date.parse(before) : undefined, subject, targetId: target_id }) };
  });
}
