// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...}
import { describe, expect, it } from 'vitest';
import { holds, list, one, type Row } from './conditions-helpers.js';

const K = 'aws:SecureTransport';
const b = (v: string) => ({ [K]: one('boolean', v) });

// "Boolean conditions let you construct Condition elements that restrict access based on comparing
// a key to "true" or "false"."
const rows: Row[] = [
  ['Bool: true = true', 'Bool', K, 'true', b('true'), true],
  ['Bool: false = false', 'Bool', K, 'false', b('false'), true],
  ['Bool: true != false', 'Bool', K, 'true', b('false'), false],
  ['Bool: false != true (deny non-SSL example)', 'Bool', K, 'false', b('true'), false],
  ['Bool: policy case ignored', 'Bool', K, 'TRUE', b('true'), true],
  ['Bool: context case ignored', 'Bool', K, 'true', b('True'), true],
  ['Bool: both values OR', 'Bool', K, ['true', 'false'], b('false'), true],
  ['Bool: non-boolean policy value never matches', 'Bool', K, 'yes', b('true'), false],
  ['Bool: 1 is not true', 'Bool', K, '1', b('true'), false],
  ['Bool: non-boolean context value', 'Bool', K, 'true', b('yes'), false],
  ['Bool: empty context value', 'Bool', K, 'false', b(''), false],
  ['Bool: missing key is false', 'Bool', K, 'false', {}, false],
  ['Bool: missing key is false (true)', 'Bool', K, 'true', {}, false],
  ['Bool: no policy variables', 'Bool', K, '${aws:SecureTransport}', b('true'), false],
  ['Key names case-insensitive', 'Bool', 'AWS:SECURETRANSPORT', 'true', b('true'), true],
  ['IfExists: BoolIfExists missing', 'BoolIfExists', 'aws:MultiFactorAuthPresent', 'true', {}, true],
  [
    'IfExists: BoolIfExists present false',
    'BoolIfExists',
    'aws:MultiFactorAuthPresent',
    'true',
    { 'aws:MultiFactorAuthPresent': 'false' },
    false,
  ],
  [
    'IfExists: BoolIfExists deny-without-MFA pattern',
    'BoolIfExists',
    'aws:MultiFactorAuthPresent',
    'false',
    { 'aws:MultiFactorAuthPresent': 'false' },
    true,
  ],
  [
    'Set: ForAllValues:Bool',
    'ForAllValues:Bool',
    'x:flags',
    'true',
    { 'x:flags': list('booleanList', 'true', 'TRUE') },
    true,
  ],
  [
    'Set: ForAnyValue:Bool',
    'ForAnyValue:Bool',
    'x:flags',
    'false',
    { 'x:flags': list('booleanList', 'true', 'false') },
    true,
  ],
  [
    'Set: ForAnyValue:Bool none',
    'ForAnyValue:Bool',
    'x:flags',
    'false',
    { 'x:flags': list('booleanList', 'true') },
    false,
  ],
];

describe('Bool condition operator', () => {
  it.each(rows)('%s: %s %s %j with %j -> %s', (_rule, op, key, values, keys, expected) => {
    expect(holds(op, key, values, keys)).toBe(expected);
  });
});
