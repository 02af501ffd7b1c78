import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useRef, useState } from 'react';
import { api, fieldErrors } from '../api/client.js';
import type { Brand, BrandAnswer } from '../api/types.js';
import { BRAND_FIELDS as FIELDS, BrandFields } from '../components/BrandFields.js';
import { useReturnFocus } from '../components/use-return-focus.js';
import { suggestSlug } from './format.js';
import { useSubmit } from '../components/use-submit.js';

/**
 * The New brand form (POST /admin/api/brands). The slug follows the name until the merchant edits it. Every message
 * beside a field is the server's own, so the dashboard, CLI and admin API say the same sentence.
 */
export function NewBrandModal({ onClose, onCreated }: { onClose: () => void; onCreated: (brand: Brand) => Promise<void> | void }) {
  useReturnFocus();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [timezone, setTimezone] = useState('Asia/Dhaka');
  const [currency, setCurrency] = useState('BDT');
  const [domain, setDomain] = useState('');
  const refs = {
    name: useRef<HTMLInputElement>(null),
    slug: useRef<HTMLInputElement>(null),
    timezone: useRef<HTMLInputElement>(null),
    currency: useRef<HTMLInputElement>(null),
    domain: useRef<HTMLInputElement>(null),
  };
  const submit = useSubmit(
    async () => {
      const body: Record<string, string> = { name, slug, timezone, currency };
      if (domain.trim() !== '') body.domain = domain;
      const res = await api.post<BrandAnswer>('/brands', body).catch((err: unknown) => {
        // Take the keyboard to the field at fault.
        const field = FIELDS.find((f) => f in fieldErrors(err));
        if (field) refs[field].current?.focus();
        throw err;
      });
      await onCreated(res.brand);
    },
    { fields: FIELDS },
  );
  const { fields: errors, clear } = submit;

  return (
    <Modal opened onClose={onClose} title="New brand" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack gap="md">
          {submit.message && (
            <Alert color="red" role="alert">
              {submit.message}
            </Alert>
          )}
          <BrandFields
            mode="new"
            values={{ name, slug, domain, timezone, currency }}
            errors={errors}
            refs={refs}
            onChange={(field, value) => {
              clear(field);
              if (field === 'name') {
                setName(value);
                // The slug follows the name until the merchant edits it.
                if (!slugEdited) {
                  setSlug(suggestSlug(value));
                  clear('slug');
                }
              } else if (field === 'slug') {
                setSlug(value);
                setSlugEdited(value !== '');
              } else if (field === 'domain') setDomain(value);
              else if (field === 'timezone') setTimezone(value);
              else setCurrency(value);
            }}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={submit.busy}>
              Create brand
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
