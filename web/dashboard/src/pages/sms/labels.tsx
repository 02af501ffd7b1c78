import { Badge, Text } from '@mantine/core';
import type { Device, SmsStatus } from '../../api/types.js';

export const SMS_STATE: Record<SmsStatus, { label: string; color: string; help: string }> = {
  approved: { label: 'Ready to match', color: 'green', help: 'Checked and waiting for the customer who paid it.' },
  awaiting_review: { label: 'Needs review', color: 'orange', help: 'Duar could not confirm it is genuine; approve it if it is.' },
  used: { label: 'Paid a payment', color: 'blue', help: 'Already completed a payment.' },
  trashed: { label: 'In the trash', color: 'gray', help: 'Set aside; it pays nothing.' },
  error: { label: 'Not readable', color: 'red', help: 'Duar could not take this message in.' },
};

export function SmsStateBadge({ status }: { status: SmsStatus }) {
  const s = SMS_STATE[status];
  return (
    <Badge color={s.color} variant={status === 'used' || status === 'approved' ? 'filled' : 'light'} style={{ minWidth: 'max-content' }}>
      {s.label}
    </Badge>
  );
}

/** A wallet as merchants know it: the phone's name and SIM slot, "Added by hand", or the name given when pasting. */
export function walletLabel(wallet: string, devices: Device[]): string {
  if (wallet === 'manual') return 'Added by hand';
  if (wallet === 'test') return 'Sent from the dashboard (test)';
  const [deviceId, sim] = wallet.split(':');
  const device = devices.find((d) => d.id === deviceId);
  if (!device) return wallet;
  return sim ? `${device.name} · ${sim.replace(/^sim/i, 'SIM ')}` : device.name;
}

/** A table cell's wallet: the wallet app's name over the phone and SIM (or "Added by hand") it came from. */
export function WalletCell({ providerLabel, wallet, devices }: { providerLabel: string; wallet: string; devices: Device[] }) {
  return (
    <>
      <Text size="sm" fw={500}>
        {providerLabel}
      </Text>
      <Text size="xs" c="dimmed">
        {walletLabel(wallet, devices)}
      </Text>
    </>
  );
}

export const KIND_LABEL: Record<string, string> = {
  send_money: 'Send money',
  payment: 'Payment',
  agent_cash_out: 'Cash out',
  cash_in: 'Cash in',
  bank_deposit: 'Bank deposit',
  b2b: 'Business transfer',
  cashback: 'Cashback',
  refund: 'Refund',
};
