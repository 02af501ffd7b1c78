import type { Executor } from '../../db/index.js';
import { addDays, startOfDay } from '../../lib/dates.js';
import type { Brand } from '../brands/service.js';
import type { MethodId } from '../gateways/index.js';
import { listPayments, type ListPosition } from './list-repository.js';
import { expireDue } from './repository.js';
import type { PaymentState } from './states.js';

export type ListQuery = {
  status?: PaymentState;
  method?: MethodId;
  from?: string;
  to?: string;
  q?: string;
  /** Live payments unless asked for test ones: the two are never mixed in one list. */
  livemode?: boolean;
  /** Only the payments of this payment link. */
  payment_link?: string;
  /** Continue after this payment (keyset pagination); without it, `page` counts pages from the newest. */
  cursor?: ListPosition;
  /** Newest first unless asked otherwise; the approvals queue lists the longest-waiting first. */
  order?: 'newest' | 'oldest';
  page: number;
  perPage: number;
};

export async function listBrandPayments(db: Executor, brand: Brand, query: ListQuery) {
  const now = Date.now();
  await expireDue(db, brand.id, now);
  return listPayments(
    db,
    brand.id,
    {
      status: query.status,
      method: query.method,
      createdFrom: query.from ? startOfDay(query.from, brand.timezone) : undefined,
      createdBefore: query.to ? startOfDay(addDays(query.to, 1), brand.timezone) : undefined,
      search: query.q?.trim() || undefined,
      livemode: query.livemode ?? true,
      paymentLink: query.payment_link,
    },
    {
      limit: query.perPage,
      oldestFirst: query.order === 'oldest',
      ...(query.cursor ? { after: query.cursor } : { offset: (query.page - 1) * query.perPage }),
    },
  );
}

export { LIST_COUNT_CAP } from './list-repository.js';
