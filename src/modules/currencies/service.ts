import { z } from 'zod';
import type { Db, Executor } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { isoTime } from '../../lib/dates.js';
import { formatDecimal, RATE_DECIMALS, TAKA_RATE } from '../../lib/money.js';
import { fail, numberField } from '../../lib/validation.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Brand } from '../brands/service.js';
import * as repo from './repository.js';

/**
 * Brand Settings → Currencies (docs/decisions/060-currencies-fees-and-rounding.md): how many taka one unit of another
 * currency is, so a checkout that names it (WHMCS and Paymenter send the client's currency) is charged in BDT instead
 * of being refused. BDT itself needs no rate.
 */

/** The currency every payment method takes: what customers pay in. */
export const CHARGED_CURRENCY = 'BDT';

/** ISO 4217 codes in use, as the runtime's ICU knows them. */
const ISO_CODES = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(code: string): boolean {
  return ISO_CODES.has(code);
}

/** A currency code as typed or sent: trimmed, any case. */
export function normalizeCurrency(value: string): string {
  return value.trim().toUpperCase();
}

/** The Currencies form's labels, for messages that name its fields. */
export const currencyFormLabels = { currency: 'Currency', rate: 'BDT per unit' };

/** Up to 999,999,999.9999 taka per unit, above zero, at most four decimals. */
const RATE_MAX = 999_999_999_9999;

export const setRateInput = z.strictObject({
  currency: z
    .string({ error: 'currency must be a three-letter ISO 4217 code such as USD' })
    .transform(normalizeCurrency)
    .superRefine((code, ctx) => {
      if (code === CHARGED_CURRENCY) fail(ctx, 'invalid_request', 'currency: BDT needs no rate; customers always pay in BDT');
      else if (!isCurrencyCode(code)) fail(ctx, 'invalid_request', `currency "${code}" is not an ISO 4217 currency code such as USD, EUR or INR`);
    }),
  rate: numberField({ style: 'typed', decimals: RATE_DECIMALS, min: 1, max: RATE_MAX, unit: 'rate' }, 'rate', { code: 'invalid_request' }),
});
export type SetRateInput = z.output<typeof setRateInput>;

export function rateView(row: repo.RateRow) {
  return { currency: row.currency, rate: formatDecimal(row.rate, RATE_DECIMALS), updated_at: isoTime(row.updated_at) };
}
export type RateView = ReturnType<typeof rateView>;

export async function listRateViews(db: Executor, brand: Brand): Promise<RateView[]> {
  return (await repo.listRates(db, brand.id)).map(rateView);
}

/** Adds a currency or changes its rate; payments already made keep the rate they were made at. */
export async function setRate(db: Db, brand: Brand, input: SetRateInput, actor: Actor): Promise<RateView> {
  const row: repo.RateRow = { brand_id: brand.id, currency: input.currency, rate: input.rate, updated_at: Date.now() };
  await db.transaction().execute(async (trx) => {
    const before = await repo.findRate(trx, brand.id, input.currency);
    await repo.upsertRate(trx, row);
    await recordAudit(trx, {
      brandId: brand.id,
      actor,
      action: 'currency.rate_set',
      targetId: input.currency,
      changes: { rate: { from: before ? formatDecimal(before.rate, RATE_DECIMALS) : null, to: formatDecimal(row.rate, RATE_DECIMALS) } },
    });
  });
  return rateView(row);
}

/** Removes a currency: checkouts in it are refused again; payments already made keep their rate. */
export async function deleteRate(db: Db, brand: Brand, currencyValue: string, actor: Actor): Promise<void> {
  const currency = normalizeCurrency(currencyValue);
  await db.transaction().execute(async (trx) => {
    const before = await repo.findRate(trx, brand.id, currency);
    if (!before || !(await repo.deleteRate(trx, brand.id, currency))) {
      throw new DuarError('currency_not_found', `Brand "${brand.slug}" has no rate for "${currency}"`);
    }
    await recordAudit(trx, {
      brandId: brand.id,
      actor,
      action: 'currency.rate_deleted',
      targetId: currency,
      changes: { rate: { from: formatDecimal(before.rate, RATE_DECIMALS), to: null } },
    });
  });
}

/**
 * The currency and rate a checkout is made in: the one it names (null = the brand's), at rate 1 for BDT or the
 * brand's rate. Any other currency is refused: a foreign amount is never read as taka.
 */
export async function checkoutCurrency(db: Executor, brand: Brand, named: string | null): Promise<{ currency: string; rate: number }> {
  const currency = named ?? brand.currency.toUpperCase();
  if (currency === CHARGED_CURRENCY) return { currency, rate: TAKA_RATE };
  const found = await repo.findRate(db, brand.id, currency);
  if (found) return { currency, rate: found.rate };
  const how = `To take ${currency}, add it with its rate (BDT per 1 ${currency}) under Brand Settings → Currencies in the Duar dashboard`;
  const message =
    named === null
      ? `This brand's currency is ${currency}, which has no rate to BDT, the currency customers pay in. ${how}, or send "currency": "BDT"`
      : `currency "${currency}" is not accepted: this brand charges in BDT and has no rate for ${currency}. ${how}`;
  throw new DuarError('currency_not_supported', message, { field: 'currency' });
}
