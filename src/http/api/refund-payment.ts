import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { formatAmount, WIRE_AMOUNT } from '../../lib/money.js';
import { numberField, parseInput } from '../../lib/validation.js';
import { parseIdempotencyKey, requestDigest, withIdempotency } from '../../modules/payments/idempotency.js';
import { getPaymentByTransaction } from '../../modules/payments/lookup.js';
import { refundPayment as refund } from '../../modules/refunds/service.js';
import { CHARGED_CURRENCY } from '../../modules/currencies/service.js';

const text = (field: string, max: number) =>
  z
    .union([z.string(), z.number()], { error: `${field} must be a string` })
    .nullish()
    .transform((v) => (v === null || v === undefined ? null : String(v).trim() || null))
    .refine((v) => v === null || v.length <= max, `${field} must have at most ${max} characters`);

/**
 * The refund request (LARA 2.x's RefundRequest sends all five, the *.paymently.io proxy sends them all
 * as strings). Only `transaction_id` is needed; a blank `amount` refunds everything that remains. The amount is in
 * BDT, what the customer paid, whatever currency the checkout was in.
 */
export const refundPaymentInput = z.object(
  {
    transaction_id: z
      .union([z.string(), z.number()], { error: (i) => (i.input === undefined ? 'transaction_id is required' : 'transaction_id must be a string') })
      .transform((v) => String(v).trim())
      .refine((v) => v.length > 0, 'transaction_id must not be empty')
      .refine((v) => v.length <= 64, 'transaction_id must have at most 64 characters'),
    payment_method: text('payment_method', 32),
    amount: numberField(WIRE_AMOUNT, 'amount', { blank: ' (leave it blank to refund all that remains)' }),
    product_name: text('product_name', 255),
    reason: text('reason', 500),
  },
  { error: 'the request body must be a JSON object' },
);

/**
 * POST /api/refund-payment — refunds a completed payment, fully or partially, by its transaction_id. With an
 * Idempotency-Key it behaves as create-checkout does (modules/payments/idempotency.ts): a repeat is answered, not
 * refunded again.
 */
export function refundPayment({ db }: AppDeps) {
  return async function refundPaymentHandler(request: FastifyRequest, reply: FastifyReply) {
    const input = parseInput(refundPaymentInput, request.body);
    const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
    if (!idempotencyKey) return reply.send(await refundNow(request, input, null));
    const digest = requestDigest(`${request.brand.id} refund-payment`, request.body);
    const result = await withIdempotency(db, { apiKeyId: request.apiKey.id, key: idempotencyKey, digest }, async () => ({
      status: 200,
      // The refund carries the key too: a retry after the claim's lease ran out finds it instead of refunding again.
      body: await refundNow(request, input, requestDigest(`${request.apiKey.id} ${idempotencyKey}`, digest)),
    }));
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.code(result.status).send(result.body);
  };

  async function refundNow(request: FastifyRequest, input: z.output<typeof refundPaymentInput>, requestKey: string | null) {
    const found = await getPaymentByTransaction(
      db,
      request.brand.id,
      { transactionId: input.transaction_id, paymentMethod: input.payment_method },
      request.apiKey.mode === 'live',
    );
    const { refund: r, payment } = await refund(db, found.id, request.brand.id, {
      amount: input.amount,
      mode: null,
      reason: input.reason,
      productName: input.product_name,
      source: 'api',
      actor: { label: request.apiKey.id, ip: request.ip },
      requestKey,
    });
    // LARA 2.x: 2xx with a boolean `status`; the rest are extra fields clients ignore.
    return {
      status: true,
      message: 'Refund Successful',
      refund_id: r.id,
      invoice_id: payment.invoice_id,
      transaction_id: payment.transaction_id ?? '',
      payment_method: payment.payment_method ?? '',
      refund_type: r.kind,
      amount: formatAmount(r.amount),
      refunded_amount: formatAmount(payment.refunded_amount),
      remaining_amount: formatAmount(payment.charged_amount - payment.refunded_amount),
      // Refunds are money back to the customer, in what they paid.
      currency: CHARGED_CURRENCY,
      payment_status: payment.status,
    };
  }
}
