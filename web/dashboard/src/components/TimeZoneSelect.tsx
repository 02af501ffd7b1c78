import { useMemo, type Ref } from 'react';
import { Select } from '@mantine/core';
import { timeZones } from '../app/format.js';

/** The brand time-zone picker (New brand and General): searchable, the current zone and Asia/Dhaka first. */
export function TimeZoneSelect({
  value,
  onChange,
  error,
  ref,
}: {
  value: string;
  onChange: (zone: string) => void;
  error?: string;
  ref?: Ref<HTMLInputElement>;
}) {
  const zones = useMemo(() => timeZones(value), [value]);
  return (
    <Select
      ref={ref}
      label="Time zone"
      description="Used for key expiry dates and payment times."
      searchable
      data={zones}
      value={value}
      allowDeselect={false}
      onChange={(v) => v && onChange(v)}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
