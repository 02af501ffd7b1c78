import { sql } from '../../db/kysely.js';
import type { Executor } from '../../db/index.js';
import type { RefundStatus } from '../refunds/states.js';
import type { SmsFilter } from '../sms/repository.js';

/**
 * Pages of a brand's refunds and SMS for the CSV exports, newest first, each after the last row of the previous page
 * (keyset on (created_at, id), never OFFSET): every page reads one index range, so 10⁶ rows take 10³ equal pages.
 */

/** Where a page starts: just after this row in (created_at, id) descending order. */
export type After = { createdAt: number; id: string } | null;

export type RefundExportFilter = { status?: RefundStatus; createdFrom?: number; createdBefore?: number; livemode: boolean };

export async function refundsPage(db: Executor, brandId: string, filter: RefundExportFilter, after: After, limit: number) {
  let query = db
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.id', 'refunds.payment_id')
    .selectAll('refunds')
    .select(['payments.invoice_id', 'payments.transaction_id as payment_transaction_id', 'payments.payment_method', 'payments.currency'])
    .where('refunds.brand_id', '=', brandId)
    .where('payments.livemode', '=', filter.livemode ? 1 : 0);
  if (filter.status) query = query.where('refunds.status', '=', filter.status);
  if (filter.createdFrom !== undefined) query = query.where('refunds.created_at', '>=', filter.createdFrom);
  if (filter.createdBefore !== undefined) query = query.where('refunds.created_at', '<', filter.createdBefore);
  if (after) query = query.where(sql<boolean>`(refunds.created_at, refunds.id) < (${after.createdAt}, ${after.id})`);
  return query.orderBy('refunds.created_at', 'desc').orderBy('refunds.id', 'desc').limit(limit).execute();
}

export async function smsPage(db: Executor, brandId: string, filter: SmsFilter, after: After, limit: number) {
  let query = db
    .selectFrom('sms_messages')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('livemode', '=', filter.livemode === false ? 0 : 1);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.provider) query = query.where('provider', '=', filter.provider);
  if (filter.wallet) query = query.where('wallet', '=', filter.wallet);
  if (filter.search) {
    // As the SMS list searches (sms/repository.ts listSms): the TrxID contains the text, case aside.
    const pattern = `%${filter.search.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`upper(coalesce(trx_id, '')) like ${pattern} ESCAPE '\\'`);
  }
  if (after) query = query.where(sql<boolean>`(created_at, id) < (${after.createdAt}, ${after.id})`);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
