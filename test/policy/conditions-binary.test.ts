import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../src/policy/conditions/binary.js';
import { holds, one, type Row } from './conditions-helpers.js';

const K = 'x:blob';
const v = (s: string) => ({ [K]: one('binary', s) });

// "BinaryEquals ... compares the value of the specified key byte for byte against a base-64
// encoded representation of the binary value in the policy."
const rows: Row[] = [
  [
    'Binary: same base64',
    'BinaryEquals',
    K,
    'QmluYXJ5VmFsdWVJbkJhc2U2NA==',
    v('QmluYXJ5VmFsdWVJbkJhc2U2NA=='),
    true,
  ],
  ['Binary: different bytes', 'BinaryEquals', K, 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', v('QmluYXJ5'), false],
  ['Binary: padding optional', 'BinaryEquals', K, 'QQ==', v('QQ'), true],
  ['Binary: case matters (different bytes)', 'BinaryEquals', K, 'QQ==', v('qq=='), false],
  ['Binary: empty equals empty', 'BinaryEquals', K, '', v(''), true],
  ['Binary: values OR', 'BinaryEquals', K, ['QQ==', 'Qg=='], v('Qg=='), true],
  ['Binary: invalid policy base64 never matches', 'BinaryEquals', K, 'not base64!', v('not base64!'), false],
  ['Binary: invalid context base64', 'BinaryEquals', K, 'QQ==', v('Q'), false],
  ['Binary: missing key', 'BinaryEquals', K, 'QQ==', {}, false],
  ['IfExists: BinaryEqualsIfExists missing', 'BinaryEqualsIfExists', K, 'QQ==', {}, true],
  ['IfExists: BinaryEqualsIfExists present other', 'BinaryEqualsIfExists', K, 'QQ==', v('Qg=='), false],
];

describe('Binary condition operator', () => {
  it.each(rows)('%s: %s %s %j with %j -> %s', (_rule, op, key, values, keys, expected) => {
    expect(holds(op, key, values, keys)).toBe(expected);
  });
  it('decodes to bytes', () => {
    expect(decodeBase64('AAEC')).toBe('000102');
    expect(decodeBase64('A')).toBeUndefined();
    expect(decodeBase64('AB=C')).toBeUndefined();
  });
});
