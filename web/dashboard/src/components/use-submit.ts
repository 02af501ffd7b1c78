import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../api/client.js';

/**
 * The busy/error pattern every form and action button shares: `run` starts the action unless it is already running
 * (a second click or Enter while saving does nothing), `busy` drives the button's spinner, `error` keeps what was thrown
 * and `message` says it in the server's words.
 */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);
  const run = useCallback(
    async (...args: A) => {
      if (running.current) return;
      running.current = true;
      setBusy(true);
      setError(null);
      try {
        await action(...args);
      } catch (err) {
        setError(err);
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error, message: error === null ? null : errorMessage(error), setError };
}

/**
 * The same guard for forms that keep their own field errors: `start()` answers false while a save is already running
 * (a second click or Enter does nothing), `done()` allows the next one; `busy` drives the button's spinner.
 */
export function useBusy() {
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const start = useCallback(() => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    return true;
  }, []);
  const done = useCallback(() => {
    running.current = false;
    setBusy(false);
  }, []);
  return { busy, start, done };
}
