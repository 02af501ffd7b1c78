import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { isCalendarDate } from '../../lib/dates.js';
import { TYPED_AMOUNT } from '../../lib/money.js';
import { encodeCursor, cursorParam } from '../../lib/cursor.js';
import { numberField, pageParams, parseInput } from '../../lib/validation.js';
import { METHOD_IDS } from '../../modules/gateways/index.js';
import { PAYMENT_STATES } from '../../modules/payments/states.js';
import { approvePayment, rejectPayment, resendIpn } from '../../modules/payments/decisions.js';
import { LIST_COUNT_CAP, listBrandPayments } from '../../modules/payments/list.js';
import { getBrandPayment } from '../../modules/payments/lookup.js';
import { paymentView, type PaymentView } from '../../modules/payments/view.js';
import { listRefunds, markPaidOut, paymentsWithPayoutDue, refundPayment, refundView, type RefundView } from '../../modules/refunds/service.js';
import { listPaymentDeliveries, type DeliveryView } from '../../modules/webhooks/service.js';
import { adminActor } from '../plugins/admin-session.js';
import { findSmsOfPayment, getBrandSms, smsView, type SmsView } from '../../modules/sms/service.js';
import { sendTestSms } from '../../modules/sms/test-sms.js';
import type { IngestResult } from '../../modules/sms/ingest.js';
import { keyNamesById } from '../../modules/api-keys/service.js';

type PaymentParams = { Params: { id: string } };

/** GET /payments: one page, newest first; `next_cursor` starts the next. */
export type PaymentList = { payments: PaymentView[]; next_cursor: string | null; page: number; per_page: number; total: number; total_capped: boolean };
/** GET /payments/:id: the payment with its refunds, IPN deliveries and the SMS that completed it. */
/** A refund made from the dashboard, and the payment as it is after it. */
export type RefundCreated = { refund: RefundView; payment: PaymentView };
export type PaymentDetail = { sms: SmsView | null; payment: PaymentView; refunds: RefundView[]; deliveries: DeliveryView[] };
/** "Send a test SMS": what became of the message, the message as stored, and the payment after it. */
export type TestSmsSentView = { result: IngestResult; sms: SmsView | null; payment: PaymentView };

