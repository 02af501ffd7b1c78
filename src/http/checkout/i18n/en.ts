/**
 * Every word a customer reads on the hosted checkout, in English. `bn.ts` has the same keys (its type is this file's
 * shape, so a missing or extra key fails the type check). Functions take values already HTML-escaped by the page.
 */
/** Refusals the page itself words (a body it could not read, a failure of ours); others keep the service's sentence. */
const REFUSALS: Record<string, string> = {
  unreadable_form: 'The form could not be read. Please try again.',
  internal_error: 'Something went wrong on our side and nothing was changed. Please try again.',
};

export const en = {
  languageSwitch: 'Language',
  titlePay: (brand: string) => `Pay ${brand}`,
  titleStatus: (brand: string) => `${brand} — payment`,
  titleWaiting: (brand: string) => `${brand} — waiting for confirmation`,
  titleReturning: 'Returning to the shop',
  invoice: (invoiceId: string, name: string) => `Invoice ${invoiceId} · ${name}`,
  feeLine: (amount: string, fee: string, wallet: string, total: string) => `${amount} + ${fee} ${wallet} charge = ${total}`,
  payBy: (when: string) => `Pay by ${when}`,
  choose: 'Choose how to pay',
  noMethods: 'No payment method is available for this checkout. Please contact the shop.',
  noMethodTakes: (amount: string) => `No payment method takes ${amount}. Please contact the shop. The methods take:`,
  rangeBetween: (min: string, max: string) => `${min} to ${max}`,
  rangeFrom: (min: string) => `from ${min}`,
  rangeUpTo: (max: string) => `up to ${max}`,
  cancel: 'Cancel and return to the shop',
  sandboxNotice: 'Test mode: no money moves. Choose the outcome to send back to the shop.',
  sandboxSuccess: (amount: string) => `Pay ${amount} — Success`,
  sandboxPending: 'Leave it Pending',
  walletSteps: (wallet: string, action: string, amount: string, type: string) => `Open ${wallet} and use ${action} to send ${amount} to this ${type} number:`,
  actionPersonal: 'Send Money',
  actionAgent: 'Cash Out',
  actionMerchant: 'Payment',
  typePersonal: 'personal',
  typeAgent: 'agent',
  typeMerchant: 'merchant',
  walletSandbox: 'Sandbox',
  walletBkash: 'bKash',
  walletNagad: 'Nagad',
  walletRocket: 'Rocket',
  walletUpay: 'Upay',
  senderLabel: (wallet: string) => `Your ${wallet} number`,
  trxLabel: 'Transaction ID (TrxID)',
  submit: 'Submit payment',
  errorSender: 'Enter the number you sent the money from, such as 01712345678',
  errorTrx: 'Enter the transaction ID (TrxID) from the confirmation message: 6–30 letters and digits',
  errorOutcome: 'Choose Success or Pending',
  errorForm: 'The form could not be read. Please try again.',
  errorServer: 'Something went wrong on our side and nothing was changed. Please try again.',
  /** A refusal from the payment service: English shows the service's own sentence. */
  refusal: (code: string, message: string) => REFUSALS[code] ?? message,
  statusComplete: 'This payment is complete.',
  statusPending: 'Your payment was received and is waiting for the shop to confirm it.',
  statusExpired: 'This checkout has expired. Please start again from the shop.',
  statusCanceled: 'This checkout was canceled.',
  statusFailed: 'This payment was not accepted. If you sent the money, contact the shop and give them your transaction ID.',
  returnToShop: 'Return to the shop',
  backToShop: 'Back to the shop',
  returning: 'Returning you to the shop…',
  continue: 'Continue',
  notFoundTitle: 'Payment not found',
  notFoundBody: 'This payment link is not valid. Please start again from the shop.',
  errorTitle: 'Something went wrong',
  waiting: (wallet: string) =>
    `Waiting for confirmation: we are checking your payment with ${wallet}. This page updates by itself; it usually takes less than a minute.`,
  waitingLong: (wallet: string) =>
    `The ${wallet} message has not reached the shop yet. Your payment is saved with its transaction ID and the shop has been told: it will check the payment and confirm it. You do not need to pay again, and you can leave this page.`,
  waitingWallet: 'the wallet',
  contactTitle: (shop: string) => `Questions about this payment? Contact ${shop}:`,
  contactPhone: 'Call',
  contactWhatsapp: 'WhatsApp',
  contactEmail: 'E-mail',
  received: 'Payment received. Returning you to the shop…',
  trxLine: (trx: string) => `Transaction ID ${trx}`,
};

type Entry<T> = T extends (...args: infer A) => string ? (...args: A) => string : string;
/** The shape every language's catalogue has: English's keys, each a string or a function of the same arguments. */
export type Catalogue = { readonly [K in keyof typeof en]: Entry<(typeof en)[K]> };
