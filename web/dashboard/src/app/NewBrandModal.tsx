import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { api, errorMessage, fieldErrors } from '../api/client.js';
import type { Brand } from '../api/types.js';
import { BrandFields } from '../components/BrandFields.js';
import { useReturnFocus } from '../components/use-return-focus.js';
import { suggestSlug } from './format.js';
import { useFieldErrors } from '../components/use-field-errors.js';
import { useBusy } from '../components/use-submit.js';

const FIELDS = ['name', 'slug', 'timezone', 'currency', 'domain'] as const;
type Field = (typeof FIELDS)[number];

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
  const { busy, start, done: idle } = useBusy();
  const { errors, setErrors, clear } = useFieldErrors<Field>();
  const [formError, setFormError] = useState<string | null>(null);
  const refs = { name: useRef<HTMLInputElement>(null), slug: useRef<HTMLInputElement>(null), timezone: useRef<HTMLInputElement>(null), currency: useRef<HTMLInputElement>(null), domain: useRef<HTMLInputElement>(null) };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!start()) return;
    setErrors({});
    setFormError(null);
    try {
      const body: Record<string, string> = { name, slug, timezone, currency };
      if (domain.trim() !== '') body.domain = domain;
      const res = await api.post<{ brand: Brand }>('/brands', body);
      await onCreated(res.brand);
    } catch (err) {
      const f = fieldErrors(err);
      const field = Object.keys(f)[0] as Field | undefined;
      if (field && (FIELDS as readonly string[]).includes(field)) {
        setErrors(f);
        // Take the keyboard to the field at fault.
        refs[field].current?.focus();
      } else {
        setFormError(errorMessage(err));
      }
      idle();
    }
  }

  return (
    <Modal opened onClose={onClose} title="New brand" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {formError && <Alert color="red" role="alert">{formError}</Alert>}
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
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Create brand</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
