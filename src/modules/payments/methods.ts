import type { Executor } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { displayMoney } from '../../lib/money.js';
import { providers, type MethodId } from '../gateways/index.js';
import { getMethodSettings, listMethodSettings, type MethodSettings } from '../gateways/settings.js';
import { takaAmountOf } from './pricing.js';
import type { PaymentRow } from './repository.js';

/**
 * Pure: a live payment never offers Sandbox; a test payment always does, and besides it the same enabled wallets a live
 * one would, so a merchant rehearses the real TrxID + SMS flow before going live (completed only by a test SMS:
 * docs/decisions/035-test-mode-rehearsal.md). Otherwise the brand's enabled methods for the variant.
 */
export function isOffered(payment: Pick<PaymentRow, 'livemode' | 'variant'>, settings: MethodSettings): boolean {
  const sandbox = providers[settings.method].kind === 'sandbox';
  if (sandbox) return payment.livemode === 0;
  return settings.enabled && providers[settings.method].offeredIn(payment.variant);
}

/** Pure: the method takes this payment's BDT amount (before any fee) within its smallest and largest amount. */
export function takesAmount(payment: Pick<PaymentRow, 'amount' | 'exchange_rate'>, settings: MethodSettings): boolean {
  const taka = takaAmountOf(payment);
  return (settings.minAmount === null || taka >= settings.minAmount) && (settings.maxAmount === null || taka <= settings.maxAmount);
}

/**
 * The methods a payment may be paid with (`offered`), and those it would be offered but for their limits (`outOfRange`:
 * with nothing offered, the page says which amounts each takes).
 */
export async function methodChoice(db: Executor, payment: PaymentRow): Promise<{ offered: MethodSettings[]; outOfRange: MethodSettings[] }> {
  const available = (await listMethodSettings(db, payment.brand_id)).filter((s) => isOffered(payment, s));
  return { offered: available.filter((s) => takesAmount(payment, s)), outOfRange: available.filter((s) => !takesAmount(payment, s)) };
}

/** "৳500.00 to ৳25,000.00", "from ৳500.00", "up to ৳25,000.00": the amounts a method takes (null: any). */
export function amountRange(settings: Pick<MethodSettings, 'minAmount' | 'maxAmount'>): string | null {
  const { minAmount: min, maxAmount: max } = settings;
  if (min !== null && max !== null) return `${displayMoney(min)} to ${displayMoney(max)}`;
  if (min !== null) return `from ${displayMoney(min)}`;
  if (max !== null) return `up to ${displayMoney(max)}`;
  return null;
}

/** The method's settings when it is offered for this payment and takes its amount; a clear refusal otherwise. */
export async function requireOffered(db: Executor, payment: PaymentRow, method: MethodId): Promise<MethodSettings> {
  const settings = await getMethodSettings(db, payment.brand_id, method);
  if (!isOffered(payment, settings)) {
    throw new DuarError('payment_method_unavailable', `${providers[method].label} is not available for this payment`, { field: 'payment_method' });
  }
  if (!takesAmount(payment, settings)) {
    const message = `${providers[method].label} takes ${amountRange(settings)}; this payment is ${displayMoney(takaAmountOf(payment))}`;
    throw new DuarError('payment_method_unavailable', message, { field: 'payment_method' });
  }
  return settings;
}
