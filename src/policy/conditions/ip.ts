import { type ConditionOperator, staticValues, type ValueMatcher } from './operator.js';

/**
 * IpAddress / NotIpAddress (AWS "Condition operators: IP address"): values are "standard CIDR
 * format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64)"; "If you specify an IP address
 * without the associated routing prefix, IAM uses the default prefix value of /32" (and /128 for
 * IPv6). Addresses are compared as integers under the prefix mask, so `0.0.0.0/0` matches every
 * IPv4 address and `::/0` every IPv6 address. Host bits set in a range (`10.1.2.3/8`) are ignored.
 * An IPv4 address never matches an IPv6 range and the other way round, except that an IPv4-mapped
 * IPv6 address (`::ffff:10.0.0.1`) is taken as the IPv4 address it maps, on both sides (a mapped
 * range needs a prefix of at least 96). Unparsable policy values never match; an unparsable context
 * value matches nothing. No policy variables.
 */

export interface IpNet {
  readonly v6: boolean;
  readonly addr: bigint;
  readonly prefix: number;
}

const V4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!V4_PART.test(p)) return undefined;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseGroups(s: string): bigint[] | undefined {
  if (s === '') return [];
  const out: bigint[] = [];
  const parts = s.split(':');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (i === parts.length - 1 && p.includes('.')) {
      const v4 = parseV4(p);
      if (v4 === undefined) return undefined;
      out.push(v4 >> 16n, v4 & 0xffffn);
    } else if (HEX_GROUP.test(p)) {
      out.push(BigInt(`0x${p}`));
    } else {
      return undefined;
    }
  }
  return out;
}

function parseV6(s: string): bigint | undefined {
  const dbl = s.indexOf('::');
  let groups: bigint[];
  if (dbl >= 0) {
    if (s.indexOf('::', dbl + 1) >= 0) return undefined;
    const head = parseGroups(s.slice(0, dbl));
    const tail = parseGroups(s.slice(dbl + 2));
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<bigint>(8 - head.length - tail.length).fill(0n), ...tail];
  } else {
    const all = parseGroups(s);
    if (all?.length !== 8) return undefined;
    groups = all;
  }
  let n = 0n;
  for (const g of groups) n = (n << 16n) | g;
  return n;
}

const isMapped = (a: bigint): boolean => a >> 32n === 0xffffn;

const mask = (bits: number, prefix: number): bigint =>
  prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);

/** Parses an address or CIDR range; a bare address is a /32 or /128. */
export function parseCidr(text: string): IpNet | undefined {
  const slash = text.indexOf('/');
  const host = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  if (host.includes(':')) {
    const addr = parseV6(host);
    if (addr === undefined) return undefined;
    const prefix = prefixText === undefined ? 128 : Number(prefixText);
    if (prefix > 128) return undefined;
    if (isMapped(addr) && prefix >= 96) {
      const p4 = prefix - 96;
      return { v6: false, addr: addr & 0xffffffffn & mask(32, p4), prefix: p4 };
    }
    return { v6: true, addr: addr & mask(128, prefix), prefix };
  }
  const addr = parseV4(host);
  if (addr === undefined) return undefined;
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  if (prefix > 32) return undefined;
  return { v6: false, addr: addr & mask(32, prefix), prefix };
}

/** Parses a single address (no prefix); IPv4-mapped IPv6 becomes IPv4. */
export function parseAddress(text: string): { v6: boolean; addr: bigint } | undefined {
  if (text.includes('/')) return undefined;
  const n = parseCidr(text);
  return n && { v6: n.v6, addr: n.addr };
}

export function cidrContains(net: IpNet, addr: { v6: boolean; addr: bigint }): boolean {
  if (net.v6 !== addr.v6) return false;
  return (addr.addr & mask(net.v6 ? 128 : 32, net.prefix)) === net.addr;
}

/**
 * A dotted-quad IPv4 address as an unsigned 32-bit number, or -1 when `s` is anything else
 * (then the general BigInt path decides). Same grammar as parseV4: four decimal parts 0-255,
 * no leading zeros.
 */
function fastV4(s: string): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1;
      part = part * 10 + (c - 48);
      digits++;
      if (part > 255) return -1;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return n * 256 + part;
}

const mask32 = (prefix: number): number => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);

function compileIp(values: readonly string[]): ValueMatcher {
  const nets = values.map(parseCidr).filter((n): n is IpNet => n !== undefined);
  if (nets.length === 0) return () => false;
  // The request path: IPv4 context values against IPv4 ranges in plain integer arithmetic.
  const v4 = nets.filter((n) => !n.v6).map((n) => ({ net: Number(n.addr), mask: mask32(n.prefix) }));
  return (v) => {
    const fast = fastV4(v);
    if (fast >= 0) {
      for (const n of v4) if ((fast & n.mask) >>> 0 === n.net) return true;
      return false;
    }
    const a = parseAddress(v);
    if (!a) return false;
    for (const n of nets) if (cidrContains(n, a)) return true;
    return false;
  };
}

export const IpAddress: ConditionOperator = { negated: false, compile: staticValues(compileIp) };
export const NotIpAddress: ConditionOperator = { negated: true, compile: staticValues(compileIp) };
