import { type ConditionOperator, staticValues, type ValueMatcher } from './operator.js';

/**
 * Date operators (AWS "Condition operators: Date": values are "one of the W3C implementations of
 * the ISO 8601 date formats or in epoch (UNIX) time"). Both sides are turned into an instant
 * (milliseconds since the epoch) and compared as instants, so a policy written in epoch seconds
 * compares correctly against an ISO context value and the other way round.
 *
 * The grammar is the one `parse-date-value.ts` admits (AWS's lenient "legacy" date parser), so
 * every date a policy can hold is understood here:
 * - no `t` and no `-`: epoch seconds (`1700000000`, `1700000000.250`); so a bare `2020` is 2020
 *   seconds after the epoch, not the year 2020;
 * - otherwise `[-]Y[-M[-D]]` (1-10 digit year, 1-2 digit month and day) optionally followed by
 *   `T` (either case) and `[h][:m[:s[.fff]]]` (1-2 digits each) and a zone `Z`, `+hh`, `+hh:mm` or
 *   `+hhmm`. Missing parts are the start of the period; no zone means UTC.
 * Anything else, or an impossible date (`2021-02-30`, hour 24), is not a date: as a policy value it
 * never matches, as a context value it matches nothing. No policy variables (AWS: not with Date).
 */

const EPOCH = /^\+?(\d+(\.\d*)?|\.\d+)$/;
const DATE = /^(-?)(\d{1,10})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
const TIME = /^(\d{1,2})?(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?)?(z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Days from 1970-01-01 to the given proleptic Gregorian date (any year). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, m: number): number => (m === 2 && isLeap(y) ? 29 : DAYS[m - 1]!);

function zoneMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (h > 23 || m > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (h * 60 + m);
}

/** The instant `text` names, in milliseconds since the epoch, or undefined when it is not a date. */
export function parseInstant(text: string): number | undefined {
  const lower = text.toLowerCase();
  const t = lower.indexOf('t');
  if (t < 0 && !lower.includes('-')) {
    if (!EPOCH.test(lower)) return undefined;
    const seconds = Number(lower);
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  }
  const d = DATE.exec(t < 0 ? lower : lower.slice(0, t));
  const tm = TIME.exec(t < 0 ? '' : lower.slice(t + 1));
  if (!d || !tm) return undefined;
  const year = Number(d[2]) * (d[1] === '-' ? -1 : 1);
  const month = d[3] === undefined ? 1 : Number(d[3]);
  const day = d[4] === undefined ? 1 : Number(d[4]);
  const hour = tm[1] === undefined ? 0 : Number(tm[1]);
  const minute = tm[2] === undefined ? 0 : Number(tm[2]);
  const second = tm[3] === undefined ? 0 : Number(tm[3]);
  const fraction = tm[4] === undefined ? 0 : Number(`0.${tm[4]}`);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = zoneMinutes(tm[5]);
  if (zone === undefined) return undefined;
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - zone * 60;
  return (seconds + fraction) * 1000;
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
