import { describe, expect, it } from 'vitest';
import type { ConditionClause } from '../../src/policy/ast.js';
import { CONDITION_OPERATORS, parseOperator } from '../../src/policy/parse-conditions.js';
import { isLegacyDate } from '../../src/policy/parse-date-value.js';
import { parsePolicy } from '../../src/policy/parse.js';

/** The Condition element (IAM JSON policy elements: Condition operators; observed IAM answers). */
const withCondition = (condition: unknown) =>
  `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":${
    typeof condition === 'string' ? condition : JSON.stringify(condition)
  }}}`;

const parse = (condition: unknown) => parsePolicy(withCondition(condition), { kind: 'identity', id: 'p' });

function clauses(condition: unknown): readonly ConditionClause[] {
  const r = parse(condition);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.statements[0]?.conditions ?? [];
}

const sample: Record<string, string> = {
  String: 'x',
  Numeric: '1',
  Date: '2020-01-01T00:00:00Z',
  Bool: 'true',
  Binary: 'QmluYXJ5',
  IpAddress: '10.0.0.0/8',
  NotIpAddress: '10.0.0.0/8',
  Arn: 'arn:aws:iam::123456789012:user/a',
  Null: 'true',
};
const valueFor = (base: string): string =>
  sample[Object.keys(sample).find((k) => base.startsWith(k)) ?? 'String'] as string;

describe('the 27 condition operators, with qualifiers and IfExists', () => {
  const bases = [...CONDITION_OPERATORS];
  const cases = bases.flatMap((base) =>
    ['', 'ForAllValues:', 'ForAnyValue:'].flatMap((q) =>
      (base === 'Null' ? [''] : ['', 'IfExists']).map((suffix) => `${q}${base}${suffix}`),
    ),
  );

  it('has 27 base operators', () => expect(bases).toHaveLength(27));

  it.each(cases)('%s', (operator) => {
    const parsed = parseOperator(operator);
    expect(parsed).toBeDefined();
    const [c] = clauses({ [operator]: { 'aws:SomeKey': valueFor(parsed?.base ?? '') } });
    expect(c).toMatchObject({
      operator,
      base: parsed?.base,
      qualifier: operator.startsWith('ForAllValues:')
        ? 'ForAllValues'
        : operator.startsWith('ForAnyValue:')
          ? 'ForAnyValue'
          : undefined,
      ifExists: operator.endsWith('IfExists'),
      key: 'aws:SomeKey',
      keyLower: 'aws:somekey',
    });
  });
});

describe('operator names that are not operators', () => {
  it.each([
    ['NullIfExists: IfExists is not offered on Null (operator reference)', 'NullIfExists'],
    ['lower case', 'stringequals'],
    ['unknown', 'StringMatches'],
    ['double colon after qualifier', 'ForAnyValue::StringEquals'],
    ['qualifier without operator', 'ForAllValues:'],
    ['two qualifiers', 'ForAllValues:ForAnyValue:StringEquals'],
    ['IfExists twice', 'StringEqualsIfExistsIfExists'],
    ['qualifier after the name', 'StringEquals:ForAnyValue'],
    ['bare IfExists', 'IfExists'],
  ])('%s (%s) is a syntax error when it has keys', (_name, operator) => {
    expect(parseOperator(operator)).toBeUndefined();
    const r = parse({ [operator]: { 'aws:k': 'v' } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]?.message).toBe('Syntax errors in policy.');
      expect((r.errors[0] as { detail?: string }).detail).toBe(`Invalid Condition type : ${operator}`);
    }
  });

  it('an unknown operator with an empty block is accepted with a warning (observed AWS)', () => {
    const r = parse({ Whatever: {} });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.statements[0]?.conditions).toEqual([]);
      expect(r.warnings[0]?.path).toBe('/Statement/Condition/Whatever');
    }
  });
});

