/** The create-checkout endpoints; each variant limits the methods the checkout page offers (gateways/*.offeredIn). */
export const CHECKOUT_VARIANTS = ['checkout-v2', 'checkout', 'checkout-v2/global', 'checkout/global', 'checkout-v2/mfs', 'checkout-v2/bank'] as const;
export type CheckoutVariant = (typeof CHECKOUT_VARIANTS)[number];

export function isCheckoutVariant(value: string): value is CheckoutVariant {
  return (CHECKOUT_VARIANTS as readonly string[]).includes(value);
}

/** How the browser goes back to `redirect_url` (UddoktaPay `return_type`): a GET with `invoice_id`, or a POSTed form. */
export type ReturnMethod = 'GET' | 'POST';
