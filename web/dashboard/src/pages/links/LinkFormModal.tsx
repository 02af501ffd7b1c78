import { Alert, Button, Checkbox, Group, Input, Modal, NativeSelect, Paper, SegmentedControl, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { AmountType, FieldType, PaymentLink } from '../../api/types.js';
import { useReturnFocus } from '../../components/use-return-focus.js';
import { useSubmit } from '../../components/use-submit.js';

/** What the form sends: amounts, quantity and date as typed, so the server reads them as everywhere and explains a mistake. */
export type LinkBody = {
  title: string;
  description: string;
  title_bn: string | null;
  description_bn: string | null;
  amount_type: AmountType;
  amount: string | null;
  min_amount: string | null;
  max_amount: string | null;
  quantity: string | null;
  expires_at: string | null;
  active: boolean;
  slug: string | null;
  redirect_url: string | null;
  webhook_url: string | null;
  fields: { label: string; type: FieldType; options: string[]; required: boolean }[];
};

type FieldRow = { label: string; type: FieldType; options: string; required: boolean };

/** The form's text fields as typed, named as the API names them. */
type Draft = Record<
  | 'title'
  | 'description'
  | 'title_bn'
  | 'description_bn'
  | 'amount'
  | 'min_amount'
  | 'max_amount'
  | 'quantity'
  | 'expires_at'
  | 'slug'
  | 'redirect_url'
  | 'webhook_url',
  string
>;

const MAX_FIELDS = 5;
const FIELD_KEYS = Array.from({ length: MAX_FIELDS }, (_, i) => [`fields.${i}`, `fields.${i}.label`, `fields.${i}.type`, `fields.${i}.options`]).flat();
const FIELDS = [
  'title',
  'description',
  'title_bn',
  'description_bn',
  'amount_type',
  'amount',
  'min_amount',
  'max_amount',
  'quantity',
  'expires_at',
  'active',
  'slug',
  'redirect_url',
  'webhook_url',
  'fields',
  ...FIELD_KEYS,
] as const;

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** The server names a question's field by its path (`fields.0.options: …`); beside that field, the message is enough. */
const beside = (message: string | undefined) => message?.replace(/^fields\.\d+(\.\w+)?: /, '');

/** One question for the customer: its label, kind, the choices of a select, and whether it must be answered. */
function CustomFieldRow({
  i,
  row,
  errors,
  onChange,
  onRemove,
}: {
  i: number;
  row: FieldRow;
  errors: Partial<Record<string, string>>;
  onChange: (row: FieldRow) => void;
  onRemove: () => void;
}) {
  return (
    <Paper withBorder p="sm" data-testid={`custom-field-${i}`}>
      <Stack gap="xs">
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label={`Question ${i + 1}`}
            maxLength={60}
            value={row.label}
            onChange={(e) => onChange({ ...row, label: e.currentTarget.value })}
            error={beside(errors[`fields.${i}.label`] ?? errors[`fields.${i}`])}
          />
          <NativeSelect
            label={`Answer type ${i + 1}`}
            value={row.type}
            data={[
              { value: 'text', label: 'Text' },
              { value: 'number', label: 'Number' },
              { value: 'select', label: 'Choice from a list' },
            ]}
            onChange={(e) => onChange({ ...row, type: e.currentTarget.value as FieldType })}
            error={beside(errors[`fields.${i}.type`])}
          />
        </Group>
        {row.type === 'select' && (
          <TextInput
            label={`Choices ${i + 1}`}
            description="Separated by commas, e.g. S, M, L, XL"
            value={row.options}
            onChange={(e) => onChange({ ...row, options: e.currentTarget.value })}
            error={beside(errors[`fields.${i}.options`])}
          />
        )}
        <Group justify="space-between">
          <Checkbox label="Required" checked={row.required} onChange={(e) => onChange({ ...row, required: e.currentTarget.checked })} />
          <Button variant="subtle" color="red" size="xs" onClick={onRemove} aria-label={`Remove question ${i + 1}`}>
            Remove
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * New link / Edit link. Every message beside a field is the server's own (the API names each invalid field in
 * `errors`, with these labels), so the dashboard, CLI and API say the same thing.
 */
export function LinkFormModal({
  link,
  timezone,
  onClose,
  onSubmit,
}: {
  link?: PaymentLink;
  timezone: string;
  onClose: () => void;
  onSubmit: (body: LinkBody) => Promise<void>;
}) {
  useReturnFocus();
  const [d, setDraft] = useState<Draft>(() => ({
    title: link?.title ?? '',
    description: link?.description ?? '',
    title_bn: link?.title_bn ?? '',
    description_bn: link?.description_bn ?? '',
    amount: link?.amount ?? '',
    min_amount: link?.min_amount ?? '',
    max_amount: link?.max_amount ?? '',
    quantity: link?.quantity === null || link?.quantity === undefined ? '' : String(link.quantity),
    expires_at: link?.expires_at ?? '',
    slug: link?.slug ?? '',
    redirect_url: link?.redirect_url ?? '',
    webhook_url: link?.webhook_url ?? '',
  }));
  const [amountType, setAmountType] = useState<AmountType>(link?.amount_type ?? 'fixed');
  const [active, setActive] = useState(link?.active ?? true);
  const [rows, setRows] = useState<FieldRow[]>((link?.fields ?? []).map((f) => ({ ...f, options: f.options.join(', ') })));
  const submit = useSubmit(
    () =>
      onSubmit({
        title: d.title,
        description: d.description,
        title_bn: orNull(d.title_bn),
        description_bn: orNull(d.description_bn),
        amount_type: amountType,
        amount: amountType === 'fixed' ? orNull(d.amount) : null,
        min_amount: amountType === 'open' ? orNull(d.min_amount) : null,
        max_amount: amountType === 'open' ? orNull(d.max_amount) : null,
        quantity: orNull(d.quantity),
        expires_at: orNull(d.expires_at),
        active,
        slug: orNull(d.slug),
        redirect_url: orNull(d.redirect_url),
        webhook_url: orNull(d.webhook_url),
        fields: rows.map((r) => ({
          label: r.label,
          type: r.type,
          options:
            r.type === 'select'
              ? r.options
                  .split(',')
                  .map((o) => o.trim())
                  .filter(Boolean)
              : [],
          required: r.required,
        })),
      }),
    { fields: FIELDS },
  );
  const { fields: errors, clear } = submit;
  /** A text field's value, the server's message for it, and the change that clears that message. */
  const bind = (key: keyof Draft) => ({
    value: d[key],
    error: errors[key],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setDraft((prev) => ({ ...prev, [key]: value }));
      clear(key);
    },
  });

  return (
    <Modal opened onClose={onClose} title={link ? `Edit “${link.title}”` : 'New payment link'} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack gap="md">
          {submit.message && (
            <Alert color="red" role="alert">
              {submit.message}
            </Alert>
          )}
          <TextInput label="Title" description="What the customer pays for, e.g. “Eid panjabi”" required maxLength={100} {...bind('title')} data-autofocus />
          <Textarea
            label="Description"
            description="Optional, shown under the title (plain text)."
            autosize
            minRows={2}
            maxLength={1000}
            {...bind('description')}
          />
          <TextInput
            label="Title in Bangla"
            description="Optional: shown instead of the title on the Bangla page. Blank = the title as written."
            lang="bn"
            maxLength={100}
            {...bind('title_bn')}
          />
          <Textarea
            label="Description in Bangla"
            description="Optional: shown instead of the description on the Bangla page."
            lang="bn"
            autosize
            minRows={2}
            maxLength={1000}
            {...bind('description_bn')}
          />
          <Input.Wrapper label="Amount type" error={errors.amount_type}>
            <SegmentedControl
              fullWidth
              value={amountType}
              onChange={(v) => {
                setAmountType(v as AmountType);
                clear('amount_type');
              }}
              data={[
                { value: 'fixed', label: 'Fixed price' },
                { value: 'open', label: 'Customer types the amount' },
              ]}
            />
          </Input.Wrapper>
          {amountType === 'fixed' ? (
            <TextInput label="Amount" description="In taka, e.g. 1,250" inputMode="decimal" required {...bind('amount')} />
          ) : (
            <Group grow align="flex-start">
              <TextInput label="Minimum amount" description="Blank = ৳1.00" inputMode="decimal" {...bind('min_amount')} />
              <TextInput label="Maximum amount" description="Blank = no maximum" inputMode="decimal" {...bind('max_amount')} />
            </Group>
          )}
          <Group grow align="flex-start">
            <TextInput label="Quantity" description="Stock; blank = unlimited" inputMode="numeric" {...bind('quantity')} />
            <TextInput
              label="Expires at"
              description={`dd/mm/yyyy, through the end of that day (${timezone}); blank = never`}
              placeholder="dd/mm/yyyy"
              {...bind('expires_at')}
              autoComplete="off"
            />
          </Group>
          <TextInput label="Slug" description="The end of the link's address: letters, digits, - or _. Blank = 8 random characters." {...bind('slug')} />
          <Input.Wrapper label="Custom fields" description="Up to 5 questions for the customer (size, colour, delivery address…)." error={errors.fields}>
            <Stack gap="xs" mt={6}>
              {rows.map((row, i) => (
                <CustomFieldRow
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own; the index is their position in the request.
                  key={i}
                  i={i}
                  row={row}
                  errors={errors}
                  onChange={(next) => {
                    setRows(rows.map((r, j) => (j === i ? next : r)));
                    clear('fields');
                  }}
                  onRemove={() => setRows(rows.filter((_, j) => j !== i))}
                />
              ))}
              {rows.length < MAX_FIELDS && (
                <Button
                  variant="light"
                  size="xs"
                  onClick={() => setRows([...rows, { label: '', type: 'text', options: '', required: false }])}
                  style={{ alignSelf: 'flex-start' }}
                >
                  Add a question
                </Button>
              )}
            </Stack>
          </Input.Wrapper>
          <TextInput
            label="Redirect URL"
            description="Optional: where the customer goes after paying. Blank = back to the link's page, which thanks them."
            {...bind('redirect_url')}
          />
          <TextInput label="Webhook URL" description="Optional: where Duar sends this link's payment notifications (IPN)." {...bind('webhook_url')} />
          <Switch
            label="Active"
            description="Off = the page says the link is not taking payments."
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
          <Text size="xs" c="dimmed">
            A customer gives their name and mobile number (and an e-mail if they like) on every link.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={submit.busy}>
              {link ? 'Save changes' : 'Create link'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
