import type { AmountType } from '../../modules/links/fields.js';

/** A payment link (PRODUCT.md §6). Created by migration 018. Amounts in paisa of the brand's currency. */
export interface PaymentLinksTable {
  /** `plk_…` */
  id: string;
  brand_id: string;
  /** Unique per brand: the last part of `/pay/{brand}/{slug}`. */
  slug: string;
  title: string;
  description: string;
  /** The title and description in Bangla, shown on Bangla pages when given (migration 029). */
  title_bn: string | null;
  description_bn: string | null;
  amount_type: AmountType;
  /** The price of a `fixed` link; null for `open`. */
  amount: number | null;
  /** An `open` link's bounds (null for `fixed`; max null = any amount up to the largest payment). */
  min_amount: number | null;
  max_amount: number | null;
  /** Units in stock; null = unlimited. */
  quantity: number | null;
  /** Last day (YYYY-MM-DD) in the brand's time zone; null = never expires. */
  expires_on: string | null;
  active: number;
  redirect_url: string | null;
  webhook_url: string | null;
  /** JSON array of LinkField. */
  fields: string;
  created_at: number;
  updated_at: number;
}

/** A payment made through a link. The link's stock and stats are counted from these rows and the payments' states. */
export interface PaymentLinkPaymentsTable {
  payment_id: string;
  link_id: string;
  created_at: number;
}

export interface LinkTables {
  payment_links: PaymentLinksTable;
  payment_link_payments: PaymentLinkPaymentsTable;
}
