import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import type { ErrorCode } from '../../lib/errors.js';
import { WIRE_AMOUNT } from '../../lib/money.js';
import { findTextProblem } from '../../lib/text.js';
import { fail, numberField, parseInput } from '../../lib/validation.js';
import { httpUrl } from '../../lib/urls.js';
import { parseIdempotencyKey, requestDigest, withIdempotency } from '../../modules/payments/idempotency.js';
import { createPayment, paymentUrl } from '../../modules/payments/create.js';
import { assertWebhookUrlAllowed } from '../../modules/webhooks/service.js';
import { isCheckoutVariant, type CheckoutVariant } from '../../modules/payments/variants.js';
import { normalizeCurrency } from '../../modules/currencies/service.js';

const MAX_METADATA_CHARS = 8_000;
/** Levels of nesting metadata may have (`{"order": {"id": 1}}` is 2); checked before it is serialised. */
const MAX_METADATA_DEPTH = 10;

/** Blank values (`null`, `""`) mean "not sent": PHP clients send empty strings for unset options. */
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * `metadata` is opaque and echoed back unchanged. Accepted as an object (WOO `{order_id}`, WHMCS `{invoice_id}`), as a
 * JSON string (RD-cc's OpenAPI calls it "string, format json"), or as an empty PHP array `[]` (PHPLIB/RAW json_encode
 * an empty array so); absent = `{}`.
 */
const metadata = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    let parsed: unknown = value;
    if (blank(value)) return {};
    if (typeof value === 'string') {
      try {
        parsed = JSON.parse(value);
      } catch {
        fail(ctx, 'invalid_request', 'metadata must be a JSON object (or a string holding one)');
        return z.NEVER;
      }
    }
    if (Array.isArray(parsed) && parsed.length === 0) return {};
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      fail(ctx, 'invalid_request', 'metadata must be a JSON object such as {"order_id": 42}');
      return z.NEVER;
    }
    // A JSON string is parsed here, not by the body parser, so its keys and text get the body's checks here too;
    // metadata is echoed in verify and IPN, where a `__proto__` key would reach the merchant's code.
    const problem = findTextProblem(parsed, { maxDepth: MAX_METADATA_DEPTH, forbidKeys: true, rootPath: 'metadata' });
    if (problem?.kind === 'depth') {
      fail(ctx, 'invalid_request', `metadata must nest at most ${MAX_METADATA_DEPTH} levels deep`);
      return z.NEVER;
    }
    if (problem?.kind === 'key') {
      fail(ctx, 'invalid_request', `metadata must not use the keys __proto__, constructor or prototype (found at ${problem.path})`);
      return z.NEVER;
    }
    if (problem?.kind === 'control') {
      fail(ctx, 'control_characters', `metadata must not contain control characters such as NUL (found at ${problem.path})`);
      return z.NEVER;
    }
    if (JSON.stringify(parsed).length > MAX_METADATA_CHARS) {
      fail(ctx, 'invalid_request', `metadata must be at most ${MAX_METADATA_CHARS} characters of JSON`);
      return z.NEVER;
    }
    return parsed as Record<string, unknown>;
  });

/** A string (`"100"`, `"12.50"`) or a number (`10`, `12.5`; PHPLIB, WOO and WHMCS send floats): > 0, at most 2 decimals. */
const amount = numberField(WIRE_AMOUNT, 'amount', { required: 'amount is required' });

/**
 * The currency the amount is in (WHMCS and Paymenter send the client's, e.g. "USD"): trimmed, any case; absent or blank
 * = the brand's. Whether the brand takes it is decided with its rates (currencies/service.ts checkoutCurrency).
 */
const currency = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    if (blank(value)) return null;
    const code = typeof value === 'string' ? normalizeCurrency(value) : '';
    if (!/^[A-Z]{3}$/.test(code)) {
      fail(ctx, 'currency_not_supported', `currency ${JSON.stringify(value)} is not a three-letter currency code such as BDT or USD`);
      return z.NEVER;
    }
    return code;
  });

