/** What a request with a known key came to; every one is counted per key and day (the `api_key_usage.outcome` column). */
export const USAGE_OUTCOMES = ['ok', 'ability_missing', 'ip_not_allowed', 'rate_limited', 'api_key_inactive', 'api_key_expired'] as const;
export type UsageOutcome = (typeof USAGE_OUTCOMES)[number];

export function isUsageOutcome(value: string): value is UsageOutcome {
  return (USAGE_OUTCOMES as readonly string[]).includes(value);
}
