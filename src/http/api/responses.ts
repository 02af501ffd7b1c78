import type { Operation } from '../endpoints.js';

/**
 * The success bodies of the public API: the OpenAPI document shows them (http/openapi.ts) and Fastify compiles each
 * route's serializer from them (fast-json-stringify), instead of JSON.stringify walking every answer. Every field the
 * handlers send is listed with its JSON type; `additionalProperties: true` keeps anything not listed (serialised the slow
 * way) rather than dropping it. `metadata` is the merchant's own object: listed as `additionalProperties: true`, since
 * an object schema without it would serialise as `{}`.
 */
const money = { type: 'string', pattern: '^\\d+\\.\\d{2}$', examples: ['100.00'] };
const text = { type: 'string' };

const verifyBody = {
  type: 'object',
  additionalProperties: true,
  properties: {
    full_name: text,
    email: text,
    amount: { ...money, description: 'As the merchant sent it, in `currency`' },
    fee: { ...money, description: 'The payment method’s fee, in `charged_currency`' },
    charged_amount: { ...money, description: 'What the customer paid, in `charged_currency`: the amount converted, plus the fee when the customer bears it' },
    invoice_id: text,
    metadata: { type: 'object', additionalProperties: true, description: 'As the checkout sent it' },
    payment_method: text,
    sender_number: text,
    transaction_id: text,
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' },
    status: { type: 'string', enum: ['COMPLETED', 'PENDING', 'REFUNDED', 'ERROR'] },
    payment_status: text,
    refunded_amount: { ...money, description: 'Refunded so far, in `charged_currency`' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'The checkout’s currency (ISO 4217): the one it named, else the brand’s' },
    exchange_rate: {
      type: 'string',
      pattern: '^\\d+\\.\\d{4}$',
      examples: ['122.5000'],
      description: 'BDT per unit of `currency`, frozen when the payment was created',
    },
    charged_currency: { type: 'string', const: 'BDT' },
  },
} as const;

const nullableText = { type: ['string', 'null'] };
/** An invoice (docs/admin-api.md, Invoices): figures as strings with 2 decimals, dates dd/mm/yyyy. */
const invoiceObject = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: text,
    number: { type: 'string', examples: ['INV-000001'] },
    public_id: text,
    url: { type: 'string', format: 'uri', description: 'The invoice page: printable, with Pay' },
    status: { type: 'string', enum: ['draft', 'open', 'paid', 'void', 'refunded'] },
    overdue: { type: 'boolean', description: 'Open and due before today in the brand time zone' },
    customer: { type: 'object', additionalProperties: true, properties: { name: text, email: nullableText, phone: nullableText } },
    items: {
      type: 'array',
      items: { type: 'object', additionalProperties: true, properties: { description: text, quantity: { type: 'integer' }, unit_price: money, amount: money } },
    },
    currency: text,
    subtotal: money,
    discount: money,
    vat_percent: money,
    vat: money,
    shipping: money,
    total: money,
    due_on: { type: ['string', 'null'], description: 'DD/MM/YYYY' },
    note: text,
    private_note: text,
    webhook_url: nullableText,
    payment_id: nullableText,
    paid: { type: ['object', 'null'], additionalProperties: true },
    api_key_id: nullableText,
    livemode: { type: 'boolean' },
    created_at: text,
    updated_at: text,
    sent_at: nullableText,
    voided_at: nullableText,
  },
} as const;
const invoiceAnswer = {
  type: 'object',
  additionalProperties: true,
  properties: { status: { type: 'boolean', const: true }, message: text, invoice: invoiceObject },
} as const;

export const successBodies: Record<Operation, object> = {
  me: {
    type: 'object',
    additionalProperties: true,
    properties: {
      status: { type: 'boolean', const: true },
      brand: { type: 'object', additionalProperties: true, properties: { slug: text, name: text } },
      api_key: {
        type: 'object',
        additionalProperties: true,
        properties: {
          id: text,
          name: text,
          abilities: { type: 'array', items: text },
          expires_at: { type: ['string', 'null'], description: 'DD/MM/YYYY, or null for a key that never expires' },
          mode: { type: 'string', enum: ['live', 'test'] },
        },
      },
    },
  },
  'create-checkout': {
    type: 'object',
    additionalProperties: true,
    required: ['status', 'message', 'payment_url'],
    properties: { status: { type: 'boolean', const: true }, message: { type: 'string', const: 'Payment Url' }, payment_url: { type: 'string', format: 'uri' } },
  },
  'verify-payment': verifyBody,
  'create-invoice': invoiceAnswer,
  'get-invoice': invoiceAnswer,
  'refund-payment': {
    type: 'object',
    additionalProperties: true,
    properties: {
      status: { type: 'boolean', const: true },
      message: { type: 'string', const: 'Refund Successful' },
      refund_id: text,
      invoice_id: text,
      transaction_id: text,
      payment_method: text,
      refund_type: text,
      amount: money,
      refunded_amount: money,
      remaining_amount: money,
      currency: text,
      payment_status: text,
    },
  },
};
