/**
 * The dashboard's only door to the server: same-origin fetch to /admin/api with the session cookie, the CSRF token
 * on every state-changing request, and error bodies turned into ApiError with the server's own message.
 * The CSRF token lives in this module's memory only (never storage): a reload fetches it again from GET /session.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onSignedOut: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request answers 401 not_signed_in (the session expired or was ended elsewhere). */
export function onSessionEnded(handler: (() => void) | null): void {
  onSignedOut = handler;
}

const signedInAgain = new Set<() => void>();

/**
 * Runs `handler` each time the merchant signs in again after the session ended over an open page, so what failed
 * meanwhile ("not signed in" on a save, a list that could not load) is cleared or loaded again. Answers the unsubscribe.
 */
export function onSignedInAgain(handler: () => void): () => void {
  signedInAgain.add(handler);
  return () => signedInAgain.delete(handler);
}

/** Called by the session once a sign-in replaces a session that ended while the page was open. */
export function announceSignedInAgain(): void {
  for (const handler of [...signedInAgain]) handler();
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/admin/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Duar could not be reached. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const b = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
    const message = typeof b.message === 'string' ? b.message : `The server answered ${res.status} ${res.statusText || ''}`.trim();
    const err = new ApiError(res.status, typeof b.code === 'string' ? b.code : 'http_error', message, typeof b.field === 'string' ? b.field : undefined, b);
    if (res.status === 401 && err.code === 'not_signed_in') onSignedOut?.();
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: (path: string) => request<void>('DELETE', path),
};

/** A message for any thrown value: the server's words for ApiError, a generic sentence otherwise (never a stack). */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong in the dashboard. Reload the page and try again.';
}

/**
 * Field errors from a validation answer, every invalid field at once: `{ name: "Enter a name", abilities: "…" }`.
 * Read from `errors: [{field, message}]`; an answer with only the single `field`/`message` gives that one.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const list = err.body?.errors;
  const out: Record<string, string> = {};
  if (Array.isArray(list)) {
    for (const e of list as { field?: unknown; message?: unknown }[]) {
      // The first message for a field is the one shown beside it.
      if (typeof e?.field === 'string' && typeof e.message === 'string' && !(e.field in out)) out[e.field] = e.message;
    }
  }
  if (Object.keys(out).length === 0 && err.field) out[err.field] = err.message;
  return out;
}

export const enc = encodeURIComponent;
