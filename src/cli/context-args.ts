import { isIP } from 'node:net';
import { type ContextKeyType, type ContextValue, isListType } from '../policy/index.js';
import { InputError, UsageError } from './cli-error.js';

export const CONTEXT_KEY_TYPES: readonly ContextKeyType[] = [
  'string',
  'stringList',
  'numeric',
  'numericList',
  'boolean',
  'booleanList',
  'date',
  'dateList',
  'ip',
  'ipList',
  'binary',
  'binaryList',
];

type Scalar = 'string' | 'numeric' | 'boolean' | 'date' | 'ip' | 'binary';

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const EPOCH = /^\d+(\.\d+)?$/;
/** W3C's ISO 8601 profile: YYYY, YYYY-MM, YYYY-MM-DD, then optionally Thh:mm[:ss[.s+]] and a zone. */
const ISO_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?)?)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00'] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const dayExists = date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d);
  return dayExists && Number(h) < 24 && Number(mi) < 60 && Number(s) < 60;
}

function isIpOrCidr(text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return false;
  if (slash < 0) return true;
  const prefix = text.slice(slash + 1);
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Checks one value against its type; returns it as the engine wants it, or why it is wrong. */
const CHECKS: Record<Scalar, (v: string) => { value: string } | { error: string }> = {
  string: (v) => ({ value: v }),
  numeric: (v) => (NUMERIC.test(v) ? { value: v } : { error: 'is not a number (e.g. 42, -3.5)' }),
  boolean: (v) =>
    /^(true|false)$/i.test(v) ? { value: v.toLowerCase() } : { error: 'is not a boolean (true or false)' },
  date: (v) =>
    EPOCH.test(v) || isIsoDate(v)
      ? { value: v }
      : { error: 'is not a date (ISO 8601 such as 2024-05-01T12:00:00Z, or epoch seconds)' },
  ip: (v) =>
    isIpOrCidr(v)
      ? { value: v }
      : { error: 'is not an IP address or CIDR (e.g. 203.0.113.7, 10.0.0.0/8, ::1)' },
  binary: (v) => (BASE64.test(v) ? { value: v } : { error: 'is not base64' }),
};

const scalarOf = (type: ContextKeyType): Scalar => type.replace(/List$/, '') as Scalar;
const listOf = (type: ContextKeyType): ContextKeyType =>
  isListType(type) ? type : (`${type}List` as ContextKeyType);

function splitPair(option: string, text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0)
    throw new UsageError(`${option} ${text}: expected KEY=${option === '--context' ? 'VALUE' : 'TYPE'}`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/**
 * `--context KEY=VALUE` (repeatable; the same key again adds a value) and `--context-type
 * KEY=TYPE` (default string) -> context keys by their written name. Key names are compared without
 * regard to case, as AWS does. A key given more than once is multi-valued: its type becomes the
 * List form (`string` -> `stringList`); a List type makes even one value multi-valued.
 */
export function parseContextArgs(
  pairs: readonly string[],
  typePairs: readonly string[],
): Map<string, ContextValue> {
  // Every bad value is reported, not just the first: one run shows all that needs fixing.
  const problems: string[] = [];
  const types = new Map<string, { name: string; type: ContextKeyType }>();
  for (const text of typePairs) {
    const [name, typeText] = splitPair('--context-type', text);
    const type = CONTEXT_KEY_TYPES.find((t) => t.toLowerCase() === typeText.toLowerCase());
    const earlier = types.get(name.toLowerCase());
    if (!type) {
      problems.push(`--context-type ${text}: "${typeText}" is not one of ${CONTEXT_KEY_TYPES.join(', ')}`);
    } else if (earlier && earlier.type !== type) {
      problems.push(`--context-type gives ${name} two types: ${earlier.type} and ${type}`);
    } else {
      types.set(name.toLowerCase(), { name, type });
    }
  }

  const values = new Map<string, { name: string; values: string[] }>();
  for (const text of pairs) {
    const [name, value] = splitPair('--context', text);
    const type = types.get(name.toLowerCase())?.type ?? 'string';
    const checked = CHECKS[scalarOf(type)](value);
    if ('error' in checked) {
      problems.push(`--context ${text}: "${value}" ${checked.error} (${name} is ${type})`);
      continue;
    }
    const entry = values.get(name.toLowerCase());
    if (entry) entry.values.push(checked.value);
    else values.set(name.toLowerCase(), { name, values: [checked.value] });
  }

  for (const [lower, { name }] of types) {
    const named = pairs.some((p) => p.slice(0, p.indexOf('=')).toLowerCase() === lower);
    if (!named) problems.push(`--context-type names ${name}, but no --context gives it a value`);
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'), problems);

  const keys = new Map<string, ContextValue>();
  for (const [lower, { name, values: list }] of values) {
    const declared = types.get(lower)?.type ?? 'string';
    const type = list.length > 1 ? listOf(declared) : declared;
    keys.set(name, { type, multi: isListType(type), values: list });
  }
  return keys;
}
