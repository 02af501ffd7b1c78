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
