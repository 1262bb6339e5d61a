/**
 * The reference evaluator's own matchers: deliberately naive (recursion, BigInt, string splitting),
 * sharing nothing with src/policy. Slow is fine; obvious is the point.
 */
import type { ContextValue } from '../../src/policy/context.js';

/** A pattern after variable substitution: literal characters and the two wildcards. */
export type Tok = { readonly lit: string } | { readonly star: true } | { readonly one: true };

const lits = (s: string): Tok[] => [...s].map((ch) => ({ lit: ch }));

/**
 * "You can use wildcard characters (* and ?) ... The asterisk (*) represents any combination of zero
 * or more characters, and the question mark (?) represents any single character." (IAM JSON policy
 * elements: Action / Resource / StringLike.) Matched here by plain recursion.
 */
export function tokMatch(p: readonly Tok[], s: string, ignoreCase: boolean, pi = 0, si = 0): boolean {
  if (pi === p.length) return si === s.length;
  const t = p[pi]!;
  if ('star' in t) {
    for (let k = si; k <= s.length; k++) if (tokMatch(p, s, ignoreCase, pi + 1, k)) return true;
    return false;
  }
  if (si === s.length) return false;
  if ('one' in t) return tokMatch(p, s, ignoreCase, pi + 1, si + 1);
  const a = ignoreCase ? t.lit.toLowerCase() : t.lit;
  const b = ignoreCase ? s[si]!.toLowerCase() : s[si]!;
  return a === b && tokMatch(p, s, ignoreCase, pi + 1, si + 1);
}

/** The characters of a pattern, with `*` and `?` as wildcards when `wildcards` is set. */
export function plainTokens(pattern: string, wildcards: boolean): Tok[] {
  return [...pattern].map((ch): Tok => {
    if (wildcards && ch === '*') return { star: true };
    if (wildcards && ch === '?') return { one: true };
    return { lit: ch };
  });
}

export const globMatch = (pattern: string, s: string, ignoreCase = false): boolean =>
  tokMatch(plainTokens(pattern, true), s, ignoreCase);

/**
 * Policy variables ("IAM policy elements: Variables and tags"): "Variables are marked using a `$`
 * prefix followed by a pair of curly braces ({ })". "Special characters": `${*}`, `${?}` and `${$}`
 * stand for a literal asterisk, question mark and dollar sign. "Specifying default values": "add a
 * comma and a space after the key ... then the default value in single quotes". Returns undefined
 * when a variable has no value ("Policy variables with no value": the value is effectively null).
 *
 * "Variables ... are supported only in Version 2012-10-17": in any other version the text is
 * literal, so the caller passes `substitute = false`.
 */
export function substitute(
  value: string,
  ctx: Readonly<Record<string, ContextValue>>,
  wildcards: boolean,
  substituteVars: boolean,
): Tok[] | undefined {
  if (!substituteVars) return plainTokens(value, wildcards);
  const out: Tok[] = [];
  let i = 0;
  while (i < value.length) {
    if (value[i] === '$' && value[i + 1] === '{') {
      const close = value.indexOf('}', i + 2);
      if (close >= 0) {
        const inner = value.slice(i + 2, close);
        const resolved = resolveVariable(inner, ctx);
        if (resolved === undefined) return undefined;
        out.push(...lits(resolved));
        i = close + 1;
        continue;
      }
    }
    out.push(...plainTokens(value[i]!, wildcards));
    i++;
  }
  return out;
}

function resolveVariable(inner: string, ctx: Readonly<Record<string, ContextValue>>): string | undefined {
  const trimmed = inner.trim();
  if (trimmed === '*' || trimmed === '?' || trimmed === '$') return trimmed;
  let key = trimmed;
  let fallback: string | undefined;
  const comma = trimmed.indexOf(',');
  if (comma >= 0) {
    key = trimmed.slice(0, comma).trim();
    const rest = trimmed.slice(comma + 1).trim();
    if (rest.length >= 2 && rest.startsWith("'") && rest.endsWith("'")) {
      fallback = rest.slice(1, -1).replaceAll("''", "'");
    }
  }
  const v = ctx[key.toLowerCase()];
  // A multivalued key cannot stand in for a single string.
  if (v && !v.multi && v.values.length === 1) return v.values[0]!;
  return fallback;
}

/**
 * ARN matching ("ArnEquals, ArnLike: Case-sensitive matching of the ARN. Each of the six
 * colon-delimited components of the ARN is checked separately and each can include multi-character
 * match wildcards (*) or single-character match wildcards (?)."). The sixth component is everything
 * after the fifth colon. A pattern that is not ARN-shaped is compared as a whole string.
 */
export function arnTokMatch(p: readonly Tok[], arn: string): boolean {
  const pFields = splitTokFields(p);
  const aFields = splitStrFields(arn);
  if (!pFields) return tokMatch(p, arn, false);
  if (!aFields) return false;
  for (let i = 0; i < 6; i++) if (!tokMatch(pFields[i]!, aFields[i]!, false)) return false;
  return true;
}

function splitTokFields(p: readonly Tok[]): Tok[][] | undefined {
  const fields: Tok[][] = [[]];
  for (const t of p) {
    if ('lit' in t && t.lit === ':' && fields.length < 6) fields.push([]);
    else fields[fields.length - 1]!.push(t);
  }
  return fields.length === 6 ? fields : undefined;
}

function splitStrFields(s: string): string[] | undefined {
  const parts = s.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** "You must specify date/time values with one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time." Epoch time is in seconds. */
export function parseDate(s: string): number | undefined {
  if (/^-?\d+$/.test(s)) return Number(s) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseNumber(s: string): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s.trim())) return undefined;
  return Number(s);
}

/** An address as [family, bits]: IPv4 is 32 bits, IPv6 128. */
function parseIp(s: string): [4 | 6, bigint] | undefined {
  if (s.includes('.') && !s.includes(':')) {
    const parts = s.split('.');
    if (parts.length !== 4) return undefined;
    let v = 0n;
    for (const p of parts) {
      if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
      v = v * 256n + BigInt(p);
    }
    return [4, v];
  }
  if (s.includes(':')) {
    const halves = s.split('::');
    if (halves.length > 2) return undefined;
    const head = halves[0] ? halves[0].split(':') : [];
    const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
    const missing = 8 - head.length - tail.length;
    if (halves.length === 1 && missing !== 0) return undefined;
    if (missing < 0) return undefined;
    const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
    let v = 0n;
    for (const g of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      v = v * 65536n + BigInt(`0x${g}`);
    }
    return [6, v];
  }
  return undefined;
}

/** "IpAddress: The specified IP address or range" in CIDR notation; a bare address is a /32 (or /128). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const addr = parseIp(ip);
  const [net, lenText] = cidr.split('/');
  const base = parseIp(net ?? '');
  if (!addr || !base || addr[0] !== base[0]) return false;
  const width = addr[0] === 4 ? 32 : 128;
  const len = lenText === undefined ? width : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > width) return false;
  const shift = BigInt(width - len);
  return addr[1] >> shift === base[1] >> shift;
}
