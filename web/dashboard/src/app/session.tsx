import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { announceSignedInAgain, api, ApiError, onSessionEnded, request, setCsrfToken } from '../api/client.js';
import type { Admin, SessionInfo, SessionStatus } from '../api/types.js';

type State =
  | { status: 'loading' }
  | { status: 'signed-out'; setupRequired: boolean; ended: boolean; error?: string }
  // `ended`: the session ended while a page was open; the page stays (with whatever a form holds) under a sign-in dialog.
  /** installationOwner: the installation's first administrator, who alone creates brands. */
  | { status: 'signed-in'; admin: Admin; expiresAt: number; installationOwner: boolean; ended?: boolean };

type SessionApi = {
  state: State;
  /** With two-factor on, the server answers `two_factor_required` until `code` is given. */
  signIn: (email: string, password: string, code?: string) => Promise<void>;
  setup: (token: string, email: string, password: string, shopName: string) => Promise<void>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
};

const SessionContext = createContext<SessionApi | null>(null);

/** Who is signed in. The session cookie is HttpOnly; the CSRF token is held in memory by the API client. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const signedIn = useRef(false);
  // The session ended over an open page: the next sign-in tells the page, which clears and reloads what failed meanwhile.
  const ended = useRef(false);

  const accept = useCallback((info: SessionInfo) => {
    setCsrfToken(info.csrf_token);
    signedIn.current = true;
    setState({ status: 'signed-in', admin: info.admin, expiresAt: Date.parse(info.expires_at), installationOwner: info.installation_owner });
    if (ended.current) {
      ended.current = false;
      announceSignedInAgain();
    }
  }, []);

  // GET /session/status answers 200 when signed out too, so a first visit logs no failed request in the console.
  const refresh = useCallback(async () => {
    try {
      const status = await request<SessionStatus>('GET', '/session/status');
      if (status.signed_in) return accept(status);
      setCsrfToken(null);
      signedIn.current = false;
      setState({ status: 'signed-out', setupRequired: status.setup_required, ended: false });
    } catch (err) {
      setCsrfToken(null);
      signedIn.current = false;
      setState({ status: 'signed-out', setupRequired: false, ended: false, error: err instanceof ApiError ? err.message : 'Duar could not be reached.' });
    }
  }, [accept]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Any request that finds the session gone (expired, signed out in another tab) asks the merchant to sign in again over
  // the page as it is, so a form being filled in keeps what was typed (in memory only) and can be saved afterwards.
  useEffect(() => {
    onSessionEnded(() => {
      if (!signedIn.current) return;
      signedIn.current = false;
      ended.current = true;
      setCsrfToken(null);
      setState((s) => (s.status === 'signed-in' ? { ...s, ended: true } : { status: 'signed-out', setupRequired: false, ended: true }));
    });
    return () => onSessionEnded(null);
  }, []);

  // When the session's time is up, ask the server (which also answers for sign-outs elsewhere).
  const expiresAt = state.status === 'signed-in' && !state.ended ? state.expiresAt : null;
  useEffect(() => {
    if (expiresAt === null) return;
    const ms = Math.min(Math.max(expiresAt - Date.now() + 1000, 1000), 2 ** 31 - 1);
    const timer = setTimeout(() => void api.get('/session').catch(() => undefined), ms);
    return () => clearTimeout(timer);
  }, [expiresAt]);

  const value = useMemo<SessionApi>(
    () => ({
      state,
      refresh,
      signIn: async (email, password, code) => accept(await api.post<SessionInfo>('/session', { email, password, ...(code ? { code } : {}) })),
      setup: async (token, email, password, shopName) =>
        accept(await api.post<SessionInfo>('/setup', { token, email, password, ...(shopName.trim() === '' ? {} : { shop_name: shopName }) })),
      signOut: async () => {
        try {
          await api.del('/session');
        } finally {
          signedIn.current = false;
          setCsrfToken(null);
          setState({ status: 'signed-out', setupRequired: false, ended: false });
        }
      },
    }),
    [state, refresh, accept],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
