/** Tables of the webhooks feature (IPN deliveries and attempts, brand signing secrets). Filled in by migration 003. */
export interface WebhookTables {}
