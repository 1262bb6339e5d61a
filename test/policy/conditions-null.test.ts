// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...}
import { describe, expect, it } from 'vitest';
import { compileConditionBlock } from '../../src/policy/conditions/compile-conditions.js';
import { clause, holds, list, one, type Row, scope } from './conditions-helpers.js';

const K = 'aws:TokenIssueTime';

// "use either true (the key doesn't exist — it is null) or false (the key exists and its value is
// not null)"
const rows: Row[] = [
  ['Null: true, key absent', 'Null', K, 'true', {}, true],
  ['Null: true, key present', 'Null', K, 'true', { [K]: one('date', '2011-05-03T00:00:00Z') }, false],
  ['Null: false, key absent', 'Null', K, 'false', {}, false],
  ['Null: false, key present', 'Null', K, 'false', { [K]: one('date', '2011-05-03T00:00:00Z') }, true],
  ['Null: value case ignored', 'Null', K, 'TRUE', {}, true],
  ['Null: both values OR: absent', 'Null', K, ['true', 'false'], {}, true],
  ['Null: both values OR: present', 'Null', K, ['true', 'false'], { [K]: 'x' }, true],
  ['Null: unknown value never holds (absent)', 'Null', K, 'yes', {}, false],
  ['Null: unknown value never holds (present)', 'Null', K, 'yes', { [K]: 'x' }, false],
  ['Null: empty string value is present', 'Null', K, 'false', { [K]: '' }, true],
  [
    'Null: empty list counts as null (guards ForAllValues)',
    'Null',
    'aws:TagKeys',
    'true',
    { 'aws:TagKeys': list('stringList') },
    true,
  ],
  [
    'Null: empty list fails false',
    'Null',
    'aws:TagKeys',
    'false',
    { 'aws:TagKeys': list('stringList') },
    false,
  ],
  ['Null: list present', 'Null', 'aws:TagKeys', 'false', { 'aws:TagKeys': list('stringList', 'a') }, true],
  ['Null: key case-insensitive', 'Null', 'AWS:TOKENISSUETIME', 'false', { [K]: 'x' }, true],
  ['Null: no variables', 'Null', K, '${x:flag}', { 'x:flag': 'true' }, false],
];

describe('Null condition operator', () => {
  it.each(rows)('%s: %s %s %j with %j -> %s', (_rule, op, key, values, keys, expected) => {
    expect(holds(op, key, values, keys)).toBe(expected);
  });
  it('reports the key when Null:false fails for an absent key', () => {
    const missing = new Set<string>();
    compileConditionBlock([clause('Null', 'aws:TokenIssueTime', 'false')], '2012-10-17')!(scope({}, missing));
    expect([...missing]).toEqual(['aws:TokenIssueTime']);
  });
  it('does not report the key when Null:true holds', () => {
    const missing = new Set<string>();
    compileConditionBlock([clause('Null', 'aws:TokenIssueTime', 'true')], '2012-10-17')!(scope({}, missing));
    expect(missing.size).toBe(0);
  });
});
