import { Title } from '@mantine/core';
import { useBrand } from '../../../app/brand.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { AuditLog } from '../api-settings/AuditLog.js';

/** Brand Settings → Audit log: everything done in the brand (keys, payments, webhooks, devices, SMS) and every sign-in. */
export function AuditPage() {
  const { brand } = useBrand();
  usePageTitle('Audit log', brand.name);
  return (
    <>
      <Title order={1} size="h2" mb="md">
        Audit log
      </Title>
      <AuditLog titled={false} />
    </>
  );
}
