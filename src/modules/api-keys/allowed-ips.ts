import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Allowed IPs of a key: IPv4 and IPv6 addresses and CIDR ranges. Strict on input (`1.2.3` and `10.0.0.0/33` are refused
 * rather than guessed at), normalised on the way in (lowercase compressed IPv6, host bits of a range cleared), so the
 * list reads the same in every view and duplicates are caught.
 */
export function normalizeAllowedIp(value: string): string | null {
  const [address, prefix, extra] = value.trim().split('/');
  if (extra !== undefined || !address) return null;
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;
  if (family === 0) return null;
  const max = family === 4 ? 32 : 128;
  if (prefix === undefined) return canonical(address, family);
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return null;
  const bits = Number(prefix);
  if (bits === max) return canonical(address, family);
  return `${canonical(maskAddress(address, family, bits), family)}/${bits}`;
}

function canonical(address: string, family: 4 | 6): string {
  if (family === 4) return address.split('.').map(Number).join('.');
  // The WHATWG URL parser prints IPv6 in its canonical compressed lowercase form.
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

function toBigInt(address: string, family: 4 | 6): bigint {
  if (family === 4) return address.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
  const full = canonical(address, 6);
  const [head, tail = ''] = full.includes('::') ? full.split('::') : [full, undefined as unknown as string];
  const headParts = head ? head.split(':') : [];
  const tailParts = full.includes('::') && tail ? tail.split(':') : [];
  const groups = [...headParts, ...Array(8 - headParts.length - tailParts.length).fill('0'), ...tailParts];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function maskAddress(address: string, family: 4 | 6, bits: number): string {
  const width = family === 4 ? 32 : 128;
  const value = toBigInt(canonical(address, family), family);
  const masked = bits === 0 ? 0n : (value >> BigInt(width - bits)) << BigInt(width - bits);
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((masked >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((masked >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}

const lists = new Map<string, BlockList>();

/** Whether `ip` (as Fastify computed it, honouring TRUST_PROXY) is in `allowed`; an empty list allows any address. */
export function ipAllowed(allowed: readonly string[], ip: string): boolean {
  if (allowed.length === 0) return true;
  const cacheKey = allowed.join(',');
  let list = lists.get(cacheKey);
  if (!list) {
    list = new BlockList();
    for (const entry of allowed) {
      const [address, bits] = entry.split('/');
      const family = isIPv4(address!) ? 'ipv4' : 'ipv6';
      if (bits === undefined) list.addAddress(address!, family);
      else list.addSubnet(address!, Number(bits), family);
    }
    if (lists.size > 10_000) lists.clear();
    lists.set(cacheKey, list);
  }
  // A dual-stack socket reports IPv4 clients as IPv4-mapped IPv6 (`::ffff:203.0.113.7`).
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1]! : ip;
  if (isIPv4(address)) return list.check(address, 'ipv4');
  if (isIPv6(address)) return list.check(address, 'ipv6');
  return false;
}
