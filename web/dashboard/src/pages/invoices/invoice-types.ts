// TEMP until the invoices module lands: the shapes of PRODUCT.md §6 (replaced by the server's view types).
export type InvoiceState = 'draft' | 'open' | 'paid' | 'void' | 'refunded';
export type Invoice = {
  id: string;
  number: string;
  url: string;
  status: InvoiceState;
  overdue: boolean;
  customer: { name: string; email: string | null; phone: string | null };
  items: { description: string; quantity: number; unit_price: string; amount: string }[];
  subtotal: string;
  discount: string;
  vat_percent: string;
  vat: string;
  shipping: string;
  total: string;
  currency: string;
  due_on: string | null;
  note: string;
  private_note: string;
  webhook_url: string | null;
  payment_id: string | null;
  paid: { method: string | null; transaction_id: string | null; note: string | null; at: string } | null;
  created_at: string;
  sent_at: string | null;
};
export type InvoiceList = { invoices: Invoice[]; total: number; page: number; per_page: number };
export type InvoiceSettings = { prefix: string; reminders: boolean };
export type InvoiceAnswer = { invoice: Invoice };
