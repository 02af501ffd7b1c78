import type { CreditKind, SmsProvider } from '../../modules/sms/providers.js';
import type { SmsReason, SmsSource, SmsState } from '../../modules/sms/states.js';

/**
 * Tables of devices and forwarded SMS (migration 007). Money is integer paisa; times epoch ms.
 * States and kinds are the string-literal unions of modules/sms.
 */
export interface DevicesTable {
  id: string;
  brand_id: string;
  name: string;
  key_digest: string;
  key_ciphertext: string;
  hint: string;
  created_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
  last_seen_ip: string | null;
  sms_count: number;
}

export interface SmsMessagesTable {
  id: string;
  brand_id: string;
  device_id: string | null;
  /** The receiving wallet: `<device id>:<sim>` for a forwarded message, `manual` for one pasted by a person. */
  wallet: string;
  source: SmsSource;
  sender: string;
  body: string;
  /** SHA-256 of sender and body: a retried delivery is the same message. */
  body_digest: string;
  provider: SmsProvider;
  kind: CreditKind | null;
  amount: number | null;
  fee: number | null;
  balance: number | null;
  payer: string | null;
  ref: string | null;
  trx_id: string | null;
  /** The time written in the message (Asia/Dhaka, minute precision); null when the format has none. */
  sms_at: number | null;
  /** When the phone says the SMS was sent (the forwarder's sentStamp), if it said. */
  sent_at: number | null;
  status: SmsState;
  reason: SmsReason | null;
  payment_id: string | null;
  created_at: number;
  updated_at: number;
  /** 1 for a wallet's real message, 0 for one made by "Send a test SMS": it pays only test payments (migration 022). */
  livemode: number;
}

export interface SmsWalletsTable {
  brand_id: string;
  provider: SmsProvider;
  wallet: string;
  balance: number;
  updated_at: number;
}

export interface SmsSendersTable {
  brand_id: string;
  provider: SmsProvider;
  sender_ids: string;
  updated_at: number;
}

export interface SmsTables {
  devices: DevicesTable;
  sms_messages: SmsMessagesTable;
  sms_wallets: SmsWalletsTable;
  sms_senders: SmsSendersTable;
}
