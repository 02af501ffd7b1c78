import { Stack, Switch, Text } from '@mantine/core';
import { api, enc } from '../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../api/queries.js';
import { useBrand } from '../../app/brand.js';
import { useSubmit } from '../../components/use-submit.js';
import type { InvoiceSettings } from '../../api/types.js';

/**
 * The brand's reminder toggle: open invoices with an email get one 3 days before the due date, one the day after and
 * one 7 days after (receipts are sent either way). Saved at once; the server's answer is what the switch shows.
 */
export function RemindersSwitch() {
  const { brand } = useBrand();
  const settings = useBrandQuery<InvoiceSettings>('invoice-settings');
  const changed = useBrandChanged();
  const save = useSubmit(async (on: boolean) => {
    await api.patch(`/brands/${enc(brand.slug)}/invoice-settings`, { reminders: on });
    await changed();
  });
  return (
    <Stack gap={4}>
      <Switch
        label="Email reminders"
        description="3 days before the due date, the day after and 7 days after, to open invoices with an email"
        checked={settings.data?.reminders ?? false}
        disabled={!settings.data || save.busy}
        onChange={(e) => void save.run(e.currentTarget.checked)}
        data-testid="invoice-reminders-switch"
      />
      {(save.message || settings.error) && (
        <Text size="sm" c="red" role="alert">
          {save.message ?? 'Could not load the reminder setting.'}
        </Text>
      )}
    </Stack>
  );
}
