// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...}
import { describe, expect, it } from 'vitest';
import {
  CONDITION_OPERATORS,
  compileConditionBlock,
} from '../../src/policy/conditions/compile-conditions.js';
import { clause, holds, list, type Row, scope } from './conditions-helpers.js';

const T = 'aws:TagKeys';
const tags = (...v: string[]) => ({ [T]: list('stringList', ...v) });

// "Single-valued vs. multivalued context keys" and "Multivalued context key examples".
const rows: Row[] = [
  // ForAllValues: "returns true if every context key value in the request matches a context key
  // value in the policy. It also returns true if there are no context keys in the request."
  [
    'ForAllValues: one listed key',
    'ForAllValues:StringEquals',
    T,
    ['environment', 'cost-center'],
    tags('environment'),
    true,
  ],
  [
    'ForAllValues: every listed key',
    'ForAllValues:StringEquals',
    T,
    ['environment', 'cost-center'],
    tags('environment', 'cost-center'),
    true,
  ],
  [
    'ForAllValues: listed beside unlisted',
    'ForAllValues:StringEquals',
    T,
    ['environment', 'cost-center'],
    tags('environment', 'dept'),
    false,
  ],
  [
    'ForAllValues: only unlisted',
    'ForAllValues:StringEquals',
    T,
    ['environment', 'cost-center'],
    tags('dept'),
    false,
  ],
  [
    'ForAllValues: missing key is true (documented, dangerous)',
    'ForAllValues:StringEquals',
    T,
    ['environment'],
    {},
    true,
  ],
  ['ForAllValues: empty set is true', 'ForAllValues:StringEquals', T, ['environment'], tags(), true],
  ['ForAllValues: duplicates fine', 'ForAllValues:StringEquals', T, ['a'], tags('a', 'a'), true],
  [
    'ForAllValues: StringLike (DynamoDB example) allowed',
    'ForAllValues:StringLike',
    'dynamodb:requestedAttributes',
    ['PostDateTime', 'Message', 'Tags'],
    { 'dynamodb:requestedAttributes': list('stringList', 'PostDateTime', 'Message') },
    true,
  ],
  [
    'ForAllValues: StringLike (DynamoDB example) ID denied',
    'ForAllValues:StringLike',
    'dynamodb:requestedAttributes',
    ['PostDateTime', 'Message', 'Tags'],
    { 'dynamodb:requestedAttributes': list('stringList', 'PostDateTime', 'UserName') },
    false,
  ],
  [
    'ForAllValues: on a single-valued key',
    'ForAllValues:StringEquals',
    'aws:PrincipalTag/x',
    ['a', 'b'],
    { 'aws:PrincipalTag/x': 'a' },
    true,
  ],
  ['ForAllValues: ...IfExists missing', 'ForAllValues:StringEqualsIfExists', T, ['a'], {}, true],
  // ForAllValues with a negated operator: every request value must match none of the policy values
  // (Deny examples with ForAllValues:StringNotLike).
  [
    'ForAllValues:StringNotLike key1:legal -> no match',
    'ForAllValues:StringNotLike',
    T,
    'key1*',
    tags('key1:legal'),
    false,
  ],
  [
    'ForAllValues:StringNotLike key1:hr,key1:personnel -> no match',
    'ForAllValues:StringNotLike',
    T,
    'key1*',
    tags('key1:hr', 'key1:personnel'),
    false,
  ],
  [
    'ForAllValues:StringNotLike key2:audit -> match',
    'ForAllValues:StringNotLike',
    T,
    'key1*',
    tags('key2:audit'),
    true,
  ],
  ['ForAllValues:StringNotLike no key -> match', 'ForAllValues:StringNotLike', T, 'key1*', {}, true],
  [
    'ForAllValues:StringNotLike 2 values, key1:legal -> no match',
    'ForAllValues:StringNotLike',
    T,
    ['key1*', 'key2*'],
    tags('key1:legal'),
    false,
  ],
  [
    'ForAllValues:StringNotLike 2 values, key1:hr,key2:audit -> no match',
    'ForAllValues:StringNotLike',
    T,
    ['key1*', 'key2*'],
    tags('key1:hr', 'key2:audit'),
    false,
  ],
  [
    'ForAllValues:StringNotLike 2 values, key3:legal -> match',
    'ForAllValues:StringNotLike',
    T,
    ['key1*', 'key2*'],
    tags('key3:legal'),
    true,
  ],
  [
    'ForAllValues:StringNotLike 2 values, no key -> match',
    'ForAllValues:StringNotLike',
    T,
    ['key1*', 'key2*'],
    {},
    true,
  ],
  [
    'ForAllValues:StringNotLike mixed -> no match',
    'ForAllValues:StringNotLike',
    T,
    ['key1*'],
    tags('key3:a', 'key1:b'),
    false,
  ],
  [
    'ForAllValues:StringNotEquals all outside',
    'ForAllValues:StringNotEquals',
    T,
    ['a', 'b'],
    tags('c', 'd'),
    true,
  ],
  [
    'ForAllValues:StringNotEquals one inside',
    'ForAllValues:StringNotEquals',
    T,
    ['a', 'b'],
    tags('c', 'a'),
    false,
  ],
  ['ForAllValues:StringNotEquals empty set', 'ForAllValues:StringNotEquals', T, ['a'], tags(), true],
  // ForAnyValue: "returns true if any one of the context key values in the request matches any one
  // of the context key values in the policy. For no matching context key or if the key does not
  // exist, the condition returns false."
  ['ForAnyValue: webserver', 'ForAnyValue:StringEquals', T, 'webserver', tags('webserver'), true],
  [
    'ForAnyValue: environment,webserver,test',
    'ForAnyValue:StringEquals',
    T,
    'webserver',
    tags('environment', 'webserver', 'test'),
    true,
  ],
  [
    'ForAnyValue: environment,test',
    'ForAnyValue:StringEquals',
    T,
    'webserver',
    tags('environment', 'test'),
    false,
  ],
  ['ForAnyValue: no key -> no match', 'ForAnyValue:StringEquals', T, 'webserver', {}, false],
  ['ForAnyValue: empty set -> no match', 'ForAnyValue:StringEquals', T, 'webserver', tags(), false],
  [
    'ForAnyValue: policy values OR',
    'ForAnyValue:StringEquals',
    T,
    ['environment', 'cost-center'],
    tags('environment', 'dept'),
    true,
  ],
  [
    'ForAnyValue: dept only',
    'ForAnyValue:StringEquals',
    T,
    ['environment', 'cost-center'],
    tags('dept'),
    false,
  ],
  ['ForAnyValue: ...IfExists missing -> true', 'ForAnyValue:StringEqualsIfExists', T, 'a', {}, true],
  ['ForAnyValue: ...IfExists present no match', 'ForAnyValue:StringEqualsIfExists', T, 'a', tags('b'), false],
  ['ForAnyValue: StringLike', 'ForAnyValue:StringLike', T, 'env*', tags('x', 'environment'), true],
  [
    'ForAnyValue: on a single-valued key',
    'ForAnyValue:StringEquals',
    'aws:PrincipalTag/x',
    'a',
    { 'aws:PrincipalTag/x': 'a' },
    true,
  ],
  // ForAnyValue with a negated operator: at least one request value matches none of the policy values.
  [
    'ForAnyValue:StringNotEquals no key -> no match',
    'ForAnyValue:StringNotEquals',
    T,
    ['DataClass', 'Owner'],
    {},
    false,
  ],
  [
    'ForAnyValue:StringNotEquals all listed -> no match',
    'ForAnyValue:StringNotEquals',
    T,
    ['DataClass', 'Owner'],
    tags('DataClass', 'Owner'),
    false,
  ],
  [
    'ForAnyValue:StringNotEquals one unlisted -> match',
    'ForAnyValue:StringNotEquals',
    T,
    ['DataClass', 'Owner'],
    tags('DataClass', 'Project'),
    true,
  ],
  [
    'ForAnyValue:StringNotEquals all unlisted -> match',
    'ForAnyValue:StringNotEquals',
    T,
    ['DataClass', 'Owner'],
    tags('A', 'B'),
    true,
  ],
  [
    'ForAnyValue:StringNotEquals empty set -> no match',
    'ForAnyValue:StringNotEquals',
    T,
    ['DataClass'],
    tags(),
    false,
  ],
  ['ForAnyValue:StringNotLike', 'ForAnyValue:StringNotLike', T, 'key1*', tags('key1:a', 'key2:b'), true],
  [
    'ForAnyValue:StringNotEqualsIgnoreCase',
    'ForAnyValue:StringNotEqualsIgnoreCase',
    T,
    ['dataclass'],
    tags('DATACLASS'),
    false,
  ],
  ['ForAnyValue:StringNotEqualsIfExists missing', 'ForAnyValue:StringNotEqualsIfExists', T, ['a'], {}, true],
  // No qualifier on a key with several values: "Multivalued context keys require a condition set
  // operator"; the bare positive operator does not match, its negation holds.
  [
    'Bare StringEquals on several values does not match',
    'StringEquals',
    'aws:CalledVia',
    'athena.amazonaws.com',
    { 'aws:CalledVia': list('stringList', 'athena.amazonaws.com', 'glue.amazonaws.com') },
    false,
  ],
  ['Bare StringLike on several values does not match', 'StringLike', T, '*', tags('a', 'b'), false],
  ['Bare StringNotEquals on several values holds', 'StringNotEquals', T, 'a', tags('a', 'b'), true],
  [
    'Bare StringEquals on a one-value list compares the value',
    'StringEquals',
    'aws:CalledVia',
    'athena.amazonaws.com',
    { 'aws:CalledVia': list('stringList', 'athena.amazonaws.com') },
    true,
  ],
  ['Bare StringNotEquals on a one-value list', 'StringNotEquals', T, 'a', tags('a'), false],
  ['Bare StringEquals on an empty list is absent', 'StringEquals', T, 'a', tags(), false],
  ['Bare StringNotEquals on an empty list is absent', 'StringNotEquals', T, 'a', tags(), true],
  ['Bare StringEqualsIfExists on an empty list', 'StringEqualsIfExists', T, 'a', tags(), true],
];