const day = (field: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field} must be a date as YYYY-MM-DD`)
    .refine(isCalendarDate, `${field} is not a real date`);

export const listPaymentsQuery = z.strictObject({
  status: z.enum(PAYMENT_STATES, { error: `status must be one of ${PAYMENT_STATES.join(', ')}` }).optional(),
  method: z.enum(METHOD_IDS, { error: `method must be one of ${METHOD_IDS.join(', ')}` }).optional(),
  from: day('from').optional(),
  to: day('to').optional(),
  q: z.string().trim().max(100).optional(),
  payment_link: z.string().trim().max(64, 'payment_link must be a payment link id such as plk_…').optional(),
  // Live payments by default; `livemode=false` lists test payments instead (never both at once).
  livemode: z
    .enum(['true', 'false'], { error: 'livemode must be true or false' })
    .transform((v) => v === 'true')
    .optional(),
  cursor: cursorParam.optional(),
  // The approvals queue asks for the longest-waiting first; next_cursor then continues towards the newest.
  order: z.enum(['newest', 'oldest'], { error: 'order must be newest or oldest' }).default('newest'),
  // Kept for old clients: OFFSET pages get slower the deeper they go; `cursor` does not.
  ...pageParams,
});

const decisionInput = z.strictObject({ note: z.string().trim().max(500).nullish() });
/** Approving also takes `confirm_mismatch`: required when the payment's forwarded SMS disagrees with it. */
const approveInput = decisionInput.extend({ confirm_mismatch: z.boolean({ error: 'confirm_mismatch must be true or false' }).optional() });

export const adminRefundInput = z.strictObject({
  amount: numberField(TYPED_AMOUNT, 'amount', { blank: ', or empty to refund all that remains' }).optional(),
  mode: z.enum(['gateway', 'manual'], { error: 'mode must be gateway or manual' }).nullish(),
  reason: z.string().trim().max(500).nullish(),
  product_name: z.string().trim().max(255).nullish(),
});

/** Payments: list, detail (with refunds and IPN deliveries), approve/reject pending, refund, send IPN again. */
export async function paymentRoutes(app: FastifyInstance, deps: AppDeps) {
  readRoutes(app, deps);
  decisionRoutes(app, deps);
  refundRoutes(app, deps);
}

/** The list (cursor pages, capped count) and the detail with refunds, IPN deliveries and the completing SMS. */
function readRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  app.get('/brands/:brand/payments', async (request): Promise<PaymentList> => {
    const query = parseInput(listPaymentsQuery, request.query);
    const { rows, more, total } = await listBrandPayments(db, request.brand, { ...query, perPage: query.per_page });
    const [due, names] = await Promise.all([
      paymentsWithPayoutDue(
        db,
        rows.map((r) => r.id),
      ),
      keyNamesById(db, request.brand.id),
    ]);
    return {
      payments: rows.map((r) => paymentView(r, config.publicUrl, { refundPayoutDue: due.has(r.id), keyNames: names })),
      next_cursor: more ? encodeCursor(rows[rows.length - 1]!) : null,
      page: query.page,
      per_page: query.per_page,
      total: Math.min(total, LIST_COUNT_CAP),
      total_capped: total > LIST_COUNT_CAP,
    };
  });

  app.get<PaymentParams>('/brands/:brand/payments/:id', async (request): Promise<PaymentDetail> => {
    const payment = await getBrandPayment(db, request.brand, request.params.id);
    const [refunds, deliveries, sms, names] = await Promise.all([
      listRefunds(db, payment.id),
      listPaymentDeliveries(db, payment.id),
      findSmsOfPayment(db, payment.id),
      keyNamesById(db, request.brand.id),
    ]);
    return {
      /** The forwarded SMS that completed this payment, if one did. */
      sms: sms ? smsView(sms) : null,
      payment: paymentView(payment, config.publicUrl, {
        refundPayoutDue: refunds.some((r) => r.payout === 'due' && r.status === 'succeeded'),
        keyNames: names,
      }),
      refunds: refunds.map(refundView),
      deliveries,
    };
  });
}

/** Approve or reject a pending payment, send its IPN again, and complete a test payment with a test SMS. */
function decisionRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  app.post<PaymentParams>('/brands/:brand/payments/:id/test-sms', async (request, reply) => {
    const payment = await getBrandPayment(db, request.brand, request.params.id);
    const { result } = await sendTestSms(db, request.brand, payment, adminActor(request));
    const sms = result.sms_id ? smsView(await getBrandSms(db, request.brand, result.sms_id)) : null;
    const after = await getBrandPayment(db, request.brand, payment.id);
    return reply.code(result.status === 'duplicate' ? 200 : 201).send({ result, sms, payment: paymentView(after, config.publicUrl) } satisfies TestSmsSentView);
  });

  app.post<PaymentParams>('/brands/:brand/payments/:id/approve', async (request) => {
    const { note, confirm_mismatch } = parseInput(approveInput, request.body);
    const payment = await getBrandPayment(db, request.brand, request.params.id);
    const approved = await approvePayment(db, request.brand, payment, adminActor(request), { note: note ?? null, confirmMismatch: confirm_mismatch === true });
    return { payment: paymentView(approved, config.publicUrl) };
  });

  app.post<PaymentParams>('/brands/:brand/payments/:id/reject', async (request) => {
    const { note } = parseInput(decisionInput, request.body);
    const payment = await getBrandPayment(db, request.brand, request.params.id);
    const rejected = await rejectPayment(db, payment, adminActor(request), note ?? null);
    return { payment: paymentView(rejected, config.publicUrl) };
  });

  app.post<PaymentParams>('/brands/:brand/payments/:id/ipn', async (request, reply) => {
    const payment = await getBrandPayment(db, request.brand, request.params.id);
    await resendIpn(db, request.brand, payment, adminActor(request));
    return reply.code(202).send({ queued: true });
  });
}

/** Refund (gateway or manual) and mark a manual refund paid out. */
function refundRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  app.post<PaymentParams>('/brands/:brand/payments/:id/refunds', async (request, reply) => {
    const input = parseInput(adminRefundInput, request.body, { amount: 'Amount', reason: 'Reason' });
    const payment = await getBrandPayment(db, request.brand, request.params.id);
    const result = await refundPayment(db, payment.id, request.brand.id, {
      amount: input.amount ?? null,
      mode: input.mode ?? null,
      reason: input.reason || null,
      productName: input.product_name || null,
      source: 'admin',
      actor: adminActor(request),
    });
    const due = await paymentsWithPayoutDue(db, [payment.id]);
    return reply.code(201).send({
      refund: refundView(result.refund),
      payment: paymentView(result.payment, config.publicUrl, { refundPayoutDue: due.has(payment.id) }),
    } satisfies RefundCreated);
  });

  app.post<{ Params: { id: string; refund_id: string } }>('/brands/:brand/payments/:id/refunds/:refund_id/paid-out', async (request) => {
    const payment = await getBrandPayment(db, request.brand, request.params.id);
    return { refund: refundView(await markPaidOut(db, payment.id, request.params.refund_id, adminActor(request))) };
  });
}
