// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...}
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/policy/conditions/date.js';
import { holds, list, one, type Row } from './conditions-helpers.js';

const NOW = 'aws:CurrentTime';
const EPOCH = 'aws:EpochTime';
const t = (v: string) => ({ [NOW]: one('date', v) });
const e = (v: string) => ({ [EPOCH]: one('numeric', v) });

// "You must specify date/time values with one of the W3C implementations of the ISO 8601 date
// formats or in epoch (UNIX) time." Comparisons are between instants.
const rows: Row[] = [
  [
    'Date: DateEquals same instant',
    'DateEquals',
    NOW,
    '2020-01-01T00:00:00Z',
    t('2020-01-01T00:00:00Z'),
    true,
  ],
  [
    'Date: DateEquals different second',
    'DateEquals',
    NOW,
    '2020-01-01T00:00:00Z',
    t('2020-01-01T00:00:01Z'),
    false,
  ],
  [
    'Date: DateEquals across zones',
    'DateEquals',
    NOW,
    '2020-01-01T02:00:00+02:00',
    t('2020-01-01T00:00:00Z'),
    true,
  ],
  [
    'Date: DateEquals negative zone',
    'DateEquals',
    NOW,
    '2019-12-31T19:00:00-05:00',
    t('2020-01-01T00:00:00Z'),
    true,
  ],
  [
    'Date: DateEquals date-only is midnight UTC',
    'DateEquals',
    NOW,
    '2020-01-01',
    t('2020-01-01T00:00:00Z'),
    true,
  ],
  ['Date: DateEquals date-only not noon', 'DateEquals', NOW, '2020-01-01', t('2020-01-01T12:00:00Z'), false],
  ['Date: DateEquals year-month', 'DateEquals', NOW, '2020-02', t('2020-02-01T00:00:00Z'), true],
  [
    'Date: DateEquals fractional seconds',
    'DateEquals',
    NOW,
    '2020-01-01T00:00:00.000Z',
    t('2020-01-01T00:00:00Z'),
    true,
  ],
  [
    'Date: DateEquals fractional seconds differ',
    'DateEquals',
    NOW,
    '2020-01-01T00:00:00.5Z',
    t('2020-01-01T00:00:00Z'),
    false,
  ],
  ['Date: DateEquals minutes only', 'DateEquals', NOW, '2020-01-01T10:30Z', t('2020-01-01T10:30:00Z'), true],
  [
    'Date: DateEquals no zone is UTC',
    'DateEquals',
    NOW,
    '2020-01-01T10:30:00',
    t('2020-01-01T10:30:00Z'),
    true,
  ],
  [
    'Date: DateEquals lower-case t and z',
    'DateEquals',
    NOW,
    '2020-01-01t10:30:00z',
    t('2020-01-01T10:30:00Z'),
    true,
  ],
  [
    'Date: one-digit hour (legacy parser accepts it)',
    'DateEquals',
    NOW,
    '2016-12-13t2:00:00+23',
    t('2016-12-12T03:00:00Z'),
    true,
  ],
  ['Date: one-digit month and day', 'DateEquals', NOW, '2020-1-2', t('2020-01-02T00:00:00Z'), true],
  ['Date: year only with T', 'DateEquals', NOW, '2020T', t('2020-01-01T00:00:00Z'), true],
  ['Date: hour only', 'DateEquals', NOW, '2020-01-01T10Z', t('2020-01-01T10:00:00Z'), true],
  [
    'Date: microseconds',
    'DateEquals',
    NOW,
    '2016-12-13T00:00:00.593194Z',
    t('2016-12-13T00:00:00.593194Z'),
    true,
  ],
  ['Date: negative year is before year 1', 'DateLessThan', NOW, '-1-01-01', t('0001-01-01T00:00:00Z'), false],
  ['Date: far future year', 'DateGreaterThan', NOW, '292278993-01-01', t('2020-01-01'), false],
  [
    'Date: space instead of T is not a date',
    'DateEquals',
    NOW,
    '2020-01-01 10:30:00',
    t('2020-01-01T10:30:00Z'),
    false,
  ],
  ['Date: Feb 30 is not a date', 'DateLessThan', NOW, '2021-02-30', t('2000-01-01'), false],
  [
    'Date: ISO basic format is not read (legacy parser rejects it)',
    'DateEquals',
    NOW,
    '20130930T231548Z',
    t('2013-09-30T23:15:48Z'),
    false,
  ],
  [
    'Date: DateEquals +hhmm zone',
    'DateEquals',
    NOW,
    '2020-01-01T01:00:00+0100',
    t('2020-01-01T00:00:00Z'),
    true,
  ],
  ['Date: DateEquals +hh zone', 'DateEquals', NOW, '2020-01-01T01:00:00+01', t('2020-01-01T00:00:00Z'), true],
  [
    'Date: epoch policy vs ISO context (peer bug)',
    'DateEquals',
    NOW,
    '1577836800',
    t('2020-01-01T00:00:00Z'),
    true,
  ],
  ['Date: ISO policy vs epoch context', 'DateEquals', EPOCH, '2020-01-01T00:00:00Z', e('1577836800'), true],
  ['Date: epoch vs epoch', 'DateEquals', EPOCH, '1577836800', e('1577836800'), true],
  [
    'Date: fractional epoch context',
    'DateEquals',
    EPOCH,
    '2020-01-01T00:00:00.500Z',
    e('1577836800.5'),
    true,
  ],
  ['Date: fractional epoch vs ISO', 'DateEquals', NOW, '1577836800.5', t('2020-01-01T00:00:00.500Z'), true],
  [
    'Date: all digits is epoch seconds, not a year',
    'DateEquals',
    NOW,
    '2020',
    t('1970-01-01T00:33:40Z'),
    true,
  ],
  ['Date: invalid month', 'DateEquals', NOW, '2020-13-01', t('2020-13-01'), false],
  ['Date: invalid day', 'DateEquals', NOW, '2021-02-29', t('2021-02-29'), false],
  ['Date: leap day valid', 'DateEquals', NOW, '2020-02-29', t('2020-02-29T00:00:00Z'), true],
  ['Date: invalid hour', 'DateEquals', NOW, '2020-01-01T24:00:00Z', t('2020-01-01T24:00:00Z'), false],
  [
    'Date: garbage policy value never matches',
    'DateEquals',
    NOW,
    'yesterday',
    t('2020-01-01T00:00:00Z'),
    false,
  ],
  ['Date: garbage context value matches nothing', 'DateEquals', NOW, '2020-01-01', t('not a date'), false],
  ['Date: no wildcards', 'DateEquals', NOW, '2020-*', t('2020-01-01'), false],
  ['Date: no policy variables', 'DateEquals', NOW, '${aws:CurrentTime}', t('2020-01-01T00:00:00Z'), false],
  ['Date: missing key', 'DateEquals', NOW, '2020-01-01', {}, false],
  ['Date: DateNotEquals differs', 'DateNotEquals', NOW, '2020-01-01', t('2020-01-02'), true],
  [
    'Date: DateNotEquals same instant other form',
    'DateNotEquals',
    NOW,
    '1577836800',
    t('2020-01-01T00:00:00Z'),
    false,
  ],
  ['Date: DateNotEquals missing key true', 'DateNotEquals', NOW, '2020-01-01', {}, true],
  ['Date: DateLessThan before', 'DateLessThan', NOW, '2020-06-30T00:00:00Z', t('2020-06-29T23:59:59Z'), true],
  ['Date: DateLessThan equal', 'DateLessThan', NOW, '2020-06-30T00:00:00Z', t('2020-06-30T00:00:00Z'), false],
  ['Date: DateLessThan after', 'DateLessThan', NOW, '2020-06-30T00:00:00Z', t('2020-07-01T00:00:00Z'), false],
  ['Date: DateLessThan epoch context', 'DateLessThan', EPOCH, '2020-06-30T00:00:00Z', e('1593475199'), true],
  [
    'Date: DateLessThanEquals equal',
    'DateLessThanEquals',
    NOW,
    '2020-06-30',
    t('2020-06-30T00:00:00Z'),
    true,
  ],
  [
    'Date: DateLessThanEquals after',
    'DateLessThanEquals',
    NOW,
    '2020-06-30',
    t('2020-06-30T00:00:01Z'),
    false,
  ],
  [
    'Date: DateGreaterThan after (TokenIssueTime example)',
    'DateGreaterThan',
    'aws:TokenIssueTime',
    '2020-01-01T00:00:01Z',
    { 'aws:TokenIssueTime': one('date', '2020-05-01T00:00:00Z') },
    true,
  ],
  [
    'Date: DateGreaterThan missing key (IAM user)',
    'DateGreaterThan',
    'aws:TokenIssueTime',
    '2020-01-01T00:00:01Z',
    {},
    false,
  ],
  ['Date: DateGreaterThan equal', 'DateGreaterThan', NOW, '2020-01-01', t('2020-01-01T00:00:00Z'), false],
  [
    'Date: DateGreaterThanEquals equal',
    'DateGreaterThanEquals',
    NOW,
    '2020-01-01',
    t('2020-01-01T00:00:00Z'),
    true,
  ],
  [
    'Date: DateGreaterThanEquals before',
    'DateGreaterThanEquals',
    NOW,
    '2020-01-01',
    t('2019-12-31T23:59:59.999Z'),
    false,
  ],
  [
    'Date: window via two values is OR',
    'DateGreaterThan',
    NOW,
    ['2030-01-01', '2019-01-01'],
    t('2020-01-01'),
    true,
  ],
  ['IfExists: DateLessThanIfExists missing', 'DateLessThanIfExists', NOW, '2020-01-01', {}, true],
  [
    'Set: ForAllValues:DateLessThan',
    'ForAllValues:DateLessThan',
    'x:dates',
    '2021-01-01',
    { 'x:dates': list('dateList', '2020-01-01', '1600000000') },
    true,
  ],
  [
    'Set: ForAnyValue:DateGreaterThan',
    'ForAnyValue:DateGreaterThan',
    'x:dates',
    '2021-01-01',
    { 'x:dates': list('dateList', '2020-01-01', '2022-01-01') },
    true,
  ],
];

describe('Date condition operators', () => {
  it.each(rows)('%s: %s %s %j with %j -> %s', (_rule, op, key, values, keys, expected) => {
    expect(holds(op, key, values, keys)).toBe(expected);
  });

  it.each([
    ['1970-01-01T00:00:00Z', 0],
    ['0', 0],
    ['2020-01-01T00:00:00.123456Z', 1577836800123.456],
    ['1970-01-01T01:00:00+01:00', 0],
    ['1969-12-31T19:00:00-0500', 0],
    ['2000-02-29', 951782400000],
    ['1900-03-01', -2203891200000],
  ] as const)('parseInstant(%s)', (text, ms) => {
    expect(parseInstant(text)).toBeCloseTo(ms, 3);
  });
  it('keeps two-digit years as written (no 19xx mapping)', () => {
    const d = new Date(parseInstant('0050-03-01')!);
    expect([d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()]).toEqual([50, 2, 1]);
  });
  it.each([
    '',
    '2020-001-01',
    '2020-01-01T10:00+25:00',
    '2020-01-01T10:00+1',
    '1e9',
    'NaN',
    '-',
    '2020-01-01z',
    'sdfdsf',
  ])('parseInstant rejects %j', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });
});
