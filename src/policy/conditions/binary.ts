import { type ConditionOperator, staticValues } from './operator.js';

/**
 * BinaryEquals (AWS "Condition operators: Binary": compares "byte for byte against a base-64
 * encoded representation of the binary value in the policy"). Both sides are decoded from
 * standard base64 (padding optional) and the bytes compared, so `QQ==` equals `QQ`. Text that is
 * not base64 never matches. No policy variables.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** The decoded bytes as hex, or undefined when `s` is not base64. */
export function decodeBase64(s: string): string | undefined {
  if (!BASE64.test(s)) return undefined;
  return Buffer.from(s, 'base64').toString('hex');
}

export const BinaryEquals: ConditionOperator = {
  negated: false,
  compile: staticValues((values) => {
    const wanted = new Set(values.map(decodeBase64).filter((b) => b !== undefined));
    return (v) => {
      const b = decodeBase64(v);
      return b !== undefined && wanted.has(b);
    };
  }),
};
