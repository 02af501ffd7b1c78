import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage, fieldErrors, onSignedInAgain } from '../api/client.js';

type Options<F extends string> = {
  /** The form's own fields: the server's message for one of them goes beside it (`fields`), not above the form. */
  fields?: readonly F[];
};

/**
 * The busy/error pattern every form and action button shares: `run` starts the action unless it is already running
 * (a second click or Enter while saving does nothing), `busy` drives the button's spinner, `error` keeps what was thrown.
 * For a form that names its `fields`, the server's message for each of them is in `fields` (gone once `clear`ed, as the
 * merchant changes that field) and `message` is what is left for above the form; without fields, `message` says any
 * error in the server's words. A "not signed in" error goes once the merchant signs in again, so it does not linger.
 */
export function useSubmit<A extends unknown[], F extends string = never>(action: (...args: A) => Promise<void>, options: Options<F> = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Partial<Record<F, string>>>({});
  const running = useRef(false);
  const known = options.fields;
  const run = useCallback(
    async (...args: A) => {
      if (running.current) return;
      running.current = true;
      setBusy(true);
      setError(null);
      setFields({});
      try {
        await action(...args);
      } catch (err) {
        const all = fieldErrors(err);
        setFields(Object.fromEntries(Object.entries(all).filter(([k]) => known?.includes(k as F))) as Partial<Record<F, string>>);
        setError(err);
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [action, known],
  );
  const clear = useCallback(
    (field: F) => setFields((e) => (field in e ? (Object.fromEntries(Object.entries(e).filter(([k]) => k !== field)) as Partial<Record<F, string>>) : e)),
    [],
  );
  // For a form whose action takes no arguments: `<form onSubmit={submit.onSubmit}>` runs it instead of the browser's submit.
  const onSubmit = useCallback(
    (e: FormEvent) => {
      e.preventDefault();
      void (run as () => Promise<void>)();
    },
    [run],
  );
  useEffect(() => onSignedInAgain(() => setError((e: unknown) => (e instanceof ApiError && e.code === 'not_signed_in' ? null : e))), []);
  const besideFields = error !== null && known !== undefined && Object.keys(fieldErrors(error)).some((k) => known.includes(k as F));
  return { run, onSubmit, busy, error, message: error === null || besideFields ? null : errorMessage(error), fields, clear, setError };
}
