/**
 * Table types. Both dialects return the same JS types: times are epoch milliseconds (bigint in PostgreSQL, parsed to
 * number), booleans are 0/1 integers, JSON is text. Each feature's migration adds its tables here.
 */
import type { PaymentTables } from './tables/payments.js';
import type { WebhookTables } from './tables/webhooks.js';
import type { SmsTables } from './tables/sms.js';
import type { AlertTables } from './tables/alerts.js';
import type { Generated } from './kysely.js';
import type { LinkTables } from './tables/links.js';
import type { InvoiceTables } from './tables/invoices.js';
import type { InvoiceEmailTables } from './tables/invoice-emails.js';
import type { KeyMode } from '../modules/api-keys/key-format.js';
import type { ReminderThresholdId } from '../modules/api-keys/reminder-thresholds.js';
import type { UsageOutcome } from '../modules/api-keys/usage-outcomes.js';
import type { AuditAction } from '../modules/audit/actions.js';
import type { Role } from '../modules/team/roles.js';

export interface BrandsTable {
  id: string;
  slug: string;
  name: string;
  domain: string | null;
  timezone: string;
  currency: string;
  created_at: number;
  updated_at: number;
}

/**
 * Migration 020: what a brand's customers see (modules/brands/customer-pages.ts). Columns of `brands`, typed apart so
 * the brand row the API key hot path reads (api-keys/repository.ts) keeps its shape: only the customer pages and
 * Brand Settings read these.
 */
export interface BrandCustomerColumns {
  /** How customers reach the shop, shown on every customer page; null = not given. */
  contact_phone: string | null;
  contact_whatsapp: string | null;
  contact_email: string | null;
  /** An https image URL (docs/decisions/100-customer-pages-in-bangla.md). */
  logo_url: string | null;
  /** The customer pages' language when neither the link, the customer's choice nor the browser decides. */
  customer_language: Generated<'en' | 'bn'>;
  /** 1: Bangla pages write amounts and dates with Bangla digits (০–৯). */
  bangla_digits: Generated<number>;
}

/** Migration 026: whether the brand's open invoices get reminder emails (modules/invoices/reminders.ts); 1 by default. */
export interface BrandInvoiceColumns {
  invoice_reminders: Generated<number>;
}

export interface AdminsTable {
  id: string;
  email: string;
  password_hash: string;
  created_at: number;
  last_sign_in_at: number | null;
  /** Migration 014: 1 for the installation's first administrator, who owns every brand and alone creates brands. */
  installation_owner: number;
  /** Migration 016: the TOTP secret (base32, encrypted under the app key) once two-factor is on. */
  totp_secret: string | null;
  /** The secret being enrolled, until a code confirms it. */
  totp_pending_secret: string | null;
  totp_enabled_at: number | null;
  /** The last 30-second step a code was accepted for: a code is never accepted twice. */
  totp_last_step: number | null;
}

/** One-time recovery codes (migration 016): only their SHA-256. */
export interface RecoveryCodesTable {
  admin_id: string;
  code_digest: string;
  used_at: number | null;
}

/** An administrator's role in one brand (migration 016). */
export interface BrandMembersTable {
  brand_id: string;
  admin_id: string;
  role: Role;
  created_at: number;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a database leak gives no usable session. */
  token_digest: string;
  admin_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  ip: string | null;
  /** Migration 017: the session's public id (`ses_…`), the browser's User-Agent, and when it was last used. */
  id: string;
  user_agent: string | null;
  last_active_at: number;
}

/** A one-time link to join a brand with a role (migration 017): only the SHA-256 of its token. */
export interface InvitationsTable {
  id: string;
  brand_id: string;
  email: string;
  role: Role;
  token_digest: string;
  /** The administrator who invited, by id. */
  invited_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
}

/** A one-time emailed link to set a new password (migration 017): only the SHA-256 of its token. */
export interface PasswordResetsTable {
  token_digest: string;
  admin_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface ApiKeysTable {
  id: string;
  brand_id: string;
  name: string;
  /** Comma-separated abilities, in catalogue order. */
  abilities: string;
  /** Last valid calendar day (YYYY-MM-DD) in the brand's time zone; null = never expires. */
  expires_on: string | null;
  is_active: number;
  key_digest: string;
  key_ciphertext: string;
  hint: string;
  created_at: number;
  updated_at: number;
  last_used_at: number | null;
  last_used_ip: string | null;
  /** Migration 009. */
  mode: KeyMode;
  note: string | null;
  /** JSON array of normalised addresses and CIDR ranges; empty = any address. */
  allowed_ips: string;
  rate_limit_per_minute: number | null;
  /** Set on a rolled key: the instant its grace period ends and it is refused as expired. */
  ends_at: number | null;
  /** Set on a rolled key: the key that replaced it. */
  rolled_to_id: string | null;
  /** The first authenticated request (switches the IPN header of a rolled key's payments to this key). */
  first_used_at: number | null;
}

/** Requests per key, calendar day (brand time zone) and outcome; written by additive upserts. */
export interface ApiKeyUsageTable {
  key_id: string;
  date: string;
  outcome: UsageOutcome;
  count: number;
}

/** One row per expiry reminder sent: a key, a threshold (`7d` | `1d`) and the expiry date it was about. */
export interface ApiKeyRemindersTable {
  key_id: string;
  threshold: ReminderThresholdId;
  expires_on: string;
  sent_at: number;
}

export interface AuditLogTable {
  id: string;
  /** Null for the installation's own events (sign-ins, sign-outs), which every brand's log shows. */
  brand_id: string | null;
  actor: string;
  action: AuditAction;
  target_id: string;
  /** JSON: {field: {from, to}} for edits, or the created/deleted object's non-secret fields. */
  changes: string;
  ip: string | null;
  created_at: number;
}

export interface SettingsTable {
  name: string;
  value: string;
}

export interface Database extends PaymentTables, WebhookTables, SmsTables, AlertTables, LinkTables, InvoiceTables, InvoiceEmailTables {
  brands: BrandsTable & BrandCustomerColumns & BrandInvoiceColumns;
  admins: AdminsTable;
  brand_members: BrandMembersTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  api_keys: ApiKeysTable;
  api_key_usage: ApiKeyUsageTable;
  api_key_reminders: ApiKeyRemindersTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
}
