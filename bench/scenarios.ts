import type { Db } from '../src/db/index.js';
import type { Brand } from '../src/modules/brands/brands.js';
import { createPayment, paySandbox } from '../src/modules/payments/service.js';

/** One request shape to load. `prepare` may seed data first and adjust the request (e.g. an invoice id to verify). */
export type Scenario = {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  prepare?: (ctx: { db: Db; brand: Brand; keyId: string }) => Promise<Partial<Scenario>>;
};

export const scenarios: Scenario[] = [
  { name: 'GET /health (no key, framework only)', method: 'GET', path: '/health' },
  { name: 'GET /api/me (key auth)', method: 'GET', path: '/api/me' },
  {
    name: 'POST /api/verify-payment (completed payment)',
    method: 'POST',
    path: '/api/verify-payment',
    prepare: async ({ db, brand, keyId }) => {
      const created = await createPayment(
        db,
        brand,
        { id: keyId, mode: 'live' },
        {
          variant: 'checkout-v2',
          fullName: 'Bench',
          email: 'bench@example.com',
          amount: 10_000,
          metadata: { order_id: 1 },
          redirectUrl: 'https://shop.example/paid',
          cancelUrl: 'https://shop.example/cart',
          returnType: 'GET',
          webhookUrl: null,
        },
        60,
      );
      const paid = await paySandbox(db, brand, created, 'success');
      return { body: { invoice_id: paid.invoice_id } };
    },
  },
  {
    name: 'POST /api/checkout-v2 (writes a payment)',
    method: 'POST',
    path: '/api/checkout-v2',
    body: {
      full_name: 'Bench',
      email: 'bench@example.com',
      amount: '100',
      metadata: { order_id: 1 },
      redirect_url: 'https://shop.example/paid',
      cancel_url: 'https://shop.example/cart',
    },
  },
];
