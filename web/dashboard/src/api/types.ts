/**
 * The admin API's answers and the bodies the dashboard sends, as the server declares them (src/http/admin/*.ts and
 * the views of src/modules). Type-only: nothing of the server reaches the bundle through this file.
 */
export type { SessionStatusView as SessionStatus, SessionView as SessionInfo } from '../../../../src/http/admin/session.js';
export type { BrandAnswer, BrandList, CustomerPagesAnswer } from '../../../../src/http/admin/brands.js';
export type { CustomerPagesView as CustomerPages } from '../../../../src/modules/brands/customer-pages.js';
/** A brand with the signed-in administrator's role in it. */
export type MemberBrand = import('../../../../src/http/admin/brands.js').BrandList['brands'][number];
export type { ApiKeyList, KeyAnswer, KeyCreated, KeyUsageAnswer } from '../../../../src/http/admin/api-keys.js';
export type { DeviceList } from '../../../../src/http/admin/devices.js';
export type { MethodSettingsList } from '../../../../src/http/admin/payment-methods.js';
export type { CurrencyList } from '../../../../src/http/admin/currencies.js';
export type { SenderIdList, SmsAdded, WalletList } from '../../../../src/http/admin/sms.js';
export type { AdminView as Admin } from '../../../../src/modules/admins/service.js';
export type { BrandView as Brand } from '../../../../src/modules/brands/service.js';
export type { Ability, AbilityInfo } from '../../../../src/modules/api-keys/abilities.js';
export type { KeyMode } from '../../../../src/modules/api-keys/key-format.js';
export type { KeyRequest as KeyInput } from '../../../../src/modules/api-keys/inputs.js';
export type { KeyStatus, KeyView as ApiKey } from '../../../../src/modules/api-keys/view.js';
export type { EndpointList } from '../../../../src/http/admin/api-endpoints.js';
export type { AuditEntryView as AuditEntry } from '../../../../src/modules/audit/audit.js';
export type { MethodSettingsView as PaymentMethod } from '../../../../src/modules/gateways/settings.js';
export type { PaymentState } from '../../../../src/modules/payments/states.js';
export type { PaymentView as Payment } from '../../../../src/modules/payments/view.js';
export type { PaymentDetail, PaymentList, RefundCreated, TestSmsSentView } from '../../../../src/http/admin/payments.js';
export type { RefundView as Refund } from '../../../../src/modules/refunds/service.js';
export type { BrandDeliveryView as BrandDelivery, DeliveryView as Delivery } from '../../../../src/modules/webhooks/service.js';
export type {
  BrandDeliveryList,
  SigningSecretView as SigningSecret,
  TestEventView as TestEventResult,
  WebhookSettings,
} from '../../../../src/http/admin/webhooks.js';
export type { DeviceCreatedView as DeviceCreated, DeviceView as Device } from '../../../../src/modules/devices/service.js';
export type { SmsList, SmsView as Sms, WalletView as SmsWallet } from '../../../../src/modules/sms/service.js';
export type { IngestResult as SmsResult } from '../../../../src/modules/sms/ingest.js';
export type { SmsState as SmsStatus } from '../../../../src/modules/sms/states.js';
export type { AlertChannelList, RecentAlertList, TestAlertView as TestAlertResult } from '../../../../src/http/admin/alerts.js';
export type { AlertDeliveryView as AlertDelivery, ChannelView as AlertChannel } from '../../../../src/modules/alerts/service.js';
export type { AlertEvent, AlertLanguage, ChannelKind } from '../../../../src/modules/alerts/states.js';
export type { OverviewPeriod, OverviewView as Overview } from '../../../../src/modules/overview/service.js';
export type { InvitationCreated, TeamView } from '../../../../src/http/admin/team.js';
export type { MemberView as Member } from '../../../../src/modules/team/service.js';
export type { InvitationView as Invitation } from '../../../../src/modules/team/invitations.js';
export type { Role } from '../../../../src/modules/team/roles.js';
export type { MeView as Me } from '../../../../src/http/admin/me.js';
export type { SessionListItem as AdminSession } from '../../../../src/modules/admins/account.js';
/** GET /me/two-factor. */
export type TwoFactorState = Awaited<ReturnType<typeof import('../../../../src/modules/two-factor/service.js').twoFactorState>>;
/** POST /me/two-factor: the secret, shown until enrolment is confirmed. */
export type TwoFactorEnrolment = Awaited<ReturnType<typeof import('../../../../src/modules/two-factor/service.js').startEnrolment>>;
export type { LinkAnswer, LinkList } from '../../../../src/http/admin/links.js';
export type { LinkView as PaymentLink } from '../../../../src/modules/links/service.js';
export type { AmountType, FieldType } from '../../../../src/modules/links/fields.js';
export type { InvoiceAnswer, InvoiceList, InvoiceSettings, SendAnswer } from '../../../../src/http/admin/invoices.js';
export type { InvoiceView as Invoice } from '../../../../src/modules/invoices/view.js';
export type { InvoiceState } from '../../../../src/modules/invoices/states.js';
