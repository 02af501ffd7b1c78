import { Button, Group, Table, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Device, SmsWallet } from '../../api/types.js';
import { formatTime, money } from '../../app/format.js';
import { Card, CardField, CardList, DataTable } from '../../components/DataTable.js';
import { usePhone } from '../../components/use-phone.js';
import { LoadError } from '../../components/states.js';
import { WalletCell, walletLabel } from './labels.js';

/** Each receiving wallet's balance as its last message left it, with "Set balance" for money that left without an SMS. */
export function WalletBalances({
  wallets,
  devices,
  timezone,
  onSetBalance,
}: {
  wallets: UseQueryResult<SmsWallet[]>;
  devices: Device[];
  timezone: string;
  onSetBalance: (wallet: SmsWallet) => void;
}) {
  const phone = usePhone();
  const setBalance = (w: SmsWallet) => (
    <Button size="xs" variant="default" onClick={() => onSetBalance(w)} aria-label={`Set balance of ${w.provider_label} ${walletLabel(w.wallet, devices)}`}>
      Set balance
    </Button>
  );
  return (
    <section aria-labelledby="wallets-title">
      <Title order={2} size="h4" id="wallets-title" mb="xs">
        Wallet balances
      </Title>
      <Text size="sm" c="dimmed" mb="sm" maw={720}>
        Each message's balance must follow from the one before, so a copied or made-up SMS cannot pay. After a cash-out or any payment you made from the wallet,
        set its balance here.
      </Text>
      {wallets.error && <LoadError error={wallets.error} onRetry={() => void wallets.refetch()} />}
      {wallets.data && wallets.data.length === 0 && <Text size="sm">No wallet has sent a message yet.</Text>}
      {phone && wallets.data && wallets.data.length > 0 && (
        <CardList data-testid="wallets-cards" aria-labelledby="wallets-title">
          {wallets.data.map((w) => (
            <Card key={`${w.provider}/${w.wallet}`}>
              <WalletCell providerLabel={w.provider_label} wallet={w.wallet} devices={devices} />
              <CardField label="Balance">{w.balance ? money(w.balance, 'BDT') : '—'}</CardField>
              <CardField label="Updated">{formatTime(w.updated_at, timezone)}</CardField>
              <Group mt="xs">{setBalance(w)}</Group>
            </Card>
          ))}
        </CardList>
      )}
      {!phone && wallets.data && wallets.data.length > 0 && (
        <DataTable
          minWidth={520}
          columns={['Wallet', 'Balance', 'Updated', 'Actions']}
          verticalSpacing="sm"
          data-testid="wallets-table"
          aria-labelledby="wallets-title"
        >
          {wallets.data.map((w) => (
            <Table.Tr key={`${w.provider}/${w.wallet}`}>
              <Table.Td>
                <WalletCell providerLabel={w.provider_label} wallet={w.wallet} devices={devices} />
              </Table.Td>
              <Table.Td>{w.balance ? money(w.balance, 'BDT') : '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(w.updated_at, timezone)}</Table.Td>
              <Table.Td>{setBalance(w)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
