import type { Ability } from '../modules/api-keys/abilities.js';

/**
 * The public API's table of contents. One list drives route registration (http/api/index.ts), the OpenAPI document
 * and the dashboard's "Show API Endpoints", so they cannot drift apart. Every path is also served under `/{brand-slug}`.
 */
export type ErrorStyle = 'boolean' | 'verify';

export type Endpoint = {
  operation: Operation;
  method: 'GET' | 'POST';
  path: string;
  /** The ability a key needs; null = any valid key. Checked only by the api-key auth plugin. */
  ability: Ability | null;
  /** `boolean` answers errors as {"status": false, …}; `verify` as {"status": "ERROR", …} (UddoktaPay's verify shape). */
  errorStyle: ErrorStyle;
  description: string;
  usage: string;
};

export const OPERATIONS = ['me', 'create-checkout', 'verify-payment', 'refund-payment'] as const;
export type Operation = (typeof OPERATIONS)[number];

const CHECKOUT_USAGE = `curl -X POST <url> -H "RT-UDDOKTAPAY-API-KEY: <key>" -H "Content-Type: application/json" -d '{"full_name":"Jane Doe","email":"jane@example.com","amount":"100","metadata":{"order_id":42},"redirect_url":"https://shop.example.com/paid","cancel_url":"https://shop.example.com/cart","return_type":"GET","webhook_url":"https://shop.example.com/ipn"}'`;

export const endpoints: readonly Endpoint[] = [
  {
    operation: 'me',
    method: 'GET',
    path: '/api/me',
    ability: null,
    errorStyle: 'boolean',
    description: 'Shows the brand and abilities of the calling key: a quick check that a key works and what it may do.',
    usage: 'curl -H "RT-UDDOKTAPAY-API-KEY: <key>" <url>',
  },
  {
    operation: 'create-checkout',
    method: 'POST',
    path: '/api/checkout-v2',
    ability: 'payment:checkout',
    errorStyle: 'boolean',
    description:
      'Creates a checkout (UddoktaPay v2) and answers its payment_url; after paying, the customer returns to redirect_url with invoice_id, then verify the payment.',
    usage: CHECKOUT_USAGE,
  },
  {
    operation: 'create-checkout',
    method: 'POST',
    path: '/api/checkout',
    ability: 'payment:checkout',
    errorStyle: 'boolean',
    description: 'Creates a checkout (UddoktaPay v1): the result reaches your webhook_url as an IPN; redirect_url is the thank-you page.',
    usage: CHECKOUT_USAGE,
  },
  {
    operation: 'create-checkout',
    method: 'POST',
    path: '/api/checkout-v2/global',
    ability: 'payment:checkout',
    errorStyle: 'boolean',
    description: 'Creates a v2 checkout for international payments (offers only the methods for global payments).',
    usage: CHECKOUT_USAGE,
  },
  {
    operation: 'create-checkout',
    method: 'POST',
    path: '/api/checkout/global',
    ability: 'payment:checkout',
    errorStyle: 'boolean',
    description: 'Creates a v1 checkout for international payments (offers only the methods for global payments).',
    usage: CHECKOUT_USAGE,
  },
  {
    operation: 'create-checkout',
    method: 'POST',
    path: '/api/checkout-v2/mfs',
    ability: 'payment:checkout',
    errorStyle: 'boolean',
    description: 'Creates a v2 checkout that offers only mobile wallets (bKash, Nagad, Rocket, Upay).',
    usage: CHECKOUT_USAGE,
  },
  {
    operation: 'create-checkout',
    method: 'POST',
    path: '/api/checkout-v2/bank',
    ability: 'payment:checkout',
    errorStyle: 'boolean',
    description: 'Creates a v2 checkout that offers only bank payment methods.',
    usage: CHECKOUT_USAGE,
  },
  {
    operation: 'verify-payment',
    method: 'POST',
    path: '/api/verify-payment',
    ability: 'payment:verify',
    errorStyle: 'verify',
    description: 'Answers the status and details of a payment by invoice_id: COMPLETED, PENDING or ERROR, amounts as strings, date in the brand time zone.',
    usage: `curl -X POST <url> -H "RT-UDDOKTAPAY-API-KEY: <key>" -H "Content-Type: application/json" -d '{"invoice_id":"<invoice_id>"}'`,
  },
  {
    operation: 'verify-payment',
    method: 'POST',
    path: '/api/verify-payment/:invoice_id',
    ability: 'payment:verify',
    errorStyle: 'verify',
    description: 'The same as verify-payment, with the invoice_id also in the path (as the raw PHP and CodeIgniter libraries call it).',
    usage: `curl -X POST <url> -H "RT-UDDOKTAPAY-API-KEY: <key>" -H "Content-Type: application/json" -d '{"invoice_id":"<invoice_id>"}'`,
  },
  {
    operation: 'refund-payment',
    method: 'POST',
    path: '/api/refund-payment',
    ability: 'payment:refund',
    errorStyle: 'boolean',
    description: 'Refunds a completed payment by transaction_id, fully (blank amount) or partially; never more than was paid.',
    usage: `curl -X POST <url> -H "RT-UDDOKTAPAY-API-KEY: <key>" -H "Content-Type: application/json" -d '{"transaction_id":"<trx_id>","payment_method":"bkash","amount":"50","product_name":"T-shirt","reason":"Returned"}'`,
  },
];

/** A route path in the `{param}` form people and OpenAPI read (`/api/verify-payment/{invoice_id}`). */
export function displayPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

/** The full URL of an endpoint for a brand, as merchants paste it into their integrations. */
export function endpointUrl(publicUrl: string, brandSlug: string, endpoint: Endpoint): string {
  return `${publicUrl}/${brandSlug}${displayPath(endpoint.path)}`;
}
