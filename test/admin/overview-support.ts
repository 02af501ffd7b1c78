import type { TestApp } from '../harness.js';
import { newId, randomBase62 } from '../../src/lib/ids.js';
import type { PaymentRow } from '../../src/modules/payments/access.js';

/** Rows for Overview tests, written straight into the tables (a payment in any state at any time, a refund, a credit). */

export const HOUR = 3_600_000;

/** A whole payments row: `row`'s columns over defaults (a live ৳1,000 bKash checkout-v2 payment); bench/list.ts seeds with it too. */
export function paymentRow(brandId: string, row: Partial<PaymentRow> & Pick<PaymentRow, 'status' | 'created_at'>): PaymentRow {
  const amount = row.charged_amount ?? 100_000;
  const done = ['completed', 'partially_refunded', 'refunded'].includes(row.status);
  return {
    id: newId('pay'),
    brand_id: brandId,
    invoice_id: randomBase62(20),
    api_key_id: null,
    variant: 'checkout-v2',
    full_name: 'Rahim Uddin',
    email: 'rahim@example.com',
    amount,
    fee: 0,
    currency: 'BDT',
    exchange_rate: 10_000,
    charged_amount: amount,
    fee_bearer: 'merchant',
    metadata: '{}',
    order_number: null,
    redirect_url: 'https://shop.example.com/paid',
    cancel_url: 'https://shop.example.com/cart',
    return_type: 'GET',
    webhook_url: null,
    payment_method: 'bkash',
    sender_number: null,
    transaction_id: null,
    refunded_amount: 0,
    updated_at: row.created_at,
    expires_at: row.created_at + HOUR,
    paid_at: row.created_at,
    completed_at: done ? row.created_at : null,
    decided_by: null,
    decision_note: null,
    verification_note: null,
    verification_issue: null,
    verification_sms_amount: null,
    livemode: 1,
    ...row,
  };
}

export async function seedPayment(t: Pick<TestApp, 'db' | 'brand'>, row: Partial<PaymentRow> & Pick<PaymentRow, 'status' | 'created_at'>): Promise<string> {
  const full = paymentRow(t.brand.id, row);
  await t.db.insertInto('payments').values(full).execute();
  return full.id;
}

export async function seedRefund(
  t: Pick<TestApp, 'db' | 'brand'>,
  paymentId: string,
  amount: number,
  at: number,
  status: 'succeeded' | 'failed' = 'succeeded',
) {
  await t.db
    .insertInto('refunds')
    .values({
      id: newId('ref'),
      payment_id: paymentId,
      brand_id: t.brand.id,
      amount,
      kind: 'gateway',
      status,
      payout: 'not_needed',
      reason: null,
      product_name: null,
      source: 'admin',
      actor: 'test',
      gateway_reference: null,
      created_at: at,
      updated_at: at,
      paid_out_at: null,
      paid_out_by: null,
      request_key: null,
    })
    .execute();
}

export async function seedCredit(t: Pick<TestApp, 'db' | 'brand'>, amount: number, at: number, status: 'approved' | 'used') {
  await t.db
    .insertInto('sms_messages')
    .values({
      id: newId('sms'),
      brand_id: t.brand.id,
      device_id: null,
      wallet: 'manual',
      source: 'admin',
      sender: 'bKash',
      body: `credit ${amount} ${at}`,
      body_digest: randomBase62(20),
      provider: 'bkash',
      kind: 'personal',
      amount,
      fee: 0,
      balance: null,
      payer: null,
      ref: null,
      trx_id: randomBase62(10),
      sms_at: at,
      sent_at: null,
      status,
      reason: null,
      payment_id: null,
      created_at: at,
      updated_at: at,
    } as never)
    .execute();
}
