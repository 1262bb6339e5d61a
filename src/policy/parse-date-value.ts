/**
 * AWS's "legacy" parser rejects Date condition values it cannot read as a date, with "The policy
 * failed legacy parsing". What it accepts is looser than ISO 8601 (observed, moto's conformance
 * corpus): `01T`, `2016-12-13t2:00:00.593194+23` and `-292275054` pass; `sdfdsf`, `234-13`, a
 * one-digit zone `+1`, ten fraction digits, or an epoch past 2^63-1 fail. A value with no `t` and
 * no `-` is an epoch-seconds integer. Values holding a policy variable are left to run time.
 */

const YEAR_MIN = -292275054;
const YEAR_MAX = 292278993;
const EPOCH_MAX = 9223372036854775807n;

const TIME = /^(\d{1,2})?(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?(z|[+-]\d{2}(?::\d{2})?)?$/;

const inRange = (s: string | undefined, min: number, max: number): boolean =>
  s === undefined || (/^\d+$/.test(s) && Number(s) >= min && Number(s) <= max);

export function isLegacyDate(value: string): boolean {
  if (value.includes('${')) return true;
  const lower = value.toLowerCase();
  if (!lower.includes('t') && !lower.includes('-')) {
    return /^\d+$/.test(lower) && BigInt(lower) <= EPOCH_MAX;
  }
  const t = lower.indexOf('t');
  const datePart = t < 0 ? lower : lower.slice(0, t);
  const timePart = t < 0 ? '' : lower.slice(t + 1);
  return isDatePart(datePart) && isTimePart(timePart);
}

function isDatePart(s: string): boolean {
  const negative = s.startsWith('-');
  const fields = (negative ? s.slice(1) : s).split('-');
  if (fields.length > 3) return false;
  const [year, month, day] = fields;
  if (!year || !/^\d+$/.test(year) || year.length > 10) return false;
  const y = Number(year) * (negative ? -1 : 1);
  if (y < YEAR_MIN || y > YEAR_MAX) return false;
  return inRange(month, 1, 12) && inRange(day, 1, 31);
}

function isTimePart(s: string): boolean {
  if (s === '') return true;
  const m = TIME.exec(s);
  if (!m) return false;
  const [, hours, minutes, seconds, , zone] = m;
  if (!inRange(hours, 0, 23) || !inRange(minutes, 0, 59) || !inRange(seconds, 0, 59)) return false;
  if (zone && zone !== 'z') {
    const [zh, zm] = zone.slice(1).split(':');
    if (!inRange(zh, 0, 23) || !inRange(zm, 0, 59)) return false;
  }
  return true;
}