describe('Condition set operators and multivalued keys', () => {
  it.each(rows)('%s: %s %s %j with %j -> %s', (_rule, op, key, values, keys, expected) => {
    expect(holds(op, key, values, keys)).toBe(expected);
  });
});

describe('Missing keys, for every operator', () => {
  const negated = new Set(
    Object.entries(CONDITION_OPERATORS)
      .filter(([, op]) => op.negated)
      .map(([n]) => n),
  );
  it('marks exactly the Not operators as negated', () => {
    expect([...negated].sort()).toEqual(
      [
        'ArnNotEquals',
        'ArnNotLike',
        'DateNotEquals',
        'NotIpAddress',
        'NumericNotEquals',
        'StringNotEquals',
        'StringNotEqualsIgnoreCase',
        'StringNotLike',
      ].sort(),
    );
  });
  const names = Object.keys(CONDITION_OPERATORS);
  // "If the key that you specify in a policy condition is not present in the request context, the
  // values do not match and the condition is false. If the policy condition requires that the key
  // is not matched ... and the right key is not present, the condition is true."
  it.each(names)('%s with a missing key', (name) => {
    expect(holds(name, 'x:absent', '1', {})).toBe(negated.has(name));
  });
  it.each(names)('%sIfExists with a missing key is true', (name) => {
    expect(holds(`${name}IfExists`, 'x:absent', '1', {})).toBe(true);
  });
  it.each(names)('ForAllValues:%s with a missing key is true', (name) => {
    expect(holds(`ForAllValues:${name}`, 'x:absent', '1', {})).toBe(true);
  });
  it.each(names)('ForAnyValue:%s with a missing key is false', (name) => {
    expect(holds(`ForAnyValue:${name}`, 'x:absent', '1', {})).toBe(false);
  });
  it.each(names)('ForAnyValue:%sIfExists with a missing key is true', (name) => {
    expect(holds(`ForAnyValue:${name}IfExists`, 'x:absent', '1', {})).toBe(true);
  });
});

