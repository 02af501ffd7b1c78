import { toDayMonthYear } from '../../lib/dates.js';
import { displayMoney } from '../../lib/money.js';
import type { InvoiceRow } from './repository.js';
import { invoiceUrl } from './view.js';

/**
 * The e-mail `send` mails the customer (PRODUCT.md §6): the number, the total, the due date and the link to the
 * invoice's page. Plain text: what the customer typed cannot turn into markup in any mail client.
 */
export function invoiceEmail(brandName: string, inv: InvoiceRow, publicUrl: string) {
  const due = inv.due_on === null ? 'on receipt' : toDayMonthYear(inv.due_on);
  const total = displayMoney(inv.total, inv.currency);
  return {
    subject: `Invoice ${inv.number} from ${brandName}: ${total}`,
    text: [
      `Dear ${inv.customer_name},`,
      '',
      `${brandName} has sent you invoice ${inv.number}.`,
      '',
      `Total: ${total}`,
      `Due: ${due}`,
      '',
      'View, print or pay it here:',
      invoiceUrl(publicUrl, inv.public_id),
      ...(inv.note ? ['', inv.note] : []),
    ].join('\n'),
  };
}