/** GET or POST in any case (LARA 2.x sends "get"); absent or blank = POST, UddoktaPay's default. */
const returnType = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    if (blank(value)) return 'POST' as const;
    const upper = typeof value === 'string' ? value.trim().toUpperCase() : '';
    if (upper !== 'GET' && upper !== 'POST') {
      fail(ctx, 'invalid_request', 'return_type must be GET or POST');
      return z.NEVER;
    }
    return upper;
  });

const optionalUrl = (field: string) =>
  z
    .unknown()
    .optional()
    .transform((value, ctx) => {
      if (blank(value)) return null;
      const parsed = httpUrl(field).safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]! as { message: string; params?: { code?: ErrorCode } };
        fail(ctx, issue.params?.code ?? 'invalid_request', issue.message);
        return z.NEVER;
      }
      return parsed.data;
    });

/** The create-checkout request (README.md, Payment API). Unknown fields (`phone` from WOO/WHMCS) are ignored: z.object strips them. */
export const createCheckoutInput = z.object(
  {
    full_name: z
      .string({ error: (i) => (i.input === undefined ? 'full_name is required' : 'full_name must be a string') })
      .trim()
      .min(1, 'full_name must not be empty')
      .max(255, 'full_name must have at most 255 characters'),
    email: z
      .string({ error: (i) => (i.input === undefined ? 'email is required' : 'email must be a string') })
      .trim()
      .max(254, 'email must have at most 254 characters')
      .pipe(z.email({ error: 'email must be an email address such as customer@example.com' })),
    amount,
    currency,
    metadata,
    redirect_url: httpUrl('redirect_url'),
    cancel_url: httpUrl('cancel_url'),
    return_type: returnType,
    webhook_url: optionalUrl('webhook_url'),
  },
  { error: 'the request body must be a JSON object' },
);

/** `/:brandSlug/api/checkout-v2/mfs` → `checkout-v2/mfs`. */
export function variantOf(routeUrl: string): CheckoutVariant {
  const variant = routeUrl.replace(/^\/:brandSlug/, '').replace(/^\/api\//, '');
  if (!isCheckoutVariant(variant)) throw new Error(`create-checkout registered at an unknown path ${routeUrl}`);
  return variant;
}

/**
 * POST /api/checkout-v2 (and the other checkout paths) — creates a payment and answers its hosted checkout URL. One
 * handler per path, which knows its variant from registration (variantOf) rather than reading the route's URL per request.
 */
export function createCheckout({ db, config }: AppDeps, variant: CheckoutVariant) {
  return async function createCheckoutHandler(request: FastifyRequest, reply: FastifyReply) {
    const input = parseInput(createCheckoutInput, request.body);
    // Refused now rather than failing every IPN later (an IP literal in a private range, say).
    if (input.webhook_url) assertWebhookUrlAllowed(input.webhook_url, config);
    const run = async () => {
      const payment = await createPayment(
        db,
        request.brand,
        request.apiKey,
        {
          variant,
          fullName: input.full_name,
          email: input.email,
          amount: input.amount,
          currency: input.currency,
          metadata: input.metadata,
          redirectUrl: input.redirect_url,
          cancelUrl: input.cancel_url,
          returnType: input.return_type,
          webhookUrl: input.webhook_url,
        },
        config.checkoutTtlMinutes,
      );
      // FLUT needs exactly 200 with all three fields; LARA needs a boolean `status`.
      return { status: 200, body: { status: true, message: 'Payment Url', payment_url: paymentUrl(config.publicUrl, payment.invoice_id) } };
    };

    const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
    if (!idempotencyKey) {
      const result = await run();
      return reply.code(result.status).send(result.body);
    }
    const result = await withIdempotency(
      db,
      { apiKeyId: request.apiKey.id, key: idempotencyKey, digest: requestDigest(`${request.brand.id} ${variant}`, request.body) },
      run,
    );
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.code(result.status).send(result.body);
  };
}
