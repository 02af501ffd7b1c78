import { Alert, Badge, Button, Group, Pagination, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PROVIDER_LABELS, SMS_PROVIDERS } from '../../../../../src/modules/sms/providers.js';
import { api, enc, errorMessage } from '../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../api/queries.js';
import type { DeviceList, Sms, SmsAdded, SmsList, SmsResult, SmsStatus, SmsWallet, WalletList } from '../../api/types.js';
import { useBrand } from '../../app/brand.js';
import { money } from '../../app/format.js';
import { EmptyState } from '../../components/DataTable.js';
import { QueryState } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { SMS_STATE, walletLabel } from './labels.js';
import { PasteSmsModal } from './PasteSmsModal.js';
import { SenderIds } from './SenderIds.js';
import { SetBalanceModal } from './SetBalanceModal.js';
import { type SmsAction, SmsTable } from './SmsTable.js';
import { WalletBalances } from './WalletBalances.js';

const PER_PAGE = 25;

/** What happened to a pasted message, in a sentence. */
function resultSentence(r: SmsResult): string {
  switch (r.status) {
    case 'used':
      return `Added: it completed the payment ${r.invoice_id ?? ''}.`.replace(' .', '.');
    case 'approved':
      return 'Added: it is ready to complete the payment with its transaction ID.';
    case 'awaiting_review':
      return 'Added, but it needs your review before it can complete a payment.';
    case 'duplicate':
      return 'This message was added before; nothing changed.';
    case 'ignored':
      return 'Not added: it is not a “money received” message from a wallet sender.';
    default:
      return 'Added.';
  }
}

