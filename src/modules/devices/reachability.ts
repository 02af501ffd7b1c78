import { BlockList, isIP } from 'node:net';

/**
 * Whether a phone can reach the webhook URL Duar gives it. Duar cannot see the phone, but it can see the three ways a
 * default install goes wrong: its own address (127.0.0.1, localhost), a private network address a phone on mobile data
 * never reaches, and plain http, which carries the device key in clear text. Each says what to set (PUBLIC_URL).
 */
export type UrlWarningKind = 'loopback' | 'private' | 'plain_http';
export type UrlWarning = { kind: UrlWarningKind; message: string };

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

const privateRanges = new BlockList();
for (const [net, bits] of [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['169.254.0.0', 16],
  ['100.64.0.0', 10],
  ['0.0.0.0', 8],
] as const)
  privateRanges.addSubnet(net, bits, 'ipv4');
privateRanges.addSubnet('fc00::', 7, 'ipv6');
privateRanges.addSubnet('fe80::', 10, 'ipv6');
privateRanges.addAddress('::', 'ipv6');

const WHAT_TO_SET =
  'Set PUBLIC_URL to the https address phones and customers reach Duar at — a public host such as https://pay.example.com, or a tunnel (Cloudflare Tunnel, ngrok) — and restart Duar.';

/** The warning for a webhook URL a phone may not reach, or null when it looks reachable (public host over https). */
export function phoneReachability(url: string): UrlWarning | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const family = isIP(host);
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (host === 'localhost' || host.endsWith('.localhost') || (family !== 0 && loopback.check(host, type))) {
    return { kind: 'loopback', message: `No phone can reach ${parsed.origin}: it is this computer's own address. ${WHAT_TO_SET}` };
  }
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.lan') || (family !== 0 && privateRanges.check(host, type))) {
    return {
      kind: 'private',
      message: `${parsed.origin} is a private network address: a phone reaches it only on the same Wi-Fi, never over mobile data. ${WHAT_TO_SET}`,
    };
  }
  if (parsed.protocol === 'http:') {
    return {
      kind: 'plain_http',
      message: `${parsed.origin} is plain http: the device key would travel unencrypted, and some phones refuse to send to it. ${WHAT_TO_SET}`,
    };
  }
  return null;
}
