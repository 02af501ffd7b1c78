import { Badge } from '@mantine/core';
import type { PaymentState } from '../../api/types.js';

export const STATE_LABEL: Record<PaymentState, string> = {
  initiated: 'Initiated',
  pending: 'Pending',
  completed: 'Completed',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
  canceled: 'Canceled',
  failed: 'Failed',
  expired: 'Expired',
};

const STATE_COLOR: Record<PaymentState, string> = {
  initiated: 'gray',
  pending: 'yellow',
  completed: 'green',
  partially_refunded: 'teal',
  refunded: 'blue',
  canceled: 'gray',
  failed: 'red',
  expired: 'gray',
};

export function PaymentStatusBadge({ status, label }: { status: PaymentState; label?: string }) {
  return (
    <Badge color={STATE_COLOR[status] ?? 'gray'} variant={status === 'completed' ? 'filled' : 'light'} style={{ minWidth: 'max-content' }}>
      {label ?? STATE_LABEL[status] ?? status}
    </Badge>
  );
}
