import type { Kysely } from '../kysely.js';

/**
 * What a brand's customers see (issues 17 and 23, docs/decisions/100-customer-pages-in-bangla.md):
 * - brands: how a customer reaches the shop (phone, WhatsApp, e-mail), an optional logo (an https image URL), the
 *   customer pages' default language and whether Bangla pages write Bangla digits (০–৯);
 * - payment_methods: the wallet instructions in Bangla beside the ones the merchant already wrote (`instructions`).
 * Every column is nullable or has a default, so rows written before it keep working unchanged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    db.schema.alterTable('brands').addColumn('contact_phone', 'text'),
    db.schema.alterTable('brands').addColumn('contact_whatsapp', 'text'),
    db.schema.alterTable('brands').addColumn('contact_email', 'text'),
    db.schema.alterTable('brands').addColumn('logo_url', 'text'),
    db.schema.alterTable('brands').addColumn('customer_language', 'text', (c) => c.notNull().defaultTo('en')),
    db.schema.alterTable('brands').addColumn('bangla_digits', 'integer', (c) => c.notNull().defaultTo(0)),
    db.schema.alterTable('payment_methods').addColumn('instructions_bn', 'text'),
  ];
  // SQLite adds one column per ALTER TABLE.
  for (const statement of statements) await statement.execute();
}
