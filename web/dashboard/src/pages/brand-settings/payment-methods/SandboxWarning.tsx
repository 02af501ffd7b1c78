import { Alert, Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api, enc } from '../../../api/client.js';
import type { PaymentMethod } from '../../../api/types.js';
import { useLoad } from '../../../api/use-load.js';
import { useBrand } from '../../../app/brand.js';
import { WarningIcon } from '../../../components/icons.js';

/**
 * Shown while the brand's Sandbox method is on, and never dismissable: a shop that goes live with it lets customers
 * "pay" with a test method, and plugins such as WooCommerce and WHMCS only check the status, so they ship the order.
 * `action` takes the merchant to the Sandbox switch (a link elsewhere, a focus jump on the Payment methods page).
 */
export function SandboxAlert({ action }: { action: ReactNode }) {
  return (
    <Alert
      color="orange"
      variant="light"
      role="alert"
      title="Sandbox is on: test payments are accepted"
      icon={<WarningIcon />}
      data-testid="sandbox-warning"
    >
      <Text size="sm">
        Customers can finish checkout with the Sandbox test method, and no money moves. Plugins such as WooCommerce and WHMCS only
        check the payment's status, so they treat those orders as paid. Switch Sandbox off before you go live.
      </Text>
      <Group mt="sm">{action}</Group>
    </Alert>
  );
}

/** For pages other than Payment methods: loads the brand's methods and warns while Sandbox is on. */
export function SandboxWarning() {
  const { brand } = useBrand();
  const sandbox = useLoad(
    () => api.get<{ payment_methods: PaymentMethod[] }>(`/brands/${enc(brand.slug)}/payment-methods`).then((r) => r.payment_methods.some((m) => m.kind === 'sandbox' && m.enabled)),
    [brand.slug],
  );
  if (!sandbox.data) return null;
  return (
    <SandboxAlert
      action={
        <Button component={Link} to={`/brands/${brand.slug}/settings/payment-methods`} size="xs" variant="default">
          Switch Sandbox off
        </Button>
      }
    />
  );
}
