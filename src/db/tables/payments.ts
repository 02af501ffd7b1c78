/** Tables of the payments feature (payments, refunds, payment methods, idempotency). Filled in by migration 002. */
export interface PaymentTables {}
