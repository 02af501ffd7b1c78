import type { Executor } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { newId, randomBase62 } from '../../lib/ids.js';
import { formatAmount, MAX_AMOUNT } from '../../lib/money.js';
import type { Brand } from '../brands/service.js';
import { checkoutCurrency } from '../currencies/service.js';
import { orderNumberOf } from './order-number.js';
import { toTaka } from './pricing.js';
import * as repo from './repository.js';
import type { PaymentRow } from './repository.js';
import type { CheckoutVariant, ReturnMethod } from './variants.js';

export type NewCheckout = {
  variant: CheckoutVariant;
  fullName: string;
  email: string;
  /** Hundredths of `currency`'s unit, > 0. */
  amount: number;
  /** ISO 4217 as sent (upper case); null = the brand's currency. */
  currency: string | null;
  metadata: Record<string, unknown>;
  redirectUrl: string;
  cancelUrl: string;
  returnType: ReturnMethod;
  webhookUrl: string | null;
};

export function paymentUrl(publicUrl: string, invoiceId: string): string {
  return `${publicUrl}/payment/${invoiceId}`;
}

/**
 * The checkout's currency and rate, and its amount in BDT: a currency the brand has no rate for is refused
 * (currencies/service.ts), and so is an amount that converts to more than Duar takes.
 */
async function priceCheckout(db: Executor, brand: Brand, input: NewCheckout) {
  const { currency, rate } = await checkoutCurrency(db, brand, input.currency);
  const taka = toTaka(input.amount, rate);
  if (taka < 1) {
    throw new DuarError('invalid_amount', `amount ${currency} ${formatAmount(input.amount)} is less than 0.01 BDT at this brand's rate`, { field: 'amount' });
  }
  if (taka > MAX_AMOUNT) {
    throw new DuarError(
      'invalid_amount',
      `amount ${currency} ${formatAmount(input.amount)} is ${formatAmount(taka)} BDT, more than the ${formatAmount(MAX_AMOUNT)} a payment may be`,
      {
        field: 'amount',
      },
    );
  }
  return { currency, rate, taka };
}

/**
 * A payment carries the mode of the key that created it: a test key makes test payments. A payment link's payment has
 * no key (`id` null: live, and its IPN carries no legacy key header).
 */
export async function createPayment(
  db: Executor,
  brand: Brand,
  apiKey: { id: string | null; mode: string },
  input: NewCheckout,
  ttlMinutes: number,
): Promise<PaymentRow> {
  const { currency, rate, taka } = await priceCheckout(db, brand, input);
  const now = Date.now();
  const row: PaymentRow = {
    id: newId('pay'),
    brand_id: brand.id,
    // 20 base62 characters, as long as UddoktaPay's sample ids and ~119 bits: the id alone opens the checkout page.
    invoice_id: randomBase62(20),
    api_key_id: apiKey.id,
    variant: input.variant,
    full_name: input.fullName,
    email: input.email,
    amount: input.amount,
    fee: 0,
    currency,
    exchange_rate: rate,
    // Until a method is chosen, the amount in BDT; the method's fee is added then when the customer bears it.
    charged_amount: taka,
    fee_bearer: 'merchant',
    metadata: JSON.stringify(input.metadata),
    order_number: orderNumberOf(input.metadata),
    redirect_url: input.redirectUrl,
    cancel_url: input.cancelUrl,
    return_type: input.returnType,
    webhook_url: input.webhookUrl,
    status: 'initiated',
    payment_method: null,
    sender_number: null,
    transaction_id: null,
    refunded_amount: 0,
    created_at: now,
    updated_at: now,
    expires_at: now + ttlMinutes * 60_000,
    paid_at: null,
    completed_at: null,
    decided_by: null,
    decision_note: null,
    verification_note: null,
    verification_issue: null,
    verification_sms_amount: null,
    livemode: apiKey.mode === 'test' ? 0 : 1,
  };
  await repo.insertPayment(db, row);
  return row;
}
