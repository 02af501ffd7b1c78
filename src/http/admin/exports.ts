import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { today } from '../../lib/dates.js';
import { parseInput } from '../../lib/validation.js';
import type { Brand } from '../../modules/brands/service.js';
import { exportInvoices, exportPayments, exportRefunds, exportSms } from '../../modules/exports/service.js';
import { listSmsQuery } from '../../modules/sms/service.js';
import { invoiceListQuery } from './invoices.js';
import { listPaymentsQuery } from './payments.js';

/** The lists' filters, without their paging (an export is every matching row). */
const paymentsExportQuery = listPaymentsQuery.omit({ cursor: true, order: true, page: true, per_page: true });
const smsExportQuery = listSmsQuery.omit({ page: true, per_page: true });
const refundsExportQuery = z.strictObject({
  status: z.enum(['processing', 'succeeded', 'failed'], { error: 'status must be one of processing, succeeded, failed' }).optional(),
  from: paymentsExportQuery.shape.from,
  to: paymentsExportQuery.shape.to,
  livemode: paymentsExportQuery.shape.livemode,
});

const invoicesExportQuery = invoiceListQuery.omit({ page: true, per_page: true }).strict();

function sendCsv(reply: FastifyReply, brand: Brand, what: string, csv: Readable) {
  reply.log.info({ export: what, brand: brand.slug }, 'CSV export started');
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${what}-${brand.slug}-${today(brand.timezone)}.csv"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(csv);
}

/** CSV downloads of payments, refunds, invoices and SMS data, streamed (docs/decisions/073-csv-exports.md). */
export async function exportRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  app.get('/brands/:brand/payments/export.csv', async (request, reply) => {
    const query = parseInput(paymentsExportQuery, request.query);
    return sendCsv(reply, request.brand, 'payments', await exportPayments(db, request.brand, query));
  });
  app.get('/brands/:brand/refunds/export.csv', async (request, reply) => {
    const query = parseInput(refundsExportQuery, request.query);
    return sendCsv(reply, request.brand, 'refunds', exportRefunds(db, request.brand, query));
  });
  app.get('/brands/:brand/invoices.csv', async (request, reply) => {
    const query = parseInput(invoicesExportQuery, request.query);
    return sendCsv(reply, request.brand, 'invoices', exportInvoices(db, request.brand, query, config.publicUrl));
  });
  app.get('/brands/:brand/sms/export.csv', async (request, reply) => {
    const query = parseInput(smsExportQuery, request.query);
    return sendCsv(reply, request.brand, 'sms', exportSms(db, request.brand, query));
  });
}