/** SMS data: every wallet message Duar received, why it is in its state, the actions a person may take, and balances. */
export function SmsPage() {
  const { brand } = useBrand();
  usePageTitle('SMS data', brand.name);
  const base = `/brands/${enc(brand.slug)}`;
  const [status, setStatus] = useState<string | null>(null);
  const [provider, setProvider] = useState<string | null>(null);
  const [wallet, setWallet] = useState<string | null>(null);
  // "See it in SMS data" on a payment opens this page searching for its TrxID.
  const [params, setParams] = useSearchParams();
  // "Test data": the test messages ("Send a test SMS" on a test payment) instead of the real ones, never both.
  const testData = params.get('livemode') === 'false';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const [pasting, setPasting] = useState(false);
  const [settingBalance, setSettingBalance] = useState<SmsWallet | null>(null);

  const query = new URLSearchParams({ page: String(page), per_page: String(PER_PAGE) });
  if (status) query.set('status', status);
  if (provider) query.set('provider', provider);
  if (wallet) query.set('wallet', wallet);
  if (q) query.set('q', q);
  if (testData) query.set('livemode', 'false');
  const list = useBrandQuery<SmsList>(`sms?${query}`);
  // The download takes the list's filters, not its page: every matching message.
  const exportQuery = new URLSearchParams(query);
  exportQuery.delete('page');
  exportQuery.delete('per_page');
  const wallets = useBrandQuery('sms-wallets', (r: WalletList) => r.wallets);
  const devices = useBrandQuery('devices', (r: DeviceList) => r.devices);
  const deviceList = devices.data ?? [];
  const tz = brand.timezone;

  const refresh = useBrandChanged();
  const filter = (set: (v: string | null) => void) => (v: string | null) => {
    set(v);
    setPage(1);
  };

  async function act(sms: Sms, action: SmsAction) {
    try {
      await api.post(`${base}/sms/${enc(sms.id)}/${action}`);
      const done = { approve: 'Approved the message.', trash: 'Moved the message to the trash.', restore: 'Restored the message; approve it to use it.' }[
        action
      ];
      notifications.show({ color: 'green', message: done });
      void refresh();
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(err) });
    }
  }

  async function paste(from: string, text: string) {
    const res = await api.post<SmsAdded>(`${base}/sms`, { from, text });
    setPasting(false);
    notifications.show({ color: res.result.status === 'ignored' ? 'orange' : 'green', message: resultSentence(res.result) });
    void refresh();
  }

  async function saveBalance(w: SmsWallet, balance: string) {
    await api.put(`${base}/sms-wallets/balance`, { provider: w.provider, wallet: w.wallet, balance });
    setSettingBalance(null);
    notifications.show({ color: 'green', message: `Set the ${w.provider_label} balance to ${money(balance, 'BDT')}.` });
    void refresh();
  }

  const walletOptions = (wallets.data ?? []).map((w) => w.wallet).filter((w, i, all) => all.indexOf(w) === i);

  return (
    <Stack gap="xl">
      <div>
        <Group justify="space-between" align="flex-start" gap="sm">
          <Group gap="sm">
            <Title order={1} size="h2">
              SMS data
            </Title>
            {testData && (
              <Badge color="orange" variant="filled" data-testid="test-data-badge">
                Test data
              </Badge>
            )}
          </Group>
          <Group gap="sm" align="center">
            <Switch
              label="Test data"
              description="Show test SMS instead of real ones"
              checked={testData}
              onChange={(e) => {
                const next = new URLSearchParams(params);
                if (e.currentTarget.checked) next.set('livemode', 'false');
                else next.delete('livemode');
                setParams(next, { replace: true });
                setPage(1);
              }}
              data-testid="sms-test-data-switch"
            />
            <Button
              component="a"
              variant="default"
              href={`/admin/api/brands/${enc(brand.slug)}/sms/export.csv${exportQuery.size ? `?${exportQuery}` : ''}`}
              download
              data-testid="sms-export"
            >
              Download CSV
            </Button>
            {!testData && <Button onClick={() => setPasting(true)}>Paste an SMS</Button>}
          </Group>
        </Group>
        <Text size="sm" c="dimmed" mt="xs" maw={720}>
          The “money received” messages your devices forwarded. A message that is ready to match completes the payment with the same transaction ID and amount.
        </Text>
        {testData && (
          <Alert color="orange" variant="light" mt="sm" data-testid="sms-test-data-notice">
            You are looking at <strong>test SMS</strong>: written by “Send a test SMS” on a test payment waiting for its wallet SMS (open one under Payments
            with Test data on). They can complete only test payments and never touch your wallet balances.
          </Alert>
        )}
      </div>

      <section aria-labelledby="sms-title">
        <Title order={2} size="h4" id="sms-title" mb="sm">
          Messages
        </Title>
        <Group gap="sm" mb="md" align="flex-end">
          <TextInput
            label="Transaction ID"
            placeholder="Search"
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setPage(1);
            }}
            w={180}
          />
          <Select
            label="State"
            placeholder="All"
            clearable
            w={170}
            value={status}
            onChange={filter(setStatus)}
            data={(Object.keys(SMS_STATE) as SmsStatus[]).map((s) => ({ value: s, label: SMS_STATE[s].label }))}
          />
          <Select
            label="Wallet provider"
            placeholder="All"
            clearable
            w={160}
            value={provider}
            onChange={filter(setProvider)}
            data={SMS_PROVIDERS.map((p) => ({ value: p, label: PROVIDER_LABELS[p] }))}
          />
          <Select
            label="Receiving wallet"
            placeholder="All"
            clearable
            w={220}
            value={wallet}
            onChange={filter(setWallet)}
            data={walletOptions.map((w) => ({ value: w, label: walletLabel(w, deviceList) }))}
          />
        </Group>
        <QueryState query={list} rows={4} />
        {list.data && list.data.sms.length === 0 && (
          <EmptyState testId="sms-empty">
            <Text size="sm">
              {status || provider || wallet || q
                ? 'No message matches these filters.'
                : testData
                  ? 'No test SMS yet. Pay a test checkout with a wallet, then use “Send a test SMS” on that payment.'
                  : 'No messages yet. Connect a device under Brand Settings → Devices, or paste an SMS by hand.'}
            </Text>
          </EmptyState>
        )}
        {list.data && list.data.sms.length > 0 && (
          <>
            <Text size="sm" c="dimmed" mb="xs">
              {list.data.total} message{list.data.total === 1 ? '' : 's'}
            </Text>
            <SmsTable sms={list.data.sms} devices={deviceList} timezone={tz} brandSlug={brand.slug} onAction={(sms, action) => void act(sms, action)} />
            {list.data.total > PER_PAGE && (
              <Pagination
                mt="md"
                total={Math.ceil(list.data.total / PER_PAGE)}
                value={page}
                onChange={setPage}
                getControlProps={(control) => ({ 'aria-label': control === 'next' ? 'Next page' : control === 'previous' ? 'Previous page' : control })}
              />
            )}
          </>
        )}
      </section>

      {!testData && <WalletBalances wallets={wallets} devices={deviceList} timezone={tz} onSetBalance={setSettingBalance} />}

      <SenderIds />

      {pasting && <PasteSmsModal onClose={() => setPasting(false)} onAdd={paste} />}
      {settingBalance && (
        <SetBalanceModal
          wallet={settingBalance}
          label={walletLabel(settingBalance.wallet, deviceList)}
          onClose={() => setSettingBalance(null)}
          onSave={(b) => saveBalance(settingBalance, b)}
        />
      )}
    </Stack>
  );
}
