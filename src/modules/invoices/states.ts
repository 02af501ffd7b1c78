import type { Transitions } from '../../lib/transitions.js';

/**
 * An invoice's states (PRODUCT.md §6): draft → open → paid → refunded; draft | open → void. `overdue` is not a state:
 * it is derived (open with `due_on` before today in the brand's time zone), so no job has to move it.
 */
export const INVOICE_STATES = ['draft', 'open', 'paid', 'void', 'refunded'] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];

/** Every move an invoice makes; each guarded UPDATE (invoices/repository.ts) takes its `status in (…)` from here. */
export const INVOICE_TRANSITIONS = {
  /** `send` (or a create with status `open`): the customer may now pay it. */
  open: { from: ['draft'], to: ['open'] },
  /** Its payment completed, or `mark-paid` recorded one made elsewhere. */
  pay: { from: ['open'], to: ['paid'] },
  void: { from: ['draft', 'open'], to: ['void'] },
  /** Its payment was fully refunded. */
  refund: { from: ['paid'], to: ['refunded'] },
  /** A gateway refused the refund that had made it Refunded: the reservation went back, so it is Paid again. */
  unrefund: { from: ['refunded'], to: ['paid'] },
} as const satisfies Transitions<InvoiceState>;
export type InvoiceTransition = keyof typeof INVOICE_TRANSITIONS;
export type InvoiceTarget<T extends InvoiceTransition> = (typeof INVOICE_TRANSITIONS)[T]['to'][number];

/** The states that take a payment: only an open invoice (a void, paid or refunded one answers 409). */
export function takesPayment(state: InvoiceState): boolean {
  return INVOICE_TRANSITIONS.pay.from.some((s) => s === state);
}

/** Open and its due date (yyyy-mm-dd) before `today` (yyyy-mm-dd, in the brand's time zone). */
export function isOverdue(state: InvoiceState, dueOn: string | null, today: string): boolean {
  return state === 'open' && dueOn !== null && dueOn < today;
}

/** What may change in an edit: everything on a draft, the due date and notes on an open invoice, nothing after. */
export const EDITABLE_WHEN_OPEN = ['due_on', 'note', 'private_note'] as const;
export function editableFields(state: InvoiceState): 'all' | readonly string[] {
  if (state === 'draft') return 'all';
  if (state === 'open') return EDITABLE_WHEN_OPEN;
  return [];
}
