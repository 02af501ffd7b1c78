import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';

/**
 * SSRF guard for outgoing IPN requests. A merchant (or anyone who can create a checkout) chooses the webhook_url, so
 * Duar must not become a proxy into the host's own network: link-local and cloud metadata addresses are refused always,
 * loopback and private ranges unless the installation allows them (DUAR_WEBHOOK_ALLOW_PRIVATE, for tests and
 * single-host installs). The check runs on every address DNS returns, inside the socket's own `lookup`, so the address
 * that is checked is the address that is connected to (no DNS-rebinding window between check and connect).
 */
export type AddressClass = 'public' | 'private' | 'forbidden';

const forbiddenV4 = new BlockList();
forbiddenV4.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network", incl. the unspecified 0.0.0.0
forbiddenV4.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, incl. 169.254.169.254 (AWS, GCP, Azure, OCI metadata)
forbiddenV4.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
forbiddenV4.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, incl. the broadcast 255.255.255.255
forbiddenV4.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
forbiddenV4.addAddress('168.63.129.16', 'ipv4'); // Azure host (wireserver) endpoint
forbiddenV4.addAddress('192.0.0.192', 'ipv4'); // Oracle Cloud legacy metadata

const privateV4 = new BlockList();
privateV4.addSubnet('127.0.0.0', 8, 'ipv4'); // loopback
privateV4.addSubnet('10.0.0.0', 8, 'ipv4');
privateV4.addSubnet('172.16.0.0', 12, 'ipv4');
privateV4.addSubnet('192.168.0.0', 16, 'ipv4');
privateV4.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT
privateV4.addSubnet('192.0.0.0', 24, 'ipv4'); // IETF protocol assignments
privateV4.addSubnet('198.18.0.0', 15, 'ipv4'); // benchmarking

const forbiddenV6 = new BlockList();
forbiddenV6.addAddress('::', 'ipv6'); // unspecified
forbiddenV6.addSubnet('fe80::', 10, 'ipv6'); // link-local
forbiddenV6.addSubnet('ff00::', 8, 'ipv6'); // multicast
forbiddenV6.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6

const privateV6 = new BlockList();
privateV6.addAddress('::1', 'ipv6'); // loopback
privateV6.addSubnet('fc00::', 7, 'ipv6'); // unique local
privateV6.addSubnet('fec0::', 10, 'ipv6'); // deprecated site-local

/** IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64) are judged by that IPv4 address. */
function embeddedIPv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return null;
}

export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'forbidden';
  if (family === 6) {
    const v4 = embeddedIPv4(bare);
    if (v4 && bare !== '::' && bare !== '::1') return classifyAddress(v4);
    if (forbiddenV6.check(bare, 'ipv6')) return 'forbidden';
    return privateV6.check(bare, 'ipv6') ? 'private' : 'public';
  }
  if (forbiddenV4.check(bare, 'ipv4')) return 'forbidden';
  return privateV4.check(bare, 'ipv4') ? 'private' : 'public';
}

/** Why an address may not be connected to (a phrase such as "127.0.0.1 is a loopback or private address"), or null. */
export function refusalReason(address: string, allowPrivate: boolean): string | null {
  const kind = classifyAddress(address);
  if (kind === 'forbidden') return `${address} is a link-local, cloud metadata, unspecified, multicast or broadcast address`;
  if (kind === 'private' && !allowPrivate) return `${address} is a loopback or private address (allowed only with DUAR_WEBHOOK_ALLOW_PRIVATE=true)`;
  return null;
}

/** Thrown (and recorded on the attempt) when the target address is refused; such a delivery is not retried. */
export class AddressRefusedError extends Error {
  readonly refused = true;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A drop-in `lookup` for node:http(s) `request` / `net.connect`: resolves as usual, then refuses the connection if any
 * resolved address is not allowed (one bad answer is enough to refuse: a rebinding resolver may hand out both).
 */
export function guardedLookup(allowPrivate: boolean) {
  return function lookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '', undefined);
      for (const a of addresses) {
        const reason = refusalReason(a.address, allowPrivate);
        if (reason) return callback(new AddressRefusedError(`refused: ${hostname} resolves to ${reason}`), options.all ? [] : '', undefined);
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }), options.all ? [] : '', undefined);
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      return callback(null, first.address, first.family);
    });
  };
}
