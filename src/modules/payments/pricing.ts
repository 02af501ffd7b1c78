/**
 * What a customer pays, in one pure place (docs/decisions/060-currencies-fees-and-rounding.md): a checkout's amount
 * converted to BDT at the rate frozen on the payment, then the chosen method's fee. Every figure is integer paisa;
 * each rounding is half up, once, on an exact integer product (BigInt: 10^14 paisa × a rate does not fit in a double).
 */

/** `merchant`: the customer pays the amount and the fee is only recorded; `customer`: the fee is added to what they pay. */
export const FEE_BEARERS = ['merchant', 'customer'] as const;
export type FeeBearer = (typeof FEE_BEARERS)[number];

/** `numerator ÷ denominator` rounded half up, for non-negative integers. */
function divideHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

/**
 * An amount in hundredths of a currency's unit, in paisa at `rate` (BDT per unit in ten-thousandths): round half up
 * of amount × rate. USD 10.01 at 122.5 → 122622.5 → ৳1,226.23.
 */
export function toTaka(amount: number, rate: number): number {
  return divideHalfUp(BigInt(amount) * BigInt(rate), 10_000n);
}

/** A payment's amount in BDT, before any fee. */
export function takaAmountOf(payment: { amount: number; exchange_rate: number }): number {
  return toTaka(payment.amount, payment.exchange_rate);
}

/**
 * A method's fee on a BDT amount: round half up of fee_fixed + amount × fee_percent ÷ 100, once. `fee_percent` is in
 * hundredths of a percent, so that is (fee_fixed × 10⁴ + amount × fee_percent) ÷ 10⁴. ৳1,000.00 at 1.85% + ৳5 → ৳23.50.
 */
export function feeOf(taka: number, method: { feeFixed: number; feePercent: number }): number {
  return divideHalfUp(BigInt(method.feeFixed) * 10_000n + BigInt(taka) * BigInt(method.feePercent), 10_000n);
}

/** What a customer is charged with this method, frozen on the payment when they choose it (docs/decisions/060-currencies-fees-and-rounding.md). */
export type Price = { fee: number; fee_bearer: FeeBearer; charged_amount: number };

export function priceWith(payment: { amount: number; exchange_rate: number }, method: { feeFixed: number; feePercent: number; feeBearer: FeeBearer }): Price {
  const taka = takaAmountOf(payment);
  const fee = feeOf(taka, method);
  return { fee, fee_bearer: method.feeBearer, charged_amount: method.feeBearer === 'customer' ? taka + fee : taka };
}
