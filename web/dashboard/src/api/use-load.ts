import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, onSignedInAgain } from './client.js';

export type Loaded<T> = { data: T | null; error: string | null; loading: boolean; reload: () => Promise<void> };

/**
 * Loads data for one component and forgets it when the component unmounts: no cache outlives the page,
 * so nothing the server sent lingers after the screen that asked for it is gone. A load that failed (e.g. while the
 * session had ended) runs again once the merchant signs in again.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const live = useRef(true);
  const seq = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const value = await load();
      if (live.current && mine === seq.current) {
        setData(value);
        setError(null);
      }
    } catch (err) {
      if (live.current && mine === seq.current) setError(errorMessage(err));
    } finally {
      if (live.current && mine === seq.current) setLoading(false);
    }
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on, as for useEffect.
  }, deps);

  useEffect(() => {
    live.current = true;
    void reload();
    return () => {
      live.current = false;
    };
  }, [reload]);

  const failed = error !== null;
  useEffect(() => (failed ? onSignedInAgain(() => void reload()) : undefined), [failed, reload]);

  return { data, error, loading, reload };
}
