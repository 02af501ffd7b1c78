import { Alert, Button, Group, Paper, SegmentedControl, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api, enc } from '../../../api/client.js';
import { useBrandChanged, useBrandQuery } from '../../../api/queries.js';
import type { CustomerPages, CustomerPagesAnswer } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { QueryState } from '../../../components/states.js';
import { useSubmit } from '../../../components/use-submit.js';

const FIELDS = ['contact_phone', 'contact_whatsapp', 'contact_email', 'logo_url', 'customer_language', 'bangla_digits'] as const;

/** The text fields as typed, named as the API names them. */
type Contact = Record<'contact_phone' | 'contact_whatsapp' | 'contact_email' | 'logo_url', string>;

/**
 * Brand Settings → General → Customer pages: how customers reach the shop (shown on the checkout, waiting and result
 * pages), its logo, the pages' default language and Bangla digits (docs/decisions/100-customer-pages-in-bangla.md).
 */
export function CustomerPagesSection() {
  const query = useBrandQuery('customer-pages', (r: CustomerPagesAnswer) => r.customer_pages);
  return (
    <Paper withBorder p="lg" maw={640} component="section" aria-labelledby="customer-pages-title">
      <Stack>
        <div>
          <Title order={2} size="h4" id="customer-pages-title">
            Customer pages
          </Title>
          <Text size="sm" c="dimmed">
            What your customers see while they pay: how to reach you if something goes wrong, your logo, and their language.
          </Text>
        </div>
        <QueryState query={query} rows={3} />
        {query.data && <CustomerPagesForm key={JSON.stringify(query.data)} value={query.data} />}
      </Stack>
    </Paper>
  );
}

function CustomerPagesForm({ value }: { value: CustomerPages }) {
  const { brand } = useBrand();
  const changed = useBrandChanged();
  const [contact, setContact] = useState<Contact>({
    contact_phone: value.contact_phone ?? '',
    contact_whatsapp: value.contact_whatsapp ?? '',
    contact_email: value.contact_email ?? '',
    logo_url: value.logo_url ?? '',
  });
  const [language, setLanguage] = useState<string>(value.customer_language);
  const [digits, setDigits] = useState(value.bangla_digits);
  const submit = useSubmit(
    async () => {
      await api.patch(`/brands/${enc(brand.slug)}/customer-pages`, {
        ...contact,
        customer_language: language,
        bangla_digits: digits,
      });
      await changed();
      notifications.show({ color: 'green', message: 'Saved the customer pages.' });
    },
    { fields: FIELDS },
  );
  const { fields: errors, clear, message } = submit;
  /** A text field's value, the server's message for it, and the change that clears that message. */
  const bind = (key: keyof Contact) => ({
    value: contact[key],
    error: errors[key],
    onChange: (e: { currentTarget: { value: string } }) => {
      const typed = e.currentTarget.value;
      setContact((prev) => ({ ...prev, [key]: typed }));
      clear(key);
    },
  });
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        {message && (
          <Alert color="red" role="alert">
            {message}
          </Alert>
        )}
        <TextInput
          label="Phone"
          description="A number customers can call about a payment. Leave empty to show none."
          placeholder="01712345678"
          inputMode="tel"
          autoComplete="off"
          {...bind('contact_phone')}
        />
        <TextInput
          label="WhatsApp"
          description="Opens a WhatsApp chat with this number."
          placeholder="01712345678"
          inputMode="tel"
          autoComplete="off"
          {...bind('contact_whatsapp')}
        />
        <TextInput label="E-mail" type="email" placeholder="help@example.com" autoComplete="off" {...bind('contact_email')} />
        <TextInput
          label="Logo URL"
          description="Optional. An https:// link to your logo image; it is shown at most 48 pixels high beside the shop name."
          placeholder="https://example.com/logo.png"
          spellCheck={false}
          autoComplete="off"
          {...bind('logo_url')}
        />
        <div>
          <Text size="sm" fw={500} id="customer-language-label">
            Default language
          </Text>
          <Text size="xs" c="dimmed" mb={4}>
            Used when the customer has not chosen and their browser asks for neither language. Every page has a switch.
          </Text>
          <SegmentedControl
            aria-labelledby="customer-language-label"
            value={language}
            onChange={setLanguage}
            data={[
              { value: 'en', label: 'English' },
              { value: 'bn', label: 'বাংলা' },
            ]}
          />
        </div>
        <Switch
          label="Bangla digits on Bangla pages"
          description="Writes amounts and dates as ৳১,২৫০.০০ instead of ৳1,250.00. English pages always use 0–9."
          checked={digits}
          onChange={(e) => setDigits(e.currentTarget.checked)}
          error={errors.bangla_digits}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={submit.busy}>
            Save customer pages
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
