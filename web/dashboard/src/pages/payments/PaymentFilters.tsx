import { Button, Collapse, Group, Paper, Select, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDisclosure } from '@mantine/hooks';
import { METHOD_IDS, METHOD_LABELS } from '../../../../../src/modules/gateways/types.js';
import { PAYMENT_STATES } from '../../../../../src/modules/payments/states.js';
import { STATE_LABEL } from './labels.js';

/** The list's filters as the URL holds them: status, method, the created range and the search text. */
export type PaymentFilterValues = { status: string | null; method: string | null; from: string | null; to: string | null };

/**
 * The payments list's filters: search, status, method and a created-date range, with "Clear filters" once one is set.
 * On a phone they fold away behind one button, so the approvals and payments come first.
 */
export function PaymentFilters({
  phone,
  values,
  active,
  clearable,
  search,
  onSearch,
  onFilter,
  onRange,
  onClear,
}: {
  phone: boolean;
  values: PaymentFilterValues;
  /** How many filters are set, shown on the phone's button. */
  active: number;
  /** Whether a filter narrows the list, so "Clear filters" is offered. */
  clearable: boolean;
  search: string;
  onSearch: (text: string) => void;
  onFilter: (name: 'status' | 'method', value: string | null) => void;
  onRange: (from: string | null, to: string | null) => void;
  onClear: () => void;
}) {
  const [open, toggle] = useDisclosure(false);
  return (
    <>
      {phone && (
        <Button variant="default" onClick={toggle.toggle} aria-expanded={open} aria-controls="payment-filters" justify="space-between" fullWidth>
          {active ? `Filters (${active})` : 'Filters'}
        </Button>
      )}
      <Collapse expanded={!phone || open} id="payment-filters">
        <Paper withBorder p="sm" component="section" aria-label="Filters">
          <Group gap="sm" align="flex-end">
            <TextInput
              label="Search"
              placeholder="Invoice, order no., TrxID, phone, email…"
              value={search}
              onChange={(e) => onSearch(e.currentTarget.value)}
              w={{ base: '100%', sm: 280 }}
              type="search"
            />
            <Select
              label="Status"
              placeholder="Any status"
              clearable
              data={PAYMENT_STATES.map((s) => ({ value: s, label: STATE_LABEL[s] }))}
              value={values.status}
              onChange={(v) => onFilter('status', v)}
              w={{ base: '100%', xs: 180 }}
            />
            <Select
              label="Method"
              placeholder="Any method"
              clearable
              data={METHOD_IDS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))}
              value={values.method}
              onChange={(v) => onFilter('method', v)}
              w={{ base: '100%', xs: 150 }}
            />
            <DatePickerInput
              type="range"
              label="Created"
              placeholder="Any date"
              valueFormat="DD/MM/YYYY"
              clearable
              allowSingleDateInRange
              value={[values.from, values.to]}
              onChange={([a, b]) => onRange(a ? String(a).slice(0, 10) : null, b ? String(b).slice(0, 10) : null)}
              w={{ base: '100%', xs: 240 }}
            />
            {clearable && (
              <Button variant="subtle" onClick={onClear}>
                Clear filters
              </Button>
            )}
          </Group>
        </Paper>
      </Collapse>
    </>
  );
}
