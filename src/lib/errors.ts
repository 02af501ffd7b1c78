/**
 * The error catalogue: every code Duar answers with, and its HTTP status. Codes are stable API; add, never rename.
 * The wire body is shaped in one place (http/plugins/errors.ts) per endpoint family.
 */
export const errorStatus = {
  // request shape
  invalid_json: 400,
  invalid_request: 400,
  invalid_date: 400,
  date_in_past: 400,
  unknown_ability: 400,
  key_value_immutable: 400,
  invalid_ip_address: 400,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  uri_too_long: 414,
  headers_too_large: 431,
  request_timeout: 408,
  control_characters: 400,
  // public API authentication (docs/decisions/004-auth-failures-and-errors.md)
  missing_api_key: 401,
  invalid_api_key: 401,
  api_key_inactive: 401,
  api_key_expired: 401,
  ability_missing: 403,
  api_key_in_query: 400,
  conflicting_api_keys: 400,
  too_many_requests: 429,
  // per-key checks of the key lifecycle (docs/decisions/008-key-lifecycle.md)
  ip_not_allowed: 403,
  rate_limited: 429,
  // dashboard / admin API
  not_signed_in: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  /** The administrator's role in the brand does not allow the route (docs/decisions/080-route-permission-table.md). */
  forbidden: 403,
  // two-factor sign-in (docs/decisions/081-two-factor-sign-in.md)
  two_factor_required: 401,
  invalid_two_factor_code: 401,
  two_factor_already_on: 409,
  two_factor_not_started: 409,
  /** The brand requires two-factor sign-in and the administrator has not turned it on. */
  two_factor_setup_required: 403,
  // team, invitations, sessions, passwords (docs/decisions/082-invitations-sessions-resets.md)
  /** The change would leave the brand without an owner. */
  last_owner: 409,
  /** The installation's first administrator owns every brand: their role is not changed or removed. */
  installation_owner_fixed: 409,
  member_not_found: 404,
  already_member: 409,
  /** An invitation link that does not exist, was already used, was withdrawn or is older than 7 days. */
  invitation_invalid: 404,
  session_not_found: 404,
  /** The current password given to change it is not correct. */
  wrong_password: 403,
  /** A password reset link that does not exist, was already used or is older than an hour. */
  reset_link_invalid: 404,
  setup_token_invalid: 401,
  setup_already_done: 409,
  email_taken: 409,
  // resources
  brand_not_found: 404,
  api_key_not_found: 404,
  api_key_already_rolled: 409,
  admin_not_found: 404,
  slug_taken: 409,
  domain_taken: 409,
  // payments
  payment_not_found: 404,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  invalid_amount: 400,
  payment_method_unavailable: 400,
  payment_method_not_found: 404,
  payment_not_payable: 409,
  payment_not_pending: 409,
  /** Approving a payment its forwarded SMS disagrees with needs `confirm_mismatch: true` (docs/decisions/061-approving-a-mismatch.md). */
  approval_needs_confirmation: 409,
  payment_has_no_webhook: 409,
  transaction_id_used: 409,
  transaction_ambiguous: 400,
  /** A checkout in a currency the brand has no rate for (docs/decisions/060-currencies-fees-and-rounding.md). */
  currency_not_supported: 400,
  currency_not_found: 404,
  // refunds
  payment_not_refundable: 409,
  refund_exceeds_remaining: 422,
  /** The payment kept changing under a refund (other refunds racing it): read it again and retry. */
  payment_changed: 409,
  refund_not_found: 404,
  refund_not_due: 409,
  gateway_refund_unsupported: 400,
  gateway_refund_failed: 422,
  // devices and SMS (docs/decisions/050-devices-and-sms-verification.md)
  missing_device_key: 401,
  invalid_device_key: 401,
  device_revoked: 401,
  invalid_signature: 401,
  device_not_found: 404,
  sms_not_found: 404,
  sms_state_conflict: 409,
  /** "Send a test SMS" on a payment it cannot complete (live, not waiting, or a TrxID no wallet writes). */
  test_sms_unavailable: 409,
  // webhooks
  webhook_url_refused: 400,
  webhook_delivery_not_found: 404,
  // alerts
  alert_channel_not_found: 404,
  // payment links (docs/decisions/120-payment-link-stock.md)
  payment_link_not_found: 404,
  payment_link_inactive: 410,
  payment_link_expired: 410,
  payment_link_sold_out: 410,
  // invoices (docs/decisions/121-invoice-numbers-and-public-ids.md)
  invoice_not_found: 404,
  /** The invoice's state does not allow this edit, send, payment or void (the message names the state). */
  invoice_state_conflict: 409,
  /** A void, paid or refunded invoice takes no payment. */
  invoice_not_payable: 409,
  internal_error: 500,
  // operations (docs/decisions/072-metrics-and-readiness.md)
  metrics_forbidden: 403,
  invalid_metrics_token: 401,
  not_ready: 503,
  /** A request that reached a stopping server on an open connection (docs/decisions/070-job-loop-and-shutdown.md). */
  shutting_down: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** One invalid input: `field` is the input's name on the wire (`metadata.order_id`), `message` says what is wrong in words. */
export type FieldError = { field: string; message: string };

export class DuarError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { field?: string; errors?: FieldError[]; retryAfterSeconds?: number; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.status = errorStatus[code];
  }
}
