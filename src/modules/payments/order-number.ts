/**
 * The shop's own order number, taken from a checkout's metadata when it is created, so the payments search finds a
 * payment by the number the merchant knows (docs/decisions/036-searching-order-numbers-and-phones.md). Plugins name it
 * differently: WooCommerce and most carts send `order_id`, WHMCS sends `invoice_id`; the first of these keys holding a
 * string or a whole number is kept. Migration 023 fills the column for older payments with the same rule in SQL.
 */
export const ORDER_NUMBER_KEYS = ['order_id', 'invoice_id', 'order_number', 'order_no', 'orderId', 'invoiceId'] as const;

/** Longer values are not order numbers (a serialised cart, a URL): not kept, so the index stays small. */
export const ORDER_NUMBER_MAX = 64;

export function orderNumberOf(metadata: Record<string, unknown>): string | null {
  for (const key of ORDER_NUMBER_KEYS) {
    if (!Object.hasOwn(metadata, key)) continue;
    const value = metadata[key];
    const text = typeof value === 'string' ? value.trim() : Number.isSafeInteger(value) ? String(value) : '';
    if (text.length > 0 && text.length <= ORDER_NUMBER_MAX) return text;
  }
  return null;
}
