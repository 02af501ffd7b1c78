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

/** The 16 bytes of an IPv6 address that `isIP` accepted (groups, one `::`, an optional trailing dotted quad). */
function ipv6Bytes(address: string): number[] {
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else out.push(parseInt(g, 16));
    }
    return out;
  };
  const [head, tail] = address.split('::') as [string, string | undefined];
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return words.flatMap((w) => [w >> 8, w & 255]);
}

const v4At = (b: number[], i: number, j: number, k: number, l: number) => [b[i], b[j], b[k], b[l]].join('.');
const zeros = (b: number[], from: number, to: number) => b.slice(from, to).every((x) => x === 0);

/**
 * Every IPv4 address an IPv6 address may lead to: IPv4-compatible (`::a.b.c.d`), IPv4-mapped (`::ffff:a.b.c.d`),
 * IPv4-translated (`::ffff:0:a.b.c.d`), NAT64 well-known (`64:ff9b::/96`) and local-use (`64:ff9b:1::/48`, at the
 * positions RFC 6052 allows, since the operator's prefix length is unknown), 6to4 (`2002::/16`) and Teredo (`2001::/32`,
 * server and client). The kernel or a translator on the path would connect to that IPv4 address, so it is what is judged.
 */
function embeddedIPv4(b: number[]): string[] {
  const found: string[] = [];
  if (zeros(b, 0, 12)) found.push(v4At(b, 12, 13, 14, 15));
  if (zeros(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) found.push(v4At(b, 12, 13, 14, 15));
  if (zeros(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(b, 10, 12)) found.push(v4At(b, 12, 13, 14, 15));
  const nat64 = b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b;
  if (nat64 && zeros(b, 4, 12)) found.push(v4At(b, 12, 13, 14, 15));
  if (nat64 && b[4] === 0 && b[5] === 1) {
    // Zeros between the /48 and the last 32 bits mean the /96 form; otherwise the address is judged at every shorter position.
    if (zeros(b, 6, 12)) found.push(v4At(b, 12, 13, 14, 15));
    else found.push(v4At(b, 6, 7, 9, 10), v4At(b, 7, 9, 10, 11), v4At(b, 9, 10, 11, 12));
  }
  if (b[0] === 0x20 && b[1] === 0x02) found.push(v4At(b, 2, 3, 4, 5));
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) {
    found.push(v4At(b, 4, 5, 6, 7), [b[12]!, b[13]!, b[14]!, b[15]!].map((x) => x ^ 0xff).join('.'));
  }
  return found;
}

const severity: Record<AddressClass, number> = { public: 0, private: 1, forbidden: 2 };
const worst = (classes: AddressClass[]): AddressClass => classes.reduce((a, c) => (severity[c] > severity[a] ? c : a), 'public');

function classifyIPv4(address: string): AddressClass {
  if (forbiddenV4.check(address, 'ipv4')) return 'forbidden';
  return privateV4.check(address, 'ipv4') ? 'private' : 'public';
}

/** An IPv6 address is judged by itself and by every IPv4 address it embeds; the strictest answer wins. */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'forbidden';
  if (family === 4) return classifyIPv4(bare);
  const bytes = ipv6Bytes(bare);
  const own: AddressClass = forbiddenV6.check(bare, 'ipv6') ? 'forbidden' : privateV6.check(bare, 'ipv6') ? 'private' : 'public';
  // `::` and `::1` are themselves, not the IPv4-compatible forms of 0.0.0.0 and 0.0.0.1.
  if (zeros(bytes, 0, 15) && bytes[15]! <= 1) return own;
  return worst([own, ...embeddedIPv4(bytes).map(classifyIPv4)]);
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
      if (addresses.length === 0)
        return callback(Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }), options.all ? [] : '', undefined);
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      return callback(null, first.address, first.family);
    });
  };
}
