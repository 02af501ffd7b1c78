import { randomBytes } from 'node:crypto';
import type { TestApp } from '../harness.js';
import type { Brand } from '../../src/modules/brands/service.js';
import type { InvoiceState } from '../../src/modules/invoices/states.js';

/** An invoice as the admin API and POST /api/invoices take it: amounts typed several ways, Bangla in the name. */
export const invoiceBody = (extra: Record<string, unknown> = {}) => ({
  customer: { name: 'করিম স্টোর', email: 'karim@example.com', phone: '01712345678' },
  items: [
    { description: 'Cotton saree', quantity: 2, unit_price: '1,250.50' },
    { description: 'Delivery box', quantity: '1', unit_price: 99.99 },
  ],
  discount: '100',
  vat_percent: '7.5',
  shipping: 60,
  due_on: '31/12/2030',
  note: 'Thank you for your order',
  private_note: 'Call before delivery',
  ...extra,
});

export const DAY = 86_400_000;

/** An invoice row as the invoices module writes it, straight into the table (the emails and the export read rows). */
export async function seedInvoice(
  t: TestApp,
  brand: Brand,
  fields: {
    status: InvoiceState;
    due_on?: string | null;
    email?: string | null;
    sent_at?: number;
    paid_at?: number | null;
    total?: number;
    name?: string;
    note?: string;
  },
) {
  const id = `ivc_${randomBytes(8).toString('hex')}`;
  // After the brand's last number, whether the module or this seeder gave it.
  const last = await t.db
    .selectFrom('invoices')
    .select((eb) => eb.fn.max('sequence').as('n'))
    .where('brand_id', '=', brand.id)
    .executeTakeFirst();
  const sequence = Number(last?.n ?? 0) + 1;
  const number = `INV-${String(sequence).padStart(6, '0')}`;
  const at = fields.sent_at ?? Date.now() - 30 * DAY;
  await t.db
    .insertInto('invoices')
    .values({
      id,
      brand_id: brand.id,
      number,
      sequence,
      public_id: randomBytes(12).toString('hex'),
      customer_name: fields.name ?? 'রহিম উদ্দিন',
      customer_email: fields.email === undefined ? 'rahim@example.com' : fields.email,
      customer_phone: null,
      items: JSON.stringify([{ description: 'Shirt', quantity: 1, unit_price: fields.total ?? 125_050 }]),
      currency: 'BDT',
      subtotal: fields.total ?? 125_050,
      discount: 0,
      vat_percent: 0,
      vat: 0,
      shipping: 0,
      total: fields.total ?? 125_050,
      due_on: fields.due_on === undefined ? null : fields.due_on,
      note: fields.note ?? '',
      private_note: '',
      webhook_url: null,
      status: fields.status,
      payment_id: null,
      paid_method: fields.paid_at ? 'Bank transfer' : null,
      paid_transaction_id: fields.paid_at ? 'BT-778' : null,
      paid_note: null,
      api_key_id: null,
      livemode: 1,
      created_at: at,
      updated_at: at,
      sent_at: fields.status === 'draft' ? null : at,
      paid_at: fields.paid_at ?? null,
      voided_at: null,
    })
    .execute();
  return { id, number };
}
