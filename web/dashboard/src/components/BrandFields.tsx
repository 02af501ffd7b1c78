import { SimpleGrid, Text, TextInput } from '@mantine/core';
import type { RefObject } from 'react';
import { TimeZoneSelect } from './TimeZoneSelect.js';

export type BrandValues = { name: string; slug: string; domain: string; timezone: string; currency: string };
export type BrandField = keyof BrandValues;
/** In form order. */
export const BRAND_FIELDS = ['name', 'slug', 'domain', 'timezone', 'currency'] as const satisfies readonly BrandField[];

/**
 * The brand's fields, the same on New brand and General: name, slug, domain, time zone and currency (chosen once, at
 * creation; shown read-only afterwards). The parent owns the values and the server's messages per field.
 */
export function BrandFields({
  mode,
  values,
  errors,
  onChange,
  refs,
}: {
  mode: 'new' | 'edit';
  values: BrandValues;
  errors: Partial<Record<BrandField, string>>;
  onChange: (field: BrandField, value: string) => void;
  refs?: Partial<Record<BrandField, RefObject<HTMLInputElement | null>>>;
}) {
  return (
    <>
      <TextInput
        ref={refs?.name}
        label="Name"
        description="Shown to customers on the checkout page."
        required
        maxLength={100}
        value={values.name}
        onChange={(e) => onChange('name', e.currentTarget.value)}
        error={errors.name}
        data-autofocus={mode === 'new' ? true : undefined}
      />
      <TextInput
        ref={refs?.slug}
        label="Slug"
        description={
          mode === 'new'
            ? "The brand's prefix in API URLs, e.g. /shop/api/checkout-v2: lowercase letters, digits and hyphens. Suggested from the name."
            : "The brand's prefix in API URLs, e.g. /shop/api/checkout-v2. Changing it changes every endpoint URL your integrations use."
        }
        required
        maxLength={40}
        value={values.slug}
        onChange={(e) => onChange('slug', e.currentTarget.value)}
        error={errors.slug}
        spellCheck={false}
        autoCapitalize="none"
        autoComplete="off"
      />
      <TextInput
        ref={refs?.domain}
        label="Domain"
        description="Optional. Requests to this host name are served for this brand without the slug prefix."
        placeholder="pay.example.com"
        value={values.domain}
        onChange={(e) => onChange('domain', e.currentTarget.value)}
        error={errors.domain}
        spellCheck={false}
        autoCapitalize="none"
        autoComplete="off"
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <TimeZoneSelect ref={refs?.timezone} value={values.timezone} onChange={(v) => onChange('timezone', v)} error={errors.timezone} />
        {mode === 'new' ? (
          <TextInput
            ref={refs?.currency}
            label="Currency"
            description="Three-letter ISO 4217 code."
            maxLength={3}
            value={values.currency}
            onChange={(e) => onChange('currency', e.currentTarget.value)}
            error={errors.currency}
            spellCheck={false}
            autoComplete="off"
          />
        ) : (
          <Text size="sm" c="dimmed" pt={{ base: 0, xs: 28 }}>
            Currency: {values.currency}
          </Text>
        )}
      </SimpleGrid>
    </>
  );
}
