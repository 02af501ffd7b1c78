import type { InvoiceEmailKind } from '../../modules/invoices/reminder-schedule.js';

/** An email the reminder job sent an invoice's customer (migration 026): its claim, written before sending. */
export interface InvoiceEmailsTable {
  invoice_id: string;
  kind: InvoiceEmailKind;
  /** The due date (YYYY-MM-DD) a reminder was about; '' for the receipt. */
  due_on: string;
  sent_at: number;
}

export interface InvoiceEmailTables {
  invoice_emails: InvoiceEmailsTable;
}
