import { Alert, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api, enc } from '../../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../../api/queries.js';
import type { MethodSettingsList, PaymentMethod } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { QueryState } from '../../../components/states.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { useSubmit } from '../../../components/use-submit.js';
import { FEE_FIELDS, type FeeAndLimits, FeeAndLimitFields, feeAndLimitsBody, feeAndLimitsOf } from './FeeAndLimitFields.js';

/** Brand Settings → Payment methods: each mobile wallet's number, account type and instructions; what Sandbox is for. */
export function PaymentMethodsPage() {
  const { brand } = useBrand();
  usePageTitle('Payment methods', brand.name);
  const base = `/brands/${enc(brand.slug)}/payment-methods`;
  const methods = useBrandQuery('payment-methods', (r: MethodSettingsList) => r.payment_methods);

  return (
    <Stack gap="lg">
      <PageHeader section="Brand Settings" title="Payment methods">
        What customers can pay with on {brand.name}'s checkout page. Wallet payments complete by themselves when a phone connected under Devices forwards the
        matching wallet SMS; the rest wait for you under Payments → Needs approval.
      </PageHeader>
      <QueryState query={methods} rows={4} height={120} />
      {methods.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {methods.data.map((m) =>
            m.kind === 'sandbox' ? <SandboxCard key={m.method} method={m} /> : <WalletCard key={`${m.method}-${m.updated_at}`} method={m} base={base} />,
          )}
        </SimpleGrid>
      )}
    </Stack>
  );
}

/** Sandbox has no switch: it is how test payments (made with a test API key) are paid, and live payments never offer it. */
function SandboxCard({ method }: { method: PaymentMethod }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={method.label} data-testid={`method-${method.method}`}>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {method.label}
        </Title>
        <Badge variant="light" color="orange" style={{ minWidth: 'max-content' }}>
          Test payments only
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mt="xs">
        A pretend payment method for testing your integration: the customer chooses the outcome, no money moves. It is offered only on checkouts created with a{' '}
        <strong>test</strong> API key (Brand Settings → API Settings), never on live ones — so no customer can pay a real order with it.
      </Text>
    </Paper>
  );
}

function WalletCard({ method, base }: { method: PaymentMethod; base: string }) {
  const changed = useBrandChanged();
  const [enabled, setEnabled] = useState(method.enabled);
  const [number, setNumber] = useState(method.account_number ?? '');
  const [type, setType] = useState<string | null>(method.account_type);
  const [instructions, setInstructions] = useState(method.instructions ?? '');
  const [instructionsBn, setInstructionsBn] = useState(method.instructions_bn ?? '');
  const [fee, setFee] = useState<FeeAndLimits>(() => feeAndLimitsOf(method));
  const submit = useSubmit(
    async () => {
      const body: Record<string, unknown> = {
        enabled,
        instructions: instructions.trim() === '' ? null : instructions,
        instructions_bn: instructionsBn.trim() === '' ? null : instructionsBn,
        ...feeAndLimitsBody(fee),
      };
      if (number.trim() !== '') body.account_number = number.trim();
      if (type) body.account_type = type;
      await api.patch(`${base}/${method.method}`, body);
      notifications.show({ color: 'green', message: `Saved ${method.label}.` });
      await changed();
    },
    { fields: ['enabled', 'account_number', 'account_type', 'instructions', 'instructions_bn', ...FEE_FIELDS] },
  );
  const { fields: errors, message: error } = submit;

  return (
    <Paper withBorder p="md" component="section" aria-label={method.label} data-testid={`method-${method.method}`}>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h4">
              {method.label}
            </Title>
            <Badge variant="light" color={method.enabled ? 'green' : 'gray'} style={{ minWidth: 'max-content' }}>
              {method.enabled ? 'On' : 'Off'}
            </Badge>
          </Group>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Switch
            label={`Offer ${method.label} on the checkout page`}
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
            error={errors.enabled}
          />
          <TextInput
            label="Wallet number"
            description="The number customers send money to."
            placeholder="01XXXXXXXXX"
            inputMode="tel"
            value={number}
            onChange={(e) => setNumber(e.currentTarget.value)}
            error={errors.account_number}
          />
          <Select
            label="Account type"
            placeholder="Choose"
            data={[
              { value: 'personal', label: 'Personal' },
              { value: 'agent', label: 'Agent' },
              { value: 'merchant', label: 'Merchant' },
            ]}
            value={type}
            onChange={setType}
            error={errors.account_type}
          />
          <Textarea
            label="Instructions"
            description="Shown to the customer on the checkout page, e.g. “Send Money to this number, then enter your number and the transaction ID.”"
            autosize
            minRows={2}
            maxLength={1000}
            value={instructions}
            onChange={(e) => setInstructions(e.currentTarget.value)}
            error={errors.instructions}
          />
          <Textarea
            label="Instructions in Bangla"
            description="Shown on Bangla pages. When only one of the two is filled in, both languages show it as written."
            autosize
            minRows={2}
            maxLength={1000}
            lang="bn"
            value={instructionsBn}
            onChange={(e) => setInstructionsBn(e.currentTarget.value)}
            error={errors.instructions_bn}
          />
          <FeeAndLimitFields label={method.label} value={fee} onChange={setFee} errors={errors} />
          <Group justify="flex-end">
            <Button type="submit" loading={submit.busy}>
              Save {method.label}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
