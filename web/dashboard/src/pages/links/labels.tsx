import { Badge } from '@mantine/core';
import type { PaymentLink } from '../../api/types.js';
import { money } from '../../app/format.js';

type LinkState = 'active' | NonNullable<PaymentLink['unavailable']>;

const STATE: Record<LinkState, { label: string; color: string }> = {
  active: { label: 'Taking payments', color: 'green' },
  inactive: { label: 'Deactivated', color: 'gray' },
  expired: { label: 'Expired', color: 'orange' },
  sold_out: { label: 'Sold out', color: 'red' },
};

/** Whether the link takes payments now, and if not why (the server decides: `unavailable`). */
export function LinkStateBadge({ link }: { link: PaymentLink }) {
  const state = STATE[link.unavailable ?? 'active'];
  return (
    <Badge color={state.color} variant={link.unavailable ? 'light' : 'filled'} style={{ minWidth: 'max-content' }}>
      {state.label}
    </Badge>
  );
}

/** "৳1,250.00" for a fixed price; "Any amount from ৳1.00" / "৳100.00 to ৳5,000.00" for an open one. */
export function priceText(link: PaymentLink): string {
  if (link.amount_type === 'fixed') return money(link.amount!, link.currency);
  if (link.max_amount) return `${money(link.min_amount!, link.currency)} to ${money(link.max_amount, link.currency)}`;
  return `Any amount from ${money(link.min_amount!, link.currency)}`;
}

/** Units left, or "Unlimited". */
export function remainingText(link: PaymentLink): string {
  return link.stats.remaining === null ? 'Unlimited' : `${link.stats.remaining} of ${link.quantity}`;
}

/** A message to send on WhatsApp with the link: wa.me opens the app to choose the chat. */
export function whatsappShare(link: PaymentLink): string {
  return `https://wa.me/?text=${encodeURIComponent(`${link.title}: ${link.url}`)}`;
}
