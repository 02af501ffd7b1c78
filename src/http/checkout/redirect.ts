/**
 * `redirect_url` with `invoice_id` merged into its query (return_type GET). The merchant's own parameters are kept
 * byte for byte — WOO's `?wc-api=uddoktapay&uddoktapay_token=…` and WHMCS's `?id=N&action=verify` must survive — and a
 * stale `invoice_id` is replaced rather than duplicated, since PHP reads the last value and URLSearchParams the first.
 */
export function redirectWithInvoice(redirectUrl: string, invoiceId: string): string {
  const hashAt = redirectUrl.indexOf('#');
  const beforeHash = hashAt === -1 ? redirectUrl : redirectUrl.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : redirectUrl.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? '' : beforeHash.slice(queryAt + 1);
  const kept = query.split('&').filter((part) => part !== '' && safeDecode(part.split('=')[0]!) !== 'invoice_id');
  kept.push(`invoice_id=${encodeURIComponent(invoiceId)}`);
  return `${base}?${kept.join('&')}${hash}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * A URL that is safe as a Location header, or null. URLs are normalised on input (http/api/create-checkout.ts), but
 * payments created before that may hold non-ASCII or line breaks, and a Location Node refuses is a 500 for the
 * customer on every return: `new URL().href` percent-encodes the first and the parser drops the second.
 */
export function safeLocation(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
