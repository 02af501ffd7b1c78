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

export const OPERATIONS = ['me'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const endpoints: readonly Endpoint[] = [
  {
    operation: 'me',
    method: 'GET',
    path: '/api/me',
    ability: null,
    errorStyle: 'boolean',
    description: "Shows the brand and abilities of the calling key: a quick check that a key works and what it may do.",
    usage: 'curl -H "RT-UDDOKTAPAY-API-KEY: <key>" <url>',
  },
];

/** The full URL of an endpoint for a brand, as merchants paste it into their integrations. */
export function endpointUrl(publicUrl: string, brandSlug: string, endpoint: Endpoint): string {
  return `${publicUrl}/${brandSlug}${endpoint.path}`;
}
