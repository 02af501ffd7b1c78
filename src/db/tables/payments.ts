import type { Generated } from '../kysely.js';
import type { AccountType } from '../../modules/gateways/manual-wallets.js';
import type { MethodId } from '../../modules/gateways/types.js';
import type { FeeBearer } from '../../modules/payments/pricing.js';
import type { PaymentState, VerificationIssue } from '../../modules/payments/states.js';
import type { CheckoutVariant, ReturnMethod } from '../../modules/payments/variants.js';
import type { RefundKind, RefundPayout, RefundSource, RefundStatus } from '../../modules/refunds/states.js';

/**
 * Tables of the payments feature (payments, refunds, payment methods, transaction-id claims, idempotency).
 * Created by migration 002. Money is integer minor units; times epoch ms; flags 0/1; JSON as text. States and kinds are
 * the string-literal unions of the modules that own them.
 */
export interface PaymentsTable {
  id: string;
  brand_id: string;
  /** The public id merchants see (UddoktaPay `invoice_id`): 20 base62 characters, unguessable, unique. */
  invoice_id: string;
  /** The key that created the payment (its IPN carries that exact key); null once the key is deleted. */
  api_key_id: string | null;
  /** Which create endpoint made it (`checkout-v2`, `checkout-v2/mfs`, …): limits the methods offered. */
  variant: CheckoutVariant;
  full_name: string;
  email: string;
  /** As the merchant sent it, in hundredths of `currency`'s unit. */
  amount: number;
  /** Paisa (BDT): the chosen method's fee, whoever bears it; 0 until a method is chosen (migration 012). */
  fee: number;
  /** The checkout's currency (ISO 4217): the one it named, else the brand's. */
  currency: string;
  /** BDT per unit of `currency`, in ten-thousandths (10000 for BDT), frozen at creation (migration 012). */
  exchange_rate: number;
  /** Paisa (BDT): what the customer pays — the amount in BDT, plus the fee when the customer bears it (migration 012). */
  charged_amount: number;
  /** Who bears `fee`, frozen with it when the method is chosen (migration 012). */
  fee_bearer: FeeBearer;
  /** JSON object, echoed unchanged by verify and IPN. */
  metadata: string;
  /** The shop's order number from `metadata` (order_id, invoice_id, …: modules/payments/order-number.ts), for search (migration 023). */
  order_number: string | null;
  redirect_url: string;
  cancel_url: string;
  return_type: ReturnMethod;
  webhook_url: string | null;
  /** Internal state (modules/payments/states.ts). */
  status: PaymentState;
  payment_method: MethodId | null;
  sender_number: string | null;
  transaction_id: string | null;
  refunded_amount: number;
  created_at: number;
  updated_at: number;
  expires_at: number;
  /** When the customer paid (or submitted a manual payment). */
  paid_at: number | null;
  completed_at: number | null;
  decided_by: string | null;
  decision_note: string | null;
  /** Why a submitted wallet payment is still Pending although a forwarded SMS carries its TrxID (migration 007). */
  verification_note: string | null;
  /** The same reason as a stable code, and the paisa the SMS shows, for approving it knowingly (migration 012, ADR 061). */
  verification_issue: VerificationIssue | null;
  verification_sms_amount: number | null;
  /** 1 for a live payment, 0 for a test payment (created with a test key; Sandbox, or a wallet completed by a test SMS). */
  livemode: number;
}

export interface RefundsTable {
  id: string;
  payment_id: string;
  brand_id: string;
  amount: number;
  kind: RefundKind;
  status: RefundStatus;
  payout: RefundPayout;
  reason: string | null;
  product_name: string | null;
  source: RefundSource;
  actor: string;
  gateway_reference: string | null;
  /** Why it failed: the gateway's words, or the recovery job's when the gateway could not tell (migration 028). */
  failure: string | null;
  created_at: number;
  updated_at: number;
  paid_out_at: number | null;
  paid_out_by: string | null;
  /**
   * Digest of (API key, Idempotency-Key, request) for a refund made under an Idempotency-Key, unique (migration 005):
   * a retry finds the refund instead of making another. Cleared when the refund fails, so the key may be retried.
   */
  request_key: string | null;
}

export interface PaymentMethodsTable {
  brand_id: string;
  method: MethodId;
  enabled: number;
  account_number: string | null;
  account_type: AccountType | null;
  instructions: string | null;
  /** Migration 020: the instructions in Bangla; either alone is shown as written on both languages' pages. */
  instructions_bn: Generated<string | null>;
  updated_at: number;
  /** Paisa an SMS may show above the due and still pay it (migration 007). */
  sms_tolerance: Generated<number>;
  /** Comma-separated credit kinds that can pay a checkout; null = the defaults (modules/sms/providers.ts). */
  sms_credit_kinds: string | null;
  /** The method's fee (migration 012): fixed paisa plus hundredths of a percent of the BDT amount, and who bears it. */
  fee_fixed: Generated<number>;
  fee_percent: Generated<number>;
  fee_bearer: Generated<FeeBearer>;
  /** The BDT amounts (paisa) the method takes; null = no bound (migration 012). */
  min_amount: number | null;
  max_amount: number | null;
}

/** One row per (method, transaction id) that paid a payment: the primary key is what makes a TrxID usable once. */
export interface TransactionClaimsTable {
  payment_method: MethodId;
  transaction_id: string;
  payment_id: string;
  created_at: number;
}

export interface IdempotencyKeysTable {
  api_key_id: string;
  idempotency_key: string;
  /** SHA-256 of the endpoint path and the canonical request body. */
  request_digest: string;
  state: 'in_progress' | 'done';
  response_status: number | null;
  response_body: string | null;
  created_at: number;
}

/** BDT per unit of a currency a brand takes checkouts in (migration 012). */
export interface CurrencyRatesTable {
  brand_id: string;
  /** ISO 4217, upper case. */
  currency: string;
  /** Ten-thousandths of a taka per unit (122.5 → 1225000). */
  rate: number;
  updated_at: number;
}

export interface PaymentTables {
  currency_rates: CurrencyRatesTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  payment_methods: PaymentMethodsTable;
  transaction_claims: TransactionClaimsTable;
  idempotency_keys: IdempotencyKeysTable;
}
