import type { AlertDeliveryStatus, AlertEvent, AlertLanguage, ChannelKind } from '../../modules/alerts/states.js';

/** Tables of alerts (PRODUCT.md §7): a brand's channels, the alerts raised, and each alert's delivery to each channel. */

/** Where a brand's alerts go. Created by migration 013. */
export interface AlertChannelsTable {
  /** `alc_…` */
  id: string;
  brand_id: string;
  kind: ChannelKind;
  /** `encrypt(appKey, JSON)` of the channel's settings (bot token and chat id, webhook URL, addresses): never shown again. */
  settings_ciphertext: string;
  /** What the dashboard shows instead: the settings masked (`chat 12345 · bot …AbCd`). */
  masked: string;
  /** JSON array of AlertEvent. */
  events: string;
  language: AlertLanguage;
  created_at: number;
  updated_at: number;
}

/** Something a merchant should hear about, raised once per `dedupe_key` (a payment's state, a day, a key's threshold). */
export interface AlertsTable {
  /** `alr_…` */
  id: string;
  brand_id: string;
  event: AlertEvent;
  dedupe_key: string;
  /** JSON of the facts a message is written from (amounts in minor units, instants in epoch ms): no secret. */
  facts: string;
  created_at: number;
}

/** One alert to one channel: a row before it is a request, leased, retried with backoff for 24 h like an IPN. */
export interface AlertDeliveriesTable {
  /** `ald_…` */
  id: string;
  alert_id: string;
  channel_id: string;
  brand_id: string;
  /** The alert's event, copied so the worker groups a channel's burst without a join. */
  event: AlertEvent;
  status: AlertDeliveryStatus;
  attempt_count: number;
  /** Due time: the end of its coalescing window, then the retry schedule's. */
  next_attempt_at: number;
  locked_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  last_http_status: number | null;
  /** How many alerts the message that carried it named (1 = alone). */
  batch_size: number | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
}

export interface AlertTables {
  alert_channels: AlertChannelsTable;
  alerts: AlertsTable;
  alert_deliveries: AlertDeliveriesTable;
}
