import { isIP } from 'node:net';
import { type ContextKeyType, type ContextValue, isListType } from '../../policy/index.js';

/** AWS's ContextKeyType names, in the order the CLI's help lists them. */
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

/** A ContextKeyType by name, compared without regard to case. */
export const contextKeyType = (text: string): ContextKeyType | undefined =>
  CONTEXT_KEY_TYPES.find((t) => t.toLowerCase() === text.toLowerCase());

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

export type CheckedValue = { readonly value: string } | { readonly error: string };

const CHECKS: Record<Scalar, (v: string) => CheckedValue> = {
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

/** Checks one value against its type; returns it as the engine wants it, or why it is wrong. */
export const checkContextValue = (type: ContextKeyType, value: string): CheckedValue =>
  CHECKS[type.replace(/List$/, '') as Scalar](value);

/**
 * A key's values as the engine holds them. Several values make the key multi-valued (its type
 * becomes the List form); a List type makes even one value multi-valued.
 */
export function contextValue(declared: ContextKeyType, values: readonly string[]): ContextValue {
  const type = values.length > 1 && !isListType(declared) ? (`${declared}List` as ContextKeyType) : declared;
  return { type, multi: isListType(type), values };
}
