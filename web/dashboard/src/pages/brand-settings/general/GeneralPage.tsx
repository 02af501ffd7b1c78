import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, enc, errorMessage, fieldErrors } from '../../../api/client.js';
import type { Brand } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { BrandFields, type BrandField } from '../../../components/BrandFields.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { useFieldErrors } from '../../../components/use-field-errors.js';
import { useBusy } from '../../../components/use-submit.js';

/** Brand Settings → General: name, slug, domain and time zone. */
export function GeneralPage() {
  const { brand, reloadBrands } = useBrand();
  usePageTitle('General', brand.name);
  const navigate = useNavigate();
  const [name, setName] = useState(brand.name);
  const [slug, setSlug] = useState(brand.slug);
  const [domain, setDomain] = useState(brand.domain ?? '');
  const [timezone, setTimezone] = useState(brand.timezone);
  const { busy, start, done: idle } = useBusy();
  const { errors, setErrors, clear } = useFieldErrors<BrandField>();
  const [formError, setFormError] = useState<string | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!start()) return;
    setErrors({});
    setFormError(null);
    try {
      const res = await api.patch<{ brand: Brand }>(`/brands/${enc(brand.slug)}`, { name, slug, domain: domain.trim() === '' ? null : domain, timezone });
      await reloadBrands();
      notifications.show({ color: 'green', message: 'Saved the brand settings.' });
      if (res.brand.slug !== brand.slug) navigate(`/brands/${res.brand.slug}/settings/general`, { replace: true });
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      if (Object.keys(f).length === 0) setFormError(errorMessage(err));
    } finally {
      idle();
    }
  }

  return (
    <Stack gap="lg">
      <div>
        <Text size="sm" c="dimmed">Brand Settings</Text>
        <Title order={1} size="h2">General</Title>
      </div>
      <Paper withBorder p="lg" maw={640}>
        <form onSubmit={save} noValidate>
          <Stack>
            {formError && <Alert color="red" role="alert">{formError}</Alert>}
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
              <Button type="submit" loading={busy}>Save</Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
