import { Badge } from '@mantine/core';
import type { Invoice, InvoiceState } from '../../api/types.js';

/** An invoice's state as the merchant reads it; `overdue` is derived by the server (open, due date passed). */
export const INVOICE_LABEL: Record<InvoiceState | 'overdue', string> = {
  draft: 'Draft',
  open: 'Open',
  overdue: 'Overdue',
  paid: 'Paid',
  void: 'Void',
  refunded: 'Refunded',
};

const COLOR: Record<InvoiceState | 'overdue', string> = {
  draft: 'gray',
  open: 'blue',
  overdue: 'red',
  paid: 'green',
  void: 'gray',
  refunded: 'grape',
};

export function InvoiceStatusBadge({ invoice }: { invoice: Pick<Invoice, 'status' | 'overdue'> }) {
  const shown = invoice.overdue ? 'overdue' : invoice.status;
  return (
    <Badge color={COLOR[shown]} variant={shown === 'paid' || shown === 'overdue' ? 'filled' : 'light'} style={{ minWidth: 'max-content' }}>
      {INVOICE_LABEL[shown]}
    </Badge>
  );
}
