// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...}
import { describe, expect, it } from 'vitest';
import { compareDecimal, parseDecimal } from '../../src/policy/conditions/numeric.js';
import { holds, list, one, type Row } from './conditions-helpers.js';

const K = 's3:max-keys';
const n = (v: string) => ({ [K]: one('numeric', v) });

// "Numeric condition operators let you construct Condition elements that restrict access based on
// comparing a key to an integer or decimal value."
const rows: Row[] = [
  ['Numeric: NumericEquals int', 'NumericEquals', K, '10', n('10'), true],
  ['Numeric: NumericEquals int differs', 'NumericEquals', K, '10', n('11'), false],
  ['Numeric: NumericEquals decimal vs int', 'NumericEquals', K, '10', n('10.0'), true],
  ['Numeric: NumericEquals leading zeros', 'NumericEquals', K, '010', n('10'), true],
  ['Numeric: NumericEquals trailing zeros', 'NumericEquals', K, '1.50', n('1.5'), true],
  ['Numeric: NumericEquals +sign', 'NumericEquals', K, '+5', n('5'), true],
  ['Numeric: NumericEquals -0 is 0', 'NumericEquals', K, '-0', n('0'), true],
  ['Numeric: NumericEquals .5', 'NumericEquals', K, '.5', n('0.5'), true],
  ['Numeric: NumericEquals 7.', 'NumericEquals', K, '7.', n('7'), true],
  ['Numeric: NumericEquals negative', 'NumericEquals', K, '-3', n('-3'), true],
  [
    'Numeric: NumericEquals big ints exact',
    'NumericEquals',
    K,
    '9007199254740993',
    n('9007199254740992'),
    false,
  ],
  [
    'Numeric: NumericEquals long fractions exact',
    'NumericEquals',
    K,
    '0.10000000000000000001',
    n('0.1'),
    false,
  ],
  ['Numeric: values OR', 'NumericEquals', K, ['1', '2', '3'], n('2'), true],
  ['Numeric: unparsable policy value never matches', 'NumericEquals', K, 'abc', n('0'), false],
  ['Numeric: unparsable policy value beside a good one', 'NumericEquals', K, ['abc', '4'], n('4'), true],
  ['Numeric: unparsable context value', 'NumericEquals', K, '1', n('one'), false],
  ['Numeric: exponent is not a number', 'NumericEquals', K, '1e3', n('1000'), false],
  ['Numeric: hex is not a number', 'NumericEquals', K, '0x10', n('16'), false],
  ['Numeric: whitespace is not a number', 'NumericEquals', K, ' 1', n('1'), false],
  ['Numeric: empty is not a number', 'NumericEquals', K, '', n(''), false],
  ['Numeric: lone sign is not a number', 'NumericEquals', K, '-', n('-'), false],
  ['Numeric: Infinity is not a number', 'NumericEquals', K, 'Infinity', n('Infinity'), false],
  [
    'Numeric: no policy variables (literal ${...})',
    'NumericEquals',
    K,
    '${aws:username}',
    { [K]: '5', 'aws:username': '5' },
    false,
  ],
  ['Numeric: missing key positive false', 'NumericEquals', K, '1', {}, false],
  ['Numeric: NumericNotEquals differs', 'NumericNotEquals', K, '10', n('11'), true],
  ['Numeric: NumericNotEquals same', 'NumericNotEquals', K, '10', n('10.00'), false],
  ['Numeric: NumericNotEquals NOR', 'NumericNotEquals', K, ['1', '2'], n('2'), false],
  ['Numeric: NumericNotEquals missing key true', 'NumericNotEquals', K, '10', {}, true],
  [
    'Numeric: NumericNotEquals unparsable policy value: complement of false',
    'NumericNotEquals',
    K,
    'abc',
    n('1'),
    true,
  ],
  ['Numeric: NumericLessThan less', 'NumericLessThan', K, '10', n('9'), true],
  ['Numeric: NumericLessThan equal', 'NumericLessThan', K, '10', n('10'), false],
  ['Numeric: NumericLessThan greater', 'NumericLessThan', K, '10', n('11'), false],
  ['Numeric: NumericLessThan negatives', 'NumericLessThan', K, '-1', n('-2'), true],
  ['Numeric: NumericLessThan decimals', 'NumericLessThan', K, '1.25', n('1.2499'), true],
  ['Numeric: NumericLessThan int length', 'NumericLessThan', K, '100', n('99'), true],
  ['Numeric: NumericLessThanEquals equal', 'NumericLessThanEquals', K, '10', n('10'), true],
  ['Numeric: NumericLessThanEquals greater', 'NumericLessThanEquals', K, '10', n('10.001'), false],
  ['Numeric: NumericGreaterThan greater', 'NumericGreaterThan', K, '10', n('10.5'), true],
  ['Numeric: NumericGreaterThan equal', 'NumericGreaterThan', K, '10', n('10'), false],
  ['Numeric: NumericGreaterThan neg vs pos', 'NumericGreaterThan', K, '-5', n('0'), true],
  ['Numeric: NumericGreaterThan neg magnitudes', 'NumericGreaterThan', K, '-5', n('-6'), false],
  ['Numeric: NumericGreaterThanEquals equal', 'NumericGreaterThanEquals', K, '0', n('-0.0'), true],
  ['Numeric: NumericGreaterThanEquals less', 'NumericGreaterThanEquals', K, '0', n('-0.1'), false],
  ['Numeric: relational with several values OR', 'NumericLessThan', K, ['1', '100'], n('50'), true],
  ['IfExists: NumericLessThanIfExists missing', 'NumericLessThanIfExists', K, '10', {}, true],
  ['IfExists: NumericLessThanIfExists present', 'NumericLessThanIfExists', K, '10', n('20'), false],
  [
    'Set: ForAllValues:NumericLessThan all',
    'ForAllValues:NumericLessThan',
    K,
    '10',
    { [K]: list('numericList', '1', '2') },
    true,
  ],
  [
    'Set: ForAllValues:NumericLessThan one fails',
    'ForAllValues:NumericLessThan',
    K,
    '10',
    { [K]: list('numericList', '1', '20') },
    false,
  ],
  [
    'Set: ForAnyValue:NumericEquals',
    'ForAnyValue:NumericEquals',
    K,
    '20',
    { [K]: list('numericList', '1', '20') },
    true,
  ],
  [
    'Set: ForAnyValue:NumericNotEquals some differ',
    'ForAnyValue:NumericNotEquals',
    K,
    ['10', '100'],
    { [K]: list('numericList', '15', '10') },
    true,
  ],
  [
    'Set: ForAnyValue:NumericNotEquals none differ',
    'ForAnyValue:NumericNotEquals',
    K,
    ['10', '100'],
    { [K]: list('numericList', '10', '100') },
    false,
  ],
];

describe('Numeric condition operators', () => {
  it.each(rows)('%s: %s %s %j with %j -> %s', (_rule, op, key, values, keys, expected) => {
    expect(holds(op, key, values, keys)).toBe(expected);
  });

  it.each([
    ['1', '2', -1],
    ['2', '1', 1],
    ['0.1', '0.10', 0],
    ['-1', '1', -1],
    ['-10', '-9', -1],
    ['123456789012345678901234567890', '123456789012345678901234567891', -1],
  ] as const)('compareDecimal(%s, %s) = %d', (a, b, c) => {
    expect(compareDecimal(parseDecimal(a)!, parseDecimal(b)!)).toBe(c);
  });
});
