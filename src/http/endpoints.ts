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

export const OPERATIONS = ['me', 'create-checkout', 'verify-payment', 'refund-payment', 'create-invoice', 'get-invoice'] as const;
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
  {
    operation: 'create-invoice',
    method: 'POST',
    path: '/api/invoices',
    ability: 'invoice:write',
    errorStyle: 'boolean',
    description:
      'Creates an invoice (customer, items, discount, VAT, shipping, due date), numbered INV-000001…, open unless status is "draft"; answers it with the url of its payment page.',
    usage: `curl -X POST <url> -H "RT-UDDOKTAPAY-API-KEY: <key>" -H "Content-Type: application/json" -d '{"customer":{"name":"Rahim","email":"rahim@example.com"},"items":[{"description":"Cotton saree","quantity":2,"unit_price":"1250.00"}],"vat_percent":"7.5","due_on":"31/12/2026"}'`,
  },
  {
    operation: 'get-invoice',
    method: 'GET',
    path: '/api/invoices/:id',
    ability: 'invoice:read',
    errorStyle: 'boolean',
    description: 'Answers an invoice by its id (ivc_…) or number (INV-000001): status, overdue, figures as strings, the payment that paid it.',
    usage: 'curl -H "RT-UDDOKTAPAY-API-KEY: <key>" <url>',
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

/**
 * What to type into each UddoktaPay plugin or SDK, from how that client builds its URLs
 * (/work/shared/reference/uddoktapay-api.md §1.3 is the source; test/conformance/integrations.test.ts replays each rule).
 * Feeds "Show API Endpoints" and the table in docs/integrations.md (a test fails when they differ).
 */
export type IntegrationSetting = {
  /** The client's own name for the setting. */
  label: string;
  /** What follows `PUBLIC_URL/<brand slug>`; null when the client drops any path and only `PUBLIC_URL` works. */
  path: string | null;
};
export type Integration = { name: string; settings: IntegrationSetting[]; note: string };

export const integrations: readonly Integration[] = [
  {
    name: 'WooCommerce plugin',
    settings: [{ label: 'API URL', path: '/api/checkout-v2' }],
    note: 'The plugin keeps everything up to `/api` and adds its own paths, so the brand prefix survives. Redirect and IPN use the same URL; Duar never adds `invoice_id` to the IPN URL.',
  },
  {
    name: 'WHMCS module',
    settings: [{ label: 'API URL', path: '/api/checkout-v2' }],
    note: 'Same rule as WooCommerce. Duar answers `COMPLETED`/`PENDING` exactly as the module expects.',
  },
  {
    name: 'PHP library (`UddoktaPay.php`)',
    settings: [{ label: 'base URL', path: '/api/checkout-v2' }],
    note: 'Amounts may be numbers; metadata may be `[]`.',
  },
  {
    name: 'Raw PHP / CodeIgniter library',
    settings: [{ label: 'checkout URL', path: '/api/checkout-v2' }],
    note: 'Verify is derived as `…/api/verify-payment/<invoice_id>`, which Duar serves. Use `return_type` POST: the invoice id arrives form-encoded.',
  },
  {
    name: 'Laravel SDK 2.x',
    settings: [{ label: 'base URL', path: null }],
    note: 'The SDK drops any path, so the brand comes from the key (or from a brand domain set in Brand Settings → General).',
  },
  {
    name: 'Flutter package',
    settings: [{ label: 'panel URL', path: '/' }],
    note: 'Keep the trailing slash (the package builds `…checkout/cancel` from it); the doubled slash in `…//api/…` is accepted.',
  },
  {
    name: 'Paymenter extension',
    settings: [{ label: 'base URL', path: '/api' }],
    note: 'It sends the key as `X-API-KEY`, which Duar accepts.',
  },
  {
    name: 'Android SDK',
    settings: [
      { label: 'checkout URL', path: '/api/checkout-v2' },
      { label: 'verify URL', path: '/api/verify-payment' },
    ],
    note: 'The SDK takes both URLs as they are.',
  },
];

/** The value of one integration setting for a brand. */
export function integrationUrl(publicUrl: string, brandSlug: string, setting: IntegrationSetting): string {
  return setting.path === null ? publicUrl : `${publicUrl}/${brandSlug}${setting.path}`;
}
