import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { TestDialect } from '../dialects.js';
import type { TestApp } from '../harness.js';
import { buildTestAppWithKey, show } from '../harness.js';
import { updateMethodSettings } from '../../src/modules/gateways/settings.js';

export const checkoutBody = (extra: Record<string, unknown> = {}) => ({
  full_name: 'Jane Doe',
  email: 'jane@example.com',
  amount: '100',
  metadata: { order_id: 42 },
  redirect_url: 'https://shop.example.com/paid?order=42',
  cancel_url: 'https://shop.example.com/cart',
  return_type: 'GET',
  ...extra,
});

export function api(t: TestApp, key: string) {
  return (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { 'rt-uddoktapay-api-key': key, 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(payload),
    });
}

/** Creates a checkout and returns its invoice id. */
export async function createInvoice(t: TestApp, key: string, extra: Record<string, unknown> = {}, path = '/api/checkout-v2'): Promise<string> {
  const res = await api(t, key)(path, checkoutBody(extra));
  assert.equal(res.statusCode, 200, show(res));
  const url = res.json().payment_url as string;
  assert.ok(url.startsWith(`${t.config.publicUrl}/payment/`), show(res));
  return url.split('/').pop()!;
}

export function form(t: TestApp, url: string, fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

export async function paySandbox(t: TestApp, invoiceId: string, outcome: 'success' | 'pending' = 'success') {
  return form(t, `/payment/${invoiceId}/sandbox`, { outcome });
}

export async function enableWallet(t: TestApp, method: 'bkash' | 'nagad' | 'rocket' | 'upay' = 'bkash', brandId = t.brand.id) {
  await updateMethodSettings(
    t.db,
    brandId,
    method,
    { enabled: true, account_number: '01712345678', account_type: 'personal', instructions: 'Use your invoice id as reference' },
    { label: 'test', ip: null },
  );
}

export async function payWallet(t: TestApp, invoiceId: string, transactionId: string, method = 'bkash', sender = '01812345678') {
  return form(t, `/payment/${invoiceId}/wallet/${method}`, { sender_number: sender, transaction_id: transactionId });
}

/**
 * Inside a `describe` of refunds: one test app with a (test-mode) API key, built before the suite's tests and closed
 * after them. `s.t` and `s.key` are there once the tests run; `completedPayment` pays a payment and names it.
 */
export function refundSuite(dialect: TestDialect) {
  const s = { completedPayment: (amount = '100') => paidPayment(s.t, s.key, amount) } as {
    t: TestApp;
    key: string;
    completedPayment: (amount?: string) => Promise<string>;
  };
  before(async () => {
    Object.assign(s, await buildTestAppWithKey(dialect));
  });
  after(() => s.t.close());
  return s;
}

/** A payment created with `key` and paid through Sandbox; returns its transaction id (what refunds name). */
export async function paidPayment(t: TestApp, key: string, amount = '100'): Promise<string> {
  const inv = await createInvoice(t, key, { amount });
  await paySandbox(t, inv);
  return (await verify(t, key, inv)).transaction_id as string;
}

export async function verify(t: TestApp, key: string, invoiceId: string) {
  const res = await api(t, key)('/api/verify-payment', { invoice_id: invoiceId });
  assert.equal(res.statusCode, 200, show(res));
  return res.json();
}
