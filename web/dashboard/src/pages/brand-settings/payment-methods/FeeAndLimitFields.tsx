import { Fieldset, Group, SegmentedControl, SimpleGrid, Text, TextInput } from '@mantine/core';
import type { PaymentMethod } from '../../../api/types.js';

/** A wallet's fee and the amounts it takes, as typed (the server reads "৳5", "1.85%", "25,000" and Bangla digits). */
export type FeeAndLimits = { fee_fixed: string; fee_percent: string; fee_bearer: 'merchant' | 'customer'; min_amount: string; max_amount: string };
export const FEE_FIELDS = ['fee_fixed', 'fee_percent', 'fee_bearer', 'min_amount', 'max_amount'] as const;
type FeeField = (typeof FEE_FIELDS)[number];

export function feeAndLimitsOf(m: PaymentMethod): FeeAndLimits {
  return { fee_fixed: m.fee_fixed, fee_percent: m.fee_percent, fee_bearer: m.fee_bearer, min_amount: m.min_amount ?? '', max_amount: m.max_amount ?? '' };
}

/** The PATCH body: blank limits are sent as null (no limit). */
export function feeAndLimitsBody(v: FeeAndLimits) {
  return {
    fee_fixed: v.fee_fixed.trim() || '0',
    fee_percent: v.fee_percent.trim() || '0',
    fee_bearer: v.fee_bearer,
    min_amount: v.min_amount.trim() || null,
    max_amount: v.max_amount.trim() || null,
  };
}

/**
 * Fee (fixed + percent of the BDT amount, rounded half up to the paisa) and who bears it, and the smallest and largest
 * amount a checkout may be to offer the method (docs/decisions/060-currencies-fees-and-rounding.md).
 */
export function FeeAndLimitFields({
  label,
  value,
  onChange,
  errors,
}: {
  label: string;
  value: FeeAndLimits;
  onChange: (v: FeeAndLimits) => void;
  errors: Partial<Record<FeeField | string, string>>;
}) {
  const set = (field: keyof FeeAndLimits) => (e: { currentTarget: { value: string } }) => onChange({ ...value, [field]: e.currentTarget.value });
  return (
    <>
      <Fieldset legend={`${label} fee`} variant="unstyled">
        <SimpleGrid cols={2} spacing="sm">
          <TextInput
            label="Fixed fee"
            description="Taka per payment"
            inputMode="decimal"
            value={value.fee_fixed}
            onChange={set('fee_fixed')}
            error={errors.fee_fixed}
          />
          <TextInput
            label="Percentage fee"
            description="0 to 10%, of the amount"
            inputMode="decimal"
            value={value.fee_percent}
            onChange={set('fee_percent')}
            error={errors.fee_percent}
          />
        </SimpleGrid>
        <Text size="sm" fw={500} mt="sm" id={`bearer-${label}`}>
          Who pays the fee
        </Text>
        <Group>
          <SegmentedControl
            aria-labelledby={`bearer-${label}`}
            value={value.fee_bearer}
            onChange={(v) => onChange({ ...value, fee_bearer: v as FeeAndLimits['fee_bearer'] })}
            data={[
              { value: 'merchant', label: 'The shop' },
              { value: 'customer', label: 'The customer' },
            ]}
          />
        </Group>
        <Text size="xs" c="dimmed" mt={4}>
          {value.fee_bearer === 'customer'
            ? `Added to what the customer sends: “৳1,000.00 + ৳23.50 ${label} charge = ৳1,023.50”.`
            : 'The customer pays the order amount; the fee is recorded on each payment for your reports.'}
        </Text>
        {errors.fee_bearer && (
          <Text size="xs" c="red.9" role="alert">
            {errors.fee_bearer}
          </Text>
        )}
      </Fieldset>
      <Fieldset legend="Amounts it takes" variant="unstyled">
        <SimpleGrid cols={2} spacing="sm">
          <TextInput
            label="Smallest amount"
            description="Empty: no limit"
            inputMode="decimal"
            value={value.min_amount}
            onChange={set('min_amount')}
            error={errors.min_amount}
          />
          <TextInput
            label="Largest amount"
            description="Empty: no limit"
            inputMode="decimal"
            value={value.max_amount}
            onChange={set('max_amount')}
            error={errors.max_amount}
          />
        </SimpleGrid>
      </Fieldset>
    </>
  );
}
