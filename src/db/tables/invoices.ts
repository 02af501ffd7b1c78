import type { InvoiceState } from '../../modules/invoices/states.js';

/** Migration 025: a brand's invoice numbering — the last number given and the prefix of the next (default `INV-`). */
export interface InvoiceSequencesTable {
  brand_id: string;
  prefix: string;
  last_number: number;
  updated_at: number;
}

/**
 * An invoice (PRODUCT.md §6). Amounts in paisa of `currency` (the brand's when it was made); the figures are computed
 * once from the items (modules/invoices/totals.ts) and stored, so the page, the API and the payment agree.
 */
export interface InvoicesTable {
  id: string;
  brand_id: string;
  /** `INV-000001`: the brand's prefix then its sequence, given at creation, never reused. */
  number: string;
  sequence: number;
  /** Random, unrelated to the number: the only key to `/invoice/{public_id}` (ADR 121). */
  public_id: string;
  customer_name: string;
  customer_email: string | null;
  customer_phone: string | null;
  /** JSON: [{description, quantity, unit_price}] with unit_price in paisa. */
  items: string;
  currency: string;
  subtotal: number;
  discount: number;
  /** Hundredths of a percent: 15% is 1500. */
  vat_percent: number;
  vat: number;
  shipping: number;
  total: number;
  /** ISO date (yyyy-mm-dd) in the brand's time zone; null = no due date. */
  due_on: string | null;
  note: string;
  private_note: string;
  webhook_url: string | null;
  status: InvoiceState;
  /** The payment that paid it; null when unpaid or paid by hand (mark-paid). */
  payment_id: string | null;
  /** mark-paid: how it was paid elsewhere. */
  paid_method: string | null;
  paid_transaction_id: string | null;
  paid_note: string | null;
  /** The API key that created it (its payments' IPNs then carry the legacy key header); null from the dashboard. */
  api_key_id: string | null;
  livemode: number;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  paid_at: number | null;
  voided_at: number | null;
}

/** A checkout started from an invoice's page. */
export interface InvoicePaymentsTable {
  payment_id: string;
  invoice_id: string;
  created_at: number;
}

/** Brand Settings → Webhooks: the default IPN address of link and invoice payments. */
export interface BrandWebhookSettingsTable {
  brand_id: string;
  default_url: string | null;
  updated_at: number;
}

export interface InvoiceTables {
  invoice_sequences: InvoiceSequencesTable;
  invoices: InvoicesTable;
  invoice_payments: InvoicePaymentsTable;
  brand_webhook_settings: BrandWebhookSettingsTable;
}
