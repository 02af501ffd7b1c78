import { useCallback, useState } from 'react';

/** Per-field messages from the server; a field's message goes once the merchant changes that field. */
export function useFieldErrors<F extends string = string>() {
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const clear = useCallback(
    (field: F) => setErrors((e) => (field in e ? (Object.fromEntries(Object.entries(e).filter(([k]) => k !== field)) as Partial<Record<F, string>>) : e)),
    [],
  );
  return { errors, setErrors, clear };
}
