/**
 * What a customer pays, in one pure place (docs/decisions/060-currencies-fees-and-rounding.md): a checkout's amount
 * converted to BDT at the rate frozen on the payment, then the chosen method's fee. Every figure is integer paisa;
 * each rounding is half up, once, on an exact integer product (BigInt: 10^14 paisa × a rate does not fit in a double).
 */

/** `merchant`: the customer pays the amount and the fee is only recorded; `customer`: the fee is added to what they pay. */
export type FeeBearer = 'merchant' | 'customer';

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