describe('condition values', () => {
  it.each<[string, string, string[]]>([
    ['a string', '"v"', ['v']],
    ['a list of strings', '["a","b"]', ['a', 'b']],
    ['a number keeps its source text', '10.50', ['10.50']],
    ['a negative exponent number', '-1e-3', ['-1e-3']],
    ['a boolean', 'true', ['true']],
    ['false', 'false', ['false']],
    ['a mixed list', '["a", 1, false]', ['a', '1', 'false']],
    ['an empty list (accepted by AWS, observed)', '[]', []],
    ['an empty string', '""', ['']],
  ])('%s', (_name, json, values) => {
    const [c] = clauses(`{"StringEquals":{"aws:k":${json}}}`);
    expect(c?.values).toEqual(values);
  });

  it.each([
    ['null', 'null'],
    ['an object', '{}'],
    ['a list holding null', '["a", null]'],
    ['a list holding a list', '[["a"]]'],
    ['a list holding an object', '[{}]'],
  ])('%s is a syntax error', (_name, json) => {
    const r = parse(`{"StringEquals":{"aws:k":${json}}}`);
    expect(!r.ok && r.errors[0]?.message).toBe('Syntax errors in policy.');
  });

  it('keeps several keys and operators in source order', () => {
    const cs = clauses({
      StringEquals: { 'aws:PrincipalTag/Dept': 'x', 'AWS:SourceAccount': '1' },
      Bool: { 'aws:SecureTransport': 'true' },
    });
    expect(cs.map((c) => [c.operator, c.key, c.keyLower])).toEqual([
      ['StringEquals', 'aws:PrincipalTag/Dept', 'aws:principaltag/dept'],
      ['StringEquals', 'AWS:SourceAccount', 'aws:sourceaccount'],
      ['Bool', 'aws:SecureTransport', 'aws:securetransport'],
    ]);
  });

  it('points at the bad value', () => {
    const r = parse('{"StringEquals":{"aws:k":["a", null]}}');
    expect(!r.ok && r.errors[0]?.path).toBe('/Statement/Condition/StringEquals/aws:k/1');
  });

  it('escapes "/" in keys in the pointer (RFC 6901)', () => {
    const r = parse('{"StringEquals":{"aws:RequestTag/a":null}}');
    expect(!r.ok && r.errors[0]?.path).toBe('/Statement/Condition/StringEquals/aws:RequestTag~1a');
  });
});

describe('Date values: the legacy parser (observed AWS)', () => {
  it.each([
    '2017-07-01T00:00:00Z',
    '2016-12-13T21:20:37.593194+00:00',
    '2016-12-13t2:00:00.593194+23',
    '2020-01-01T00:00:00-05:00',
    '2020-01-01',
    '2020-01',
    '2020',
    '01T',
    '-292275054',
    '292278993-12-31',
    '0',
    '1700000000',
    '9223372036854775807',
    '2020-01-01T10:30',
    '2020-01-01T10',
    `$${'{'}aws:CurrentTime}`,
  ])('accepts %s', (v) => expect(isLegacyDate(v)).toBe(true));

  it.each([
    'sdfdsf',
    '234-13',
    '2020-00-01',
    '2020-01-32',
    '2020-01-01-01',
    '2016-12-13t2:00:00.593194+1',
    '2016-12-13t2:00:00.1999999999+10:59',
    '2020-01-01T24:00:00Z',
    '2020-01-01T10:60:00Z',
    '2020-01-01T10:00:60Z',
    '2020-01-01T10:00:00Zx',
    '9223372036854775808',
    '-292275055',
    '292278994-01-01',
    '1.5',
    '',
    'true',
  ])('rejects %s', (v) => expect(isLegacyDate(v)).toBe(false));

  it('a bad date under a Date operator fails legacy parsing', () => {
    const r = parse({ DateGreaterThan: { 'aws:CurrentTime': ['2020-01-01', 'soon'] } });
    expect(!r.ok && r.errors[0]).toMatchObject({
      message: 'The policy failed legacy parsing',
      path: '/Statement/Condition/DateGreaterThan/aws:CurrentTime/1',
    });
  });

  it('a date-like number under a Date operator is checked by its source text', () => {
    expect(parse({ DateLessThan: { 'aws:EpochTime': 1700000000 } }).ok).toBe(true);
    expect(parse('{"DateLessThan":{"aws:EpochTime":1.5}}').ok).toBe(false);
  });

  it('the same value under a String operator is not checked', () => {
    expect(parse({ StringEquals: { 'aws:CurrentTime': 'soon' } }).ok).toBe(true);
  });
});
