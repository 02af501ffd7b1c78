import { Alert, Button, Group, Paper, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api, enc } from '../../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../../api/queries.js';
import type { CurrencyList } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { formatTime } from '../../../app/format.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { QueryState } from '../../../components/states.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { useSubmit } from '../../../components/use-submit.js';
import { displayRate } from '../../../../../../src/lib/money.js';

/**
 * Brand Settings → Currencies: how many taka one unit of another currency is, so a checkout in it (WHMCS and Paymenter
 * send the client's currency) is charged in BDT instead of refused (docs/decisions/060-currencies-fees-and-rounding.md).
 */
export function CurrenciesPage() {
  const { brand } = useBrand();
  usePageTitle('Currencies', brand.name);
  const base = `/brands/${enc(brand.slug)}/currencies`;
  const list = useBrandQuery<CurrencyList>('currencies');
  const changed = useBrandChanged();
  const [currency, setCurrency] = useState('');
  const [rate, setRate] = useState('');
  const save = useSubmit(
    async () => {
      const code = currency.trim().toUpperCase();
      await api.put(`${base}/${enc(code || '-')}`, { rate });
      notifications.show({ color: 'green', message: `Saved: 1 ${code} = ${rate.trim()} taka. Payments made before keep their rate.` });
      setCurrency('');
      setRate('');
      await changed();
    },
    { fields: ['currency', 'rate'] },
  );
  const remove = useSubmit(async (code: string) => {
    await api.del(`${base}/${enc(code)}`);
    notifications.show({ color: 'green', message: `Removed ${code}: checkouts in it are refused again.` });
    await changed();
  });

  return (
    <Stack gap="lg">
      <PageHeader section="Brand Settings" title="Currencies">
        Customers always pay in taka. A checkout in another currency (a WHMCS or Paymenter invoice in USD, say) is refused until you add that currency's rate
        here; with a rate, the customer pays the amount × the rate in BDT, rounded half up to the paisa. Each payment keeps the rate it was made at.
      </PageHeader>
      <Paper withBorder p="md" maw={720} component="section" aria-labelledby="rates-title">
        <Title order={2} size="h4" id="rates-title" mb="xs">
          Rates
        </Title>
        <QueryState query={list} rows={2} />
        {remove.message && (
          <Alert color="red" role="alert" mb="sm">
            {remove.message}
          </Alert>
        )}
        {list.data &&
          (list.data.currencies.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="currencies-empty">
              No other currency yet: checkouts are taken in {list.data.brand_currency} only.
            </Text>
          ) : (
            <Table data-testid="currencies-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Currency</Table.Th>
                  <Table.Th>BDT per unit</Table.Th>
                  <Table.Th>Updated</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.currencies.map((c) => (
                  <Table.Tr key={c.currency}>
                    <Table.Td>{c.currency}</Table.Td>
                    {/* The API gives the rate with exactly four decimals: its digits are ten-thousandths of a taka. */}
                    <Table.Td>
                      1 {c.currency} = {displayRate(Number(c.rate.replace('.', '')))}
                    </Table.Td>
                    <Table.Td>{formatTime(c.updated_at, brand.timezone)}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        loading={remove.busy}
                        onClick={() => void remove.run(c.currency)}
                        aria-label={`Remove ${c.currency}`}
                      >
                        Remove
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ))}
      </Paper>
      <Paper withBorder p="md" maw={720} component="section" aria-labelledby="add-rate-title">
        <form onSubmit={save.onSubmit} noValidate>
          <Stack gap="sm">
            <Title order={2} size="h4" id="add-rate-title">
              Add a currency or change its rate
            </Title>
            {save.message && (
              <Alert color="red" role="alert">
                {save.message}
              </Alert>
            )}
            <Group align="flex-start" grow>
              <TextInput
                label="Currency"
                description="ISO 4217 code, e.g. USD"
                maxLength={3}
                autoCapitalize="characters"
                value={currency}
                onChange={(e) => {
                  setCurrency(e.currentTarget.value);
                  save.clear('currency');
                }}
                error={save.fields.currency}
              />
              <TextInput
                label="BDT per unit"
                description="Up to 4 decimals, e.g. 122.50"
                inputMode="decimal"
                value={rate}
                onChange={(e) => {
                  setRate(e.currentTarget.value);
                  save.clear('rate');
                }}
                error={save.fields.rate}
              />
            </Group>
            <Group justify="flex-end">
              <Button type="submit" loading={save.busy}>
                Save rate
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
