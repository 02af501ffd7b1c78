/** Shapes of the admin API's answers (src/http/admin/*.ts). */
export type Admin = { id: string; email: string };
export type SessionInfo = { admin: Admin; csrf_token: string; expires_at: string };

export type Brand = {
  id: string;
  slug: string;
  name: string;
  domain: string | null;
  timezone: string;
  currency: string;
  created_at: string;
  updated_at: string;
};

export type Ability = 'payment:checkout' | 'payment:verify' | 'payment:refund';
export type AbilityInfo = { name: Ability; description: string };
export type KeyStatus = 'active' | 'inactive' | 'expired';

/** The non-secret view of a key: the only shape the dashboard keeps in lists. */
export type ApiKey = {
  id: string;
  name: string;
  abilities: Ability[];
  expires_at: string | null;
  is_active: boolean;
  status: KeyStatus;
  hint: string;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
  last_used_ip: string | null;
  mode: KeyMode;
  key_label: string;
  note: string | null;
  allowed_ips: string[];
  rate_limit_per_minute: number | null;
  ends_at: string | null;
  rolled_to: string | null;
  expires_in_days: number | null;
};

export type KeyMode = 'live' | 'test';

export type KeyInput = {
  name: string;
  abilities: Ability[];
  expires_at: string | null;
  is_active: boolean;
  mode?: KeyMode;
  note: string | null;
  allowed_ips: string[];
  rate_limit_per_minute: number | string | null;
};

export type UsageDay = { date: string; ok: number; ability_missing: number; ip_not_allowed: number; rate_limited: number; api_key_inactive: number; api_key_expired: number };

export type EndpointInfo = { operation: string; method: string; url: string; ability: Ability | null; description: string; usage: string };

export type AuditEntry = {
  id: string;
  action: string;
  actor: string;
  target_id: string;
  changes: Record<string, unknown>;
  ip: string | null;
  created_at: string;
};

export const PAYMENT_STATES = ['initiated', 'pending', 'completed', 'partially_refunded', 'refunded', 'canceled', 'failed', 'expired'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];
export const METHOD_IDS = ['sandbox', 'bkash', 'nagad', 'rocket', 'upay'] as const;
export type MethodId = (typeof METHOD_IDS)[number];

/** docs/admin-api.md § Payments. Money is a string with two decimals. */
export type Payment = {
  id: string;
  invoice_id: string;
  status: PaymentState;
  status_label: string;
  wire_status: string;
  full_name: string;
  email: string;
  amount: string;
  fee: string;
  charged_amount: string;
  refunded_amount: string;
  refundable_amount: string;
  currency: string;
  payment_method: MethodId | null;
  sender_number: string | null;
  transaction_id: string | null;
  metadata: unknown;
  checkout_variant: string;
  return_type: string;
  redirect_url: string;
  cancel_url: string;
  webhook_url: string | null;
  /** Plain http:// outside this machine: the IPN and its API key header travel unencrypted. */
  webhook_url_insecure: boolean;
  payment_url: string;
  api_key_id: string | null;
  /** The key's name; null once the key is deleted. */
  api_key_name: string | null;
  /** The server's answer to "can Duar send this refund through the payment method?" */
  can_refund_through_gateway: boolean;
  created_at: string;
  updated_at: string;
  paid_at: string | null;
  completed_at: string | null;
  expires_at: string;
  decided_by: string | null;
  decision_note: string | null;
  refund_payout_due: boolean;
  /** Why the SMS with this payment's TrxID did not complete it (a Pending wallet payment). */
  verification_note?: string | null;
};

export type Refund = {
  id: string;
  payment_id: string;
  amount: string;
  kind: 'gateway' | 'manual';
  status: 'processing' | 'succeeded' | 'failed';
  payout: 'not_needed' | 'due' | 'paid';
  reason: string | null;
  product_name: string | null;
  source: 'api' | 'admin';
  actor: string;
  gateway_reference: string | null;
  created_at: string;
  paid_out_at: string | null;
  paid_out_by: string | null;
};

export type DeliveryAttempt = {
  attempt: number;
  started_at: string;
  duration_ms: number;
  outcome: string;
  http_status: number | null;
  error: string | null;
  response_excerpt: string | null;
  api_key_header_sent: boolean;
};

export type Delivery = {
  id: string;
  event: string;
  url: string;
  url_insecure: boolean;
  /** superseded: a newer IPN of the payment was queued before this one was delivered; it is never sent again. */
  status: 'pending' | 'delivered' | 'failed' | 'superseded';
  attempt_count: number;
  next_attempt_at: string | null;
  last_error: string | null;
  last_http_status: number | null;
  created_at: string;
  completed_at: string | null;
  payload: unknown;
  attempts: DeliveryAttempt[];
};

/** A delivery on Brand Settings → Webhooks names its payment. */
export type BrandDelivery = Delivery & { payment_id: string; invoice_id: string };

/** The answer to "Send test event": how the address answered, or why nothing was sent. */
export type TestEventResult = { outcome: string; http_status: number | null; error: string | null; response_excerpt: string | null; duration_ms: number };

export type PaymentMethod = {
  method: MethodId;
  label: string;
  kind: 'sandbox' | 'manual_wallet';
  enabled: boolean;
  account_number: string | null;
  account_type: 'personal' | 'agent' | 'merchant' | null;
  instructions: string | null;
  can_refund_through_gateway: boolean;
  updated_at: string | null;
};

/** docs/admin-api.md § Devices. The device key itself is only ever in the create answer. */
export type Device = {
  id: string;
  name: string;
  hint: string;
  status: 'active' | 'revoked';
  created_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  last_seen_ip: string | null;
  sms_count: number;
};

export type DeviceSetup = {
  app: string;
  url: string;
  method: string;
  header_name: string;
  header_value: string;
  headers_json: string;
  body_template: string;
  senders: string[];
  sms_gateway_for_android: { webhook_url: string; event: string; signing_key: string };
  qr_payload: string;
};

export type DeviceCreated = { device: Device; key: string; setup: DeviceSetup };

export type SmsStatus = 'approved' | 'awaiting_review' | 'used' | 'trashed' | 'error';

/** docs/admin-api.md § SMS data. */
export type Sms = {
  id: string;
  status: SmsStatus;
  reason: string | null;
  reason_text: string | null;
  provider: string;
  provider_label: string;
  kind: string | null;
  amount: string | null;
  fee: string | null;
  balance: string | null;
  payer: string | null;
  ref: string | null;
  trx_id: string | null;
  sender: string;
  text: string;
  wallet: string;
  device_id: string | null;
  source: 'device' | 'admin' | 'cli';
  sms_at: string | null;
  sent_at: string | null;
  payment_id: string | null;
  created_at: string;
  updated_at: string;
};

export type SmsWallet = { provider: string; provider_label: string; wallet: string; device_id: string | null; sim: string | null; balance: string | null; updated_at: string };

/** What became of one pasted or forwarded message. */
export type SmsResult = { status: SmsStatus | 'ignored' | 'duplicate'; reason: string | null; sms_id: string | null; provider: string | null; trx_id: string | null; invoice_id: string | null };
