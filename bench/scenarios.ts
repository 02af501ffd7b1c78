import type { Db } from '../src/db/index.js';
import type { Brand } from '../src/modules/brands/service.js';
import { createPayment } from '../src/modules/payments/create.js';
import { paySandbox } from '../src/modules/payments/pay.js';

/** One request shape to load. `prepare` may seed data first and adjust the request (e.g. an invoice id to verify). */
export type Scenario = {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** The ratio of bare node:http req/s issue 22 asks for, per database; absent = no goal, measured for context. */
  goal?: { sqlite?: number; postgres?: number };
  /** Measured again after the database has grown (bench/seed.ts), for the flat-with-size figure. */
  sized?: boolean;
  prepare?: (ctx: { db: Db; brand: Brand; keyId: string }) => Promise<Partial<Scenario>>;
};

/** The bench key is a test key: Sandbox pays only test payments (ADR 008). Also the row bench/seed.ts copies. */
export async function completedPayment({ db, brand, keyId }: { db: Db; brand: Brand; keyId: string }) {
  const created = await createPayment(
    db,
    brand,
    { id: keyId, mode: 'test' },
    {
      variant: 'checkout-v2',
      fullName: 'Bench',
      email: 'bench@example.com',
      amount: 10_000,
      currency: null,
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
}

export const scenarios: Scenario[] = [
  { name: 'GET /health (no key, framework only)', method: 'GET', path: '/health' },
  { name: 'GET /api/me (key auth)', method: 'GET', path: '/api/me', goal: { sqlite: 0.55, postgres: 0.55 } },
  {
    name: 'POST /api/verify-payment',
    method: 'POST',
    path: '/api/verify-payment',
    goal: { sqlite: 0.45, postgres: 0.25 },
    sized: true,
    prepare: completedPayment,
  },
  {
    name: 'POST /default/api/verify-payment',
    method: 'POST',
    path: '/default/api/verify-payment',
    goal: { sqlite: 0.45, postgres: 0.25 },
    prepare: completedPayment,
  },
  {
    name: 'POST /api/checkout-v2 (writes a payment)',
    method: 'POST',
    path: '/api/checkout-v2',
    goal: { sqlite: 0.15 },
    sized: true,
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