describe('compileConditionBlock', () => {
  const V = '2012-10-17';
  it('returns undefined for no clauses', () => {
    expect(compileConditionBlock([], V)).toBeUndefined();
  });
  // "If your policy statement has multiple condition operators, the condition operators are
  // evaluated using a logical AND"; "multiple context keys ... using a logical AND".
  const block = compileConditionBlock(
    [
      clause('StringEquals', 'aws:PrincipalTag/department', ['finance', 'hr', 'legal']),
      clause('StringEquals', 'aws:PrincipalTag/role', ['audit', 'security']),
      clause('ArnLike', 'aws:PrincipalArn', [
        'arn:aws:iam::222222222222:user/Ana',
        'arn:aws:iam::222222222222:user/Mary',
      ]),
    ],
    V,
  )!;
  const keys = (dept?: string, role?: string, arn?: string) => {
    const k: Record<string, string> = {};
    if (dept) k['aws:PrincipalTag/department'] = dept;
    if (role) k['aws:PrincipalTag/role'] = role;
    if (arn) k['aws:PrincipalArn'] = `arn:aws:iam::222222222222:user/${arn}`;
    return k;
  };
  it.each([
    ['legal/audit/Mary', keys('legal', 'audit', 'Mary'), true],
    ['hr/audit/Nikki', keys('hr', 'audit', 'Nikki'), false],
    ['hr/payroll/Mary', keys('hr', 'payroll', 'Mary'), false],
    ['no role tag', keys('hr', undefined, 'Mary'), false],
    ['no tags', keys(undefined, undefined, 'Mary'), false],
  ] as const)('AND of keys and operators (doc table): %s', (_n, k, expected) => {
    expect(block(scope(k))).toBe(expected);
  });
  const negatedBlock = compileConditionBlock(
    [
      clause('StringEquals', 'aws:PrincipalTag/department', ['finance', 'hr', 'legal']),
      clause('StringEquals', 'aws:PrincipalTag/role', ['audit', 'security']),
      clause('ArnNotLike', 'aws:PrincipalArn', [
        'arn:aws:iam::222222222222:user/Ana',
        'arn:aws:iam::222222222222:user/Mary',
      ]),
    ],
    V,
  )!;
  it.each([
    ['legal/audit/Nikki', keys('legal', 'audit', 'Nikki'), true],
    ['hr/audit/Mary', keys('hr', 'audit', 'Mary'), false],
    ['hr/payroll/Nikki', keys('hr', 'payroll', 'Nikki'), false],
    ['no role tag', keys('hr', undefined, 'Nikki'), false],
    ['no tags', keys(undefined, undefined, 'Nikki'), false],
  ] as const)('negated matching is NOR (doc table): %s', (_n, k, expected) => {
    expect(negatedBlock(scope(k))).toBe(expected);
  });
  it('reports every absent key, in written case, when explaining', () => {
    const missing = new Set<string>();
    expect(block(scope({}, missing))).toBe(false);
    expect([...missing].sort()).toEqual([
      'aws:PrincipalArn',
      'aws:PrincipalTag/department',
      'aws:PrincipalTag/role',
    ]);
  });
  it('reports absent keys under IfExists and set operators too', () => {
    const missing = new Set<string>();
    const c = compileConditionBlock(
      [clause('StringEqualsIfExists', 'A:One', 'x'), clause('ForAllValues:StringLike', 'B:Two', 'x')],
      V,
    )!;
    expect(c(scope({}, missing))).toBe(true);
    expect([...missing].sort()).toEqual(['A:One', 'B:Two']);
  });
  it('does not report present keys', () => {
    const missing = new Set<string>();
    block(scope(keys('hr', 'audit', 'Mary'), missing));
    expect(missing.size).toBe(0);
  });
  it('works without a missing sink', () => {
    expect(block(scope(keys('legal', 'audit', 'Ana')))).toBe(true);
  });
});
