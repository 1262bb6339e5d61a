import { type ConditionOperator, staticValues, type ValueMatcher } from './operator.js';

/**
 * Numeric operators (AWS "Condition operators: Numeric": "integer or decimal value"). A number is
 * an optional sign, digits and an optional fraction (`10`, `-3`, `+2.50`, `.5`, `7.`). Exponents,
 * hex, whitespace, `NaN` and `Infinity` are not numbers. A policy value that is not a number can
 * never match (its comparison is false); a context value that is not a number matches nothing.
 * Comparison is exact on the decimal digits, so integers beyond 2^53 and long fractions compare
 * correctly. Policy variables are not substituted here (AWS: "You can not use a policy variable
 * with the Numeric condition operator"), so `${...}` is simply not a number.
 */

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** A decimal as sign and digit strings without leading/trailing zeros. */
export interface Decimal {
  readonly sign: 1 | -1 | 0;
  readonly int: string;
  readonly frac: string;
}

export function parseDecimal(text: string): Decimal | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const intRaw = m[2] ?? '';
  const fracRaw = m[3] ?? '';
  if (intRaw === '' && fracRaw === '') return undefined;
  const int = intRaw.replace(/^0+/, '');
  const frac = fracRaw.replace(/0+$/, '');
  if (int === '' && frac === '') return { sign: 0, int: '', frac: '' };
  return { sign: m[1] === '-' ? -1 : 1, int, frac };
}

const cmpDigits = (a: string, b: string): number => (a === b ? 0 : a < b ? -1 : 1);

function cmpMagnitude(a: Decimal, b: Decimal): number {
  if (a.int.length !== b.int.length) return a.int.length < b.int.length ? -1 : 1;
  const c = cmpDigits(a.int, b.int);
  if (c !== 0) return c;
  const len = Math.max(a.frac.length, b.frac.length);
  return cmpDigits(a.frac.padEnd(len, '0'), b.frac.padEnd(len, '0'));
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.sign !== b.sign) return a.sign < b.sign ? -1 : 1;
  if (a.sign === 0) return 0;
  const m = cmpMagnitude(a, b);
  return a.sign === 1 ? m : -m;
}

type Relation = (cmp: number) => boolean;

function numeric(relation: Relation, negated: boolean): ConditionOperator {
  return {
    negated,
    compile: staticValues((values) => {
      const policy = values.map(parseDecimal).filter((d): d is Decimal => d !== undefined);
      if (policy.length === 0) return () => false;
      const test: ValueMatcher = (v) => {
        const d = parseDecimal(v);
        if (d === undefined) return false;
        for (const p of policy) if (relation(compareDecimal(d, p))) return true;
        return false;
      };
      return test;
    }),
  };
}

export const NumericEquals = numeric((c) => c === 0, false);
export const NumericNotEquals = numeric((c) => c === 0, true);
export const NumericLessThan = numeric((c) => c < 0, false);
export const NumericLessThanEquals = numeric((c) => c <= 0, false);
export const NumericGreaterThan = numeric((c) => c > 0, false);
export const NumericGreaterThanEquals = numeric((c) => c >= 0, false);
