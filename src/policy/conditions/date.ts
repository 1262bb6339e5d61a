import { type ConditionOperator, staticValues, type ValueMatcher } from './operator.js';

/**
 * Date operators (AWS "Condition operators: Date": values are "one of the W3C implementations of
 * the ISO 8601 date formats or in epoch (UNIX) time"). Both sides are turned into an instant
 * (milliseconds since the epoch) and compared as instants, so a policy written in epoch seconds
 * compares correctly against an ISO context value and the other way round.
 *
 * Accepted forms:
 * - epoch seconds: `1700000000`, `-5`, `1700000000.250` (all digits means epoch seconds, so a bare
 *   year like `2020` is read as 2020 seconds after the epoch, not as the year 2020);
 * - W3C extended: `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mm`, `...:ss`, `...:ss.fff` with
 *   `Z`, `+hh:mm`, `+hhmm` or `+hh`; `t`/`z` in either case; a space in place of `T`;
 * - ISO basic with a time: `20130930T231548Z`, `20130930T2315Z`.
 * A date without a time is midnight UTC; a time without a zone is UTC.
 * Anything else (or an impossible date such as `2021-02-30`) is not a date: as a policy value it
 * never matches, as a context value it matches nothing. No policy variables (AWS: not with Date).
 */

const EXTENDED =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const BASIC = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function offsetMinutes(tz: string | undefined): number | undefined {
  if (tz === undefined || tz === 'Z' || tz === 'z') return 0;
  const sign = tz[0] === '-' ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (h > 23 || m > 59) return undefined;
  return sign * (h * 60 + m);
}

/** The instant `text` names, in milliseconds since the epoch, or undefined when it is not a date. */
export function parseInstant(text: string): number | undefined {
  if (EPOCH.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  }
  const m = EXTENDED.exec(text) ?? BASIC.exec(text);
  if (!m) return undefined;
  // A zone without a time (`2020-01-01Z`) is tolerated; the zone still shifts midnight.
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(base);
  // Date.UTC maps years 0-99 to 1900-1999; set the full year explicitly.
  check.setUTCFullYear(year);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const offset = offsetMinutes(m[8]);
  if (offset === undefined) return undefined;
  return check.getTime() + fraction * 1000 - offset * 60_000;
}

type Relation = (contextMs: number, policyMs: number) => boolean;

function date(relation: Relation, negated: boolean): ConditionOperator {
  return {
    negated,
    compile: staticValues((values) => {
      const policy = values.map(parseInstant).filter((d): d is number => d !== undefined);
      if (policy.length === 0) return () => false;
      const test: ValueMatcher = (v) => {
        const t = parseInstant(v);
        if (t === undefined) return false;
        for (const p of policy) if (relation(t, p)) return true;
        return false;
      };
      return test;
    }),
  };
}

export const DateEquals = date((c, p) => c === p, false);
export const DateNotEquals = date((c, p) => c === p, true);
export const DateLessThan = date((c, p) => c < p, false);
export const DateLessThanEquals = date((c, p) => c <= p, false);
export const DateGreaterThan = date((c, p) => c > p, false);
export const DateGreaterThanEquals = date((c, p) => c >= p, false);
