import { Alert, Button, Group, Paper, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, enc } from '../../../api/client.js';
import { brandsChanged } from '../../../api/queries.js';
import type { BrandAnswer } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { BRAND_FIELDS, BrandFields } from '../../../components/BrandFields.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { useSubmit } from '../../../components/use-submit.js';
import { CustomerPagesSection } from './CustomerPagesForm.js';

/** Brand Settings → General: name, slug, domain and time zone; then what customers see (Customer pages). */
export function GeneralPage() {
  const { brand } = useBrand();
  usePageTitle('General', brand.name);
  const navigate = useNavigate();
  const [name, setName] = useState(brand.name);
  const [slug, setSlug] = useState(brand.slug);
  const [domain, setDomain] = useState(brand.domain ?? '');
  const [timezone, setTimezone] = useState(brand.timezone);
  const submit = useSubmit(
    async () => {
      const res = await api.patch<BrandAnswer>(`/brands/${enc(brand.slug)}`, { name, slug, domain: domain.trim() === '' ? null : domain, timezone });
      await brandsChanged();
      notifications.show({ color: 'green', message: 'Saved the brand settings.' });
      if (res.brand.slug !== brand.slug) navigate(`/brands/${res.brand.slug}/settings/general`, { replace: true });
    },
    { fields: BRAND_FIELDS },
  );
  // A message beside a field says it there; anything else goes above the form.
  const { fields: errors, clear, message: formError } = submit;

  return (
    <Stack gap="lg">
      <PageHeader section="Brand Settings" title="General" />
      <Paper withBorder p="lg" maw={640}>
        <form onSubmit={submit.onSubmit} noValidate>
          <Stack>
            {formError && (
              <Alert color="red" role="alert">
                {formError}
              </Alert>
            )}
            <BrandFields
              mode="edit"
              values={{ name, slug, domain, timezone, currency: brand.currency }}
              errors={errors}
              onChange={(field, value) => {
                clear(field);
                if (field === 'name') setName(value);
                else if (field === 'slug') setSlug(value);
                else if (field === 'domain') setDomain(value);
                else if (field === 'timezone') setTimezone(value);
              }}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={submit.busy}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <CustomerPagesSection />
    </Stack>
  );
}
