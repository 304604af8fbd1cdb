/**
 * Trino's IPADDRESS (docs/src/main/sphinx/language/types.md "IPADDRESS"): an IPv6 address, IPv4 addresses held in
 * the IPv4-mapped range (::ffff:a.b.c.d). The local engine holds one as the 128-bit unsigned number of its 16 bytes
 * (DuckDB's UHUGEINT), which orders as Trino orders IPADDRESS values (its bytes, unsigned). Written back as Trino
 * writes it: an IPv4-mapped address as IPv4, any other as RFC 5952's canonical IPv6 text.
 *
 * Plain TypeScript without Node APIs: the results grid's webview bundles it (through render.ts).
 */

const V4_MAPPED = 0xffffn << 32n;

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    // Guava's InetAddresses: decimal, 1 to 3 digits, no leading zero
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

/** The address as a 128-bit number, or undefined when the text is not an IPv4 or IPv6 address. */
export function parseIpAddress(text: string): bigint | undefined {
  const s = text.trim();
  if (!s.includes(':')) {
    const v4 = parseV4(s);
    return v4 === undefined ? undefined : V4_MAPPED | v4;
  }
  // an IPv6 address, its last 32 bits possibly written as IPv4
  let head = s;
  let tail: bigint[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    const prefix = s.slice(0, lastColon + 1);
    head = prefix.endsWith('::') ? prefix : prefix.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): bigint[] | undefined => {
    if (part === '') return [];
    const out: bigint[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(`0x${g}`));
    }
    return out;
  };
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  if (!left || !right) return undefined;
  const given = left.length + right.length + tail.length;
  let all: bigint[];
  if (halves.length === 2) {
    if (given > 7) return undefined;
    all = [...left, ...Array.from({ length: 8 - given }, () => 0n), ...right, ...tail];
  } else {
    if (given !== 8) return undefined;
    all = [...left, ...tail];
  }
  return all.reduce((n, g) => (n << 16n) | g, 0n);
}

/** Whether the address is in the IPv4-mapped range (Trino writes and compares it as IPv4). */
export function isIpv4Mapped(n: bigint): boolean {
  return n >> 32n === 0xffffn;
}

/** Trino's text of an address: IPv4 for a mapped one, else RFC 5952 (lower case, the longest run of zeros as ::). */
export function ipAddressText(n: bigint): string {
  if (isIpv4Mapped(n)) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (n >> BigInt(16 * (7 - i))) & 0xffffn);
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0n) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

export interface Cidr {
  /** the network's address: 32 bits for IPv4, 128 for IPv6 */
  base: bigint;
  ipv4: boolean;
  prefix: number;
}

/**
 * A network of `contains(network, address)` (Trino's IpAddressFunctions.contains), or the error Trino raises for it.
 */
export function parseCidr(text: string): Cidr | { error: string } {
  const slash = text.indexOf('/');
  if (slash < 0) return { error: 'Invalid CIDR' };
  const address = parseIpAddress(text.slice(0, slash));
  if (address === undefined) return { error: 'Invalid network IP address' };
  const ipv4 = !text.slice(0, slash).includes(':') || isIpv4Mapped(address);
  const prefixText = text.slice(slash + 1);
  if (!/^[+-]?\d+$/.test(prefixText)) return { error: `For input string: "${prefixText}"` };
  const prefix = Number(prefixText);
  if (prefix < 0) return { error: 'Invalid prefix length' };
  if (prefix > (ipv4 ? 32 : 128)) return { error: 'Prefix length exceeds address length' };
  const base = ipv4 ? address & 0xffffffffn : address;
  if (ipv4 && prefix < 32 && (base & ((1n << BigInt(32 - prefix)) - 1n)) !== 0n) return { error: 'Invalid CIDR' };
  return { base, ipv4, prefix };
}
