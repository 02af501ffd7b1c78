import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { MAX_ITEMS } from '../../../../../src/modules/invoices/totals.js';
import { money } from '../../app/format.js';
import type { ItemDraft } from './live-totals.js';

let nextKey = 1;
export const newItem = (init: Partial<ItemDraft> = {}): ItemDraft => ({ key: nextKey++, description: '', quantity: '1', unit_price: '', ...init });

/**
 * The invoice's lines, 1 to 50: description, quantity and unit price, with the line's amount as the server will compute
 * it. Each field is named for its line ("Item 2 quantity"), so a screen reader and a browser test tell them apart, and
 * shows the server's message for it (`items.1.quantity`).
 */
export function InvoiceItems({
  items,
  lines,
  currency,
  disabled,
  errors,
  onChange,
}: {
  items: ItemDraft[];
  lines: (string | null)[];
  currency: string;
  disabled: boolean;
  errors: Record<string, string | undefined>;
  onChange: (items: ItemDraft[], touched: string) => void;
}) {
  const set = (i: number, field: 'description' | 'quantity' | 'unit_price', value: string) =>
    onChange(
      items.map((item, j) => (j === i ? { ...item, [field]: value } : item)),
      `items.${i}.${field}`,
    );
  return (
    <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
      <Text component="legend" fw={500} size="sm">
        Items
      </Text>
      {errors.items && (
        <Text size="sm" c="red" role="alert">
          {errors.items}
        </Text>
      )}
      {items.map((item, i) => (
        <Paper key={item.key} withBorder p="xs">
          <Group align="flex-start" gap="xs" wrap="wrap">
            <TextInput
              label={`Item ${i + 1} description`}
              value={item.description}
              onChange={(e) => set(i, 'description', e.currentTarget.value)}
              error={errors[`items.${i}.description`] ?? errors[`items.${i}`]}
              disabled={disabled}
              maxLength={200}
              style={{ flex: '1 1 220px' }}
            />
            <TextInput
              label={`Item ${i + 1} quantity`}
              value={item.quantity}
              inputMode="numeric"
              onChange={(e) => set(i, 'quantity', e.currentTarget.value)}
              error={errors[`items.${i}.quantity`]}
              disabled={disabled}
              w={110}
            />
            <TextInput
              label={`Item ${i + 1} unit price`}
              value={item.unit_price}
              inputMode="decimal"
              onChange={(e) => set(i, 'unit_price', e.currentTarget.value)}
              error={errors[`items.${i}.unit_price`]}
              disabled={disabled}
              rightSection={
                <Text size="xs" c="dimmed">
                  {currency}
                </Text>
              }
              rightSectionWidth={44}
              w={150}
            />
            <Stack gap={2} miw={110}>
              <Text size="sm" fw={500}>
                Amount
              </Text>
              <Text size="sm" ff="monospace" data-testid={`item-${i + 1}-amount`} mt={6}>
                {lines[i] ? money(lines[i], currency) : '—'}
              </Text>
            </Stack>
            {items.length > 1 && !disabled && (
              <ActionIcon
                variant="subtle"
                color="red"
                mt={26}
                aria-label={`Remove item ${i + 1}`}
                onClick={() =>
                  onChange(
                    items.filter((_, j) => j !== i),
                    'items',
                  )
                }
              >
                ×
              </ActionIcon>
            )}
          </Group>
        </Paper>
      ))}
      {!disabled && (
        <Group>
          <Button variant="default" size="xs" disabled={items.length >= MAX_ITEMS} onClick={() => onChange([...items, newItem()], 'items')}>
            Add item
          </Button>
          {items.length >= MAX_ITEMS && (
            <Text size="xs" c="dimmed">
              An invoice holds at most {MAX_ITEMS} items.
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}
