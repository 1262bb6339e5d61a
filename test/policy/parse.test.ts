import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyKind } from '../../src/policy/ast.js';
import { checkAction } from '../../src/policy/parse-action.js';
import { isDetailed } from '../../src/policy/parse-errors.js';
import { checkResource } from '../../src/policy/parse-resource.js';
import { parsePolicy, parsePolicyValue } from '../../src/policy/parse.js';
import { formatPolicyError } from '../../src/policy/policy-error.js';

const pv = (name: string): string => `$${'{'}${name}}`;
const stmt = (s: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: '*',
  ...s,
});
const doc = (statement: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statement, ...extra });
const parse = (text: string, kind: PolicyKind = 'identity') => parsePolicy(text, { kind, id: 'test-policy' });

function parsed(text: string, kind: PolicyKind = 'identity') {
  const r = parse(text, kind);
  if (!r.ok) throw new Error(r.errors.map(formatPolicyError).join('\n'));
  return r.value;
}

function firstMessage(text: string, kind: PolicyKind = 'identity'): string | undefined {
  const r = parse(text, kind);
  return r.ok ? undefined : r.errors[0]?.message;
}

describe('the AST (ast.ts)', () => {
  it('carries id, kind, version, Id and statements', () => {
    const p = parsed(doc([stmt({ Sid: 'One' }), stmt({ Effect: 'Deny' })], { Id: 'doc-1' }));
    expect(p).toMatchObject({
      id: 'test-policy',
      kind: 'identity',
      version: '2012-10-17',
      documentId: 'doc-1',
    });
    expect(p.statements.map((s) => [s.index, s.sid, s.effect])).toEqual([
      [0, 'One', 'Allow'],
      [1, undefined, 'Deny'],
    ]);
  });

  it('a single Statement object is statement 0', () => {
    expect(parsed(doc(stmt())).statements[0]?.index).toBe(0);
  });

  it('lower-cases actions (actions are case-insensitive) and keeps resource case', () => {
    const s = parsed(
      doc(stmt({ Action: ['S3:GetObject', 'IAM:List*'], Resource: 'arn:aws:s3:::MyBucket/Key' })),
    ).statements[0];
    expect(s?.action).toEqual({ negated: false, patterns: ['s3:getobject', 'iam:list*'] });
    expect(s?.resource).toEqual({ negated: false, patterns: ['arn:aws:s3:::MyBucket/Key'] });
  });

  it('NotAction and NotResource are negated blocks', () => {
    const s = parsed(doc({ Effect: 'Deny', NotAction: 'iam:*', NotResource: ['arn:aws:s3:::b'] }))
      .statements[0];
    expect(s?.action.negated).toBe(true);
    expect(s?.resource?.negated).toBe(true);
  });

  it('identity policies have no principal and no conditions unless given', () => {
    const s = parsed(doc(stmt())).statements[0];
    expect(s?.principal).toBeUndefined();
    expect(s?.conditions).toEqual([]);
  });

  it('parses the same from text and from a value', () => {
    const value = {
      Version: '2012-10-17',
      Statement: [stmt({ Condition: { NumericLessThan: { 's3:max-keys': 10 } } })],
    };
    const a = parsePolicy(JSON.stringify(value), { kind: 'identity', id: 'x' });
    const b = parsePolicyValue(value, { kind: 'identity', id: 'x' });
    expect(b).toEqual(a);
  });
});

describe('Version (Version element reference)', () => {
  it('absent Version means 2008-10-17', () => {
    expect(parsed(JSON.stringify({ Statement: stmt() })).version).toBe('2008-10-17');
  });

  it.each(['2012-10-17', '2008-10-17'])('%s is accepted', (v) => {
    expect(parsed(doc(stmt(), { Version: v })).version).toBe(v);
  });

  it.each([['2012-10-18'], ['2012-10-17 '], [''], [20121017], [null], [['2012-10-17']]])(
    'Version %j is a syntax error',
    (v) => {
      expect(firstMessage(doc(stmt(), { Version: v }))).toBe('Syntax errors in policy.');
    },
  );

  it('minimumVersion 2012-10-17 (managed policies) refuses 2008-10-17 and a missing Version', () => {
    const opts = { kind: 'identity' as const, id: 'x', minimumVersion: '2012-10-17' as const };
    const expected = 'Policy document must be version 2012-10-17 or greater.';
    const old = parsePolicy(doc(stmt(), { Version: '2008-10-17' }), opts);
    const none = parsePolicy(JSON.stringify({ Statement: stmt() }), opts);
    expect(!old.ok && old.errors[0]).toMatchObject({ message: expected, path: '/Version' });
    expect(!none.ok && none.errors[0]).toMatchObject({ message: expected, path: '' });
    expect(parsePolicy(doc(stmt()), opts).ok).toBe(true);
  });
});

describe('document and statement structure (grammar; observed "Syntax errors in policy.")', () => {
  it.each<[string, string]>([
    ['root is an array', '[]'],
    ['root is a string', '"policy"'],
    ['root is null', 'null'],
    ['Statement is a string', doc('s')],
    ['Statement is null', doc(null)],
    ['Statement array holds null', doc([null])],
    ['Statement array holds an array', doc([[stmt()]])],
    ['lower-case element name', JSON.stringify({ version: '2012-10-17', Statement: stmt() })],
    ['lower-case statement element', doc({ effect: 'Allow', Action: 's3:*', Resource: '*' })],
    ['Principals (typo)', doc(stmt({ Principals: '*' }))],
    ['Conditions inside a statement', doc(stmt({ Conditions: {} }))],
    ['Effect "ALLOWED"', doc(stmt({ Effect: 'ALLOWED' }))],
    ['Effect is a boolean', doc(stmt({ Effect: true }))],
    ['Effect is an array', doc(stmt({ Effect: ['Allow'] }))],
    ['Action is a number', doc(stmt({ Action: 1 }))],
    ['Action list holds a number', doc(stmt({ Action: ['s3:GetObject', 1] }))],
    ['Resource is null', doc(stmt({ Resource: null }))],
    ['Sid is a number', doc(stmt({ Sid: 1 }))],
    ['Id is a number', doc(stmt(), { Id: 1 })],
    [
      'duplicate key Effect',
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}}',
    ],
    [
      'duplicate key Statement',
      `{"Version":"2012-10-17","Statement":${JSON.stringify(stmt())},"Statement":[]}`,
    ],
    [
      'trailing comma',
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*",}}',
    ],
    ['string "null" (aws iam create-policy --policy-document null, observed)', 'null'],
  ])('%s', (_name, text) => {
    expect(firstMessage(text)).toBe('Syntax errors in policy.');
  });

  it('reports each unknown element with its pointer', () => {
    const r = parse(doc(stmt({ Foo: 1, Bar: 2 }), { Baz: 3 }));
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['/Baz', '/Statement/Foo', '/Statement/Bar']);
  });
});

describe('Sid (Sid element reference; observed CreatePolicy message)', () => {
  const alnum =
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*';

  it.each<PolicyKind>(['identity', 'boundary'])('%s policies allow only letters and digits', (kind) => {
    expect(firstMessage(doc(stmt({ Sid: 'Allow S3' })), kind)).toBe(alnum);
    expect(firstMessage(doc(stmt({ Sid: 'allow-s3' })), kind)).toBe(alnum);
    expect(parse(doc(stmt({ Sid: 'AllowS3ReadOnly2' })), kind).ok).toBe(true);
  });

  it('resource policies allow other characters', () => {
    expect(parse(doc(stmt({ Sid: 'Allow S3 read', Principal: '*' })), 'resource').ok).toBe(true);
  });

  it('Sids must be unique; empty Sids do not count', () => {
    expect(firstMessage(doc([stmt({ Sid: 'A' }), stmt({ Sid: 'A' })]))).toBe(
      'Statement IDs (SID) in a single policy must be unique.',
    );
    expect(parse(doc([stmt({ Sid: 'A' }), stmt({ Sid: 'a' })])).ok).toBe(true);
  });

  it('the duplicate is reported at the later statement', () => {
    const r = parse(doc([stmt({ Sid: 'A' }), stmt(), stmt({ Sid: 'A' })]));
    expect(!r.ok && r.errors[0]?.path).toBe('/Statement/2/Sid');
  });
});

describe('actions (observed messages)', () => {
  it.each<[string, string | undefined]>([
    ['*', undefined],
    ['s3:*', undefined],
    ['*:*', undefined],
    ['s3:Get*', undefined],
    ['ec2:Describe?nstances', undefined],
    ['aws-portal:ViewBilling', undefined],
    ['s3.s:List', undefined],
    ['iam: anything goes ', undefined],
    ['s3', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['GetObject*', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['s3:Get:Object', 'Actions/Condition can contain only one colon.'],
    ['::', 'Actions/Condition can contain only one colon.'],
    ['s 3:GetObject', 'Vendor s 3 is not valid'],
    ['s3*:GetObject', 'Vendor s3* is not valid'],
    [':GetObject', 'Vendor  is not valid'],
    ['s_3:GetObject', 'Vendor s_3 is not valid'],
  ])('%j', (action, message) => {
    expect(checkAction(action)?.message).toBe(message);
  });

  it('every bad action is reported, not just the first', () => {
    const r = parse(doc(stmt({ Action: ['a', 's3:GetObject', 'b', 'c:d:e'] })));
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual([
      '/Statement/Action/0',
      '/Statement/Action/2',
      '/Statement/Action/3',
    ]);
  });
});

describe('resources (observed messages)', () => {
  const iamPath =
    'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.';
  it.each<[string, string | undefined]>([
    ['*', undefined],
    ['arn:aws:s3:::bucket', undefined],
    ['arn:aws:s3:::bucket/*', undefined],
    ['arn:aws-cn:s3:::bucket', undefined],
    ['arn:aws-us-gov:ec2:us-gov-west-1:123456789012:instance/*', undefined],
    ['arn:*:s3:::bucket', undefined],
    ['arn:aws:iam::123456789012:user/alice', undefined],
    ['arn:aws:iam::*:role/*', undefined],
    ['arn:aws:iam::123456789012:*', undefined],
    ['arn:aws:iam::123456789012:policy/p', undefined],
    ['arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com', undefined],
    ['arn:aws:sns:us-east-1:123456789012:topic:with:colons', undefined],
    ['arn:aws:s3:us-west-2:123456789012:accesspoint/ap', undefined],
    [`arn:aws:iam::${pv('aws:PrincipalAccount')}:user/${pv('aws:username')}`, undefined],
    [`arn:aws:s3:::b/${pv('aws:username')}/*`, undefined],
    ['arn:aws:fdsasf', undefined],
    ['bucket', 'Resource bucket must be in ARN format or "*".'],
    ['**', 'Resource ** must be in ARN format or "*".'],
    ['arn:foo:s3:::b', 'Partition "foo" is not valid for resource "arn:foo:s3:::b".'],
    ['arn:AWS:s3:::b', 'Partition "AWS" is not valid for resource "arn:AWS:s3:::b".'],
    ['arn:aws', 'Resource vendor must be fully qualified and cannot contain regexes.'],
    [
      'arn:aws:iam:us-east-1:123456789012:user/a',
      'IAM resource arn:aws:iam:us-east-1:123456789012:user/a cannot contain region information.',
    ],
    ['arn:aws:s3:us-east-1::b', 'Resource arn:aws:s3:us-east-1::b can not contain region information.'],
    ['arn:aws:iam::123456789012:root', iamPath],
    ['arn:aws:iam::123456789012:users/a', iamPath],
    ['arn:aws:iam::123456789012:User/a', iamPath],
    ['arn:aws::::b', 'The policy failed legacy parsing'],
    ['arn:aws:s3::b', 'The policy failed legacy parsing'],
  ])('%j', (resource, message) => {
    expect(checkResource(resource)?.message).toBe(message);
  });
});

describe('all errors, ordered as AWS checks, with positions', () => {
  const text = [
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {"Effect": "Allow", "Action": "s3", "Resource": "bucket"},',
    '    {"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"},',
    '    {"Effect": "Deny", "Resource": "*", "Sid": "x-y"}',
    '  ]',
    '}',
  ].join('\n');

  it('collects every problem and puts the one AWS reports first', () => {
    const r = parse(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.message.slice(0, 30), e.path, e.line, e.column])).toEqual([
      ['The policy failed legacy parsi', '/Statement/1/Effect', 5, 16],
      ['Statement IDs (SID) must be al', '/Statement/2/Sid', 6, 48],
      ['Policy statement must contain ', '/Statement/2', 6, 5],
      ['Actions/Conditions must be pre', '/Statement/0/Action', 4, 35],
      ['Resource bucket must be in ARN', '/Statement/0/Resource', 4, 53],
    ]);
  });

  it('every error carries a detail that says exactly what is wrong', () => {
    const r = parse(text);
    expect(!r.ok && r.errors.every((e) => isDetailed(e) && e.detail.length > 0)).toBe(true);
  });

  it('formats as pointer, position and message', () => {
    const r = parse('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"x","Resource":"*"}}');
    expect(!r.ok && formatPolicyError(r.errors[0] as never)).toBe(
      '/Statement/Action (line 1, column 64): Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    );
  });

  it('errors from a decoded value have no position', () => {
    const r = parsePolicyValue(
      { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'x', Resource: '*' } },
      {
        kind: 'identity',
        id: 'x',
      },
    );
    expect(!r.ok && r.errors[0]).toMatchObject({
      path: '/Statement/Action',
      line: undefined,
      column: undefined,
    });
  });
});

describe('characters (PolicyDocument pattern [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+)', () => {
  it.each([
    ['Latin-1 is allowed', 'arn:aws:s3:::caf\u00e9', true],
    ['a snowman is not', 'arn:aws:s3:::\u2603', false],
    ['not even escaped', 'arn:aws:s3:::\\u2603', false],
    ['an escaped control character is not', 'arn:aws:s3:::a\\u0001', false],
    ['an escaped tab is', 'arn:aws:s3:::a\\t', true],
  ])('%s', (_name, resource, ok) => {
    const r = parse(
      `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"${resource}"}}`,
    );
    expect(r.ok).toBe(ok);
  });

  it('checks keys too', () => {
    expect(
      parse(
        '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:\u2603":"x"}}}}',
      ).ok,
    ).toBe(false);
  });
});

describe('policy variables (validation only; substitution is variables.ts)', () => {
  it('a closed variable is kept as written', () => {
    const p = parsed(doc(stmt({ Resource: `arn:aws:s3:::b/${pv('aws:username')}/*` })));
    expect(p.statements[0]?.resource?.patterns).toEqual([`arn:aws:s3:::b/${pv('aws:username')}/*`]);
  });

  it('an unclosed "${" is kept literally, with a warning', () => {
    const r = parse(doc(stmt({ Resource: 'arn:aws:s3:::b/${aws:username' })));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.statements[0]?.resource?.patterns).toEqual(['arn:aws:s3:::b/${aws:username']);
      expect(r.warnings[0]?.path).toBe('/Statement/Resource');
    }
  });

  it('a variable in a 2008-10-17 document draws a warning (not substituted there)', () => {
    const r = parse(
      doc(stmt({ Resource: `arn:aws:s3:::b/${pv('aws:username')}` }), { Version: '2008-10-17' }),
    );
    expect(r.ok && r.warnings.length).toBe(1);
  });

  it('an unclosed variable in a condition value draws a warning', () => {
    const r = parse(doc(stmt({ Condition: { StringEquals: { 's3:prefix': 'home/${aws:username' } } })));
    expect(r.ok && r.warnings.length).toBe(1);
  });
});

describe('kinds: which documents need Resource (Resource element reference)', () => {
  it.each<PolicyKind>(['identity', 'boundary', 'session', 'scp'])('%s needs a Resource', (kind) => {
    expect(firstMessage(doc({ Effect: 'Allow', Action: 's3:*' }), kind)).toBe(
      'Policy statement must contain resources.',
    );
  });

  it.each<PolicyKind>(['resource', 'rcp'])('%s needs a Resource', (kind) => {
    expect(firstMessage(doc({ Effect: 'Deny', Principal: '*', Action: 's3:*' }), kind)).toBe(
      'Policy statement must contain resources.',
    );
  });
});

describe('hostile input is refused quickly, as data', () => {
  it('a document over maxLength', () => {
    const r = parsePolicy(doc(stmt({ Sid: 'a'.repeat(200) })), { kind: 'identity', id: 'x', maxLength: 100 });
    expect(!r.ok && r.errors[0]?.message).toBe('Syntax errors in policy.');
  });

  it('a 1 MiB document with a huge resource list is refused by the array limit', () => {
    const resources = Array.from({ length: 60_000 }, (_, i) => `arn:aws:s3:::b${i}`);
    const text = doc(stmt({ Resource: resources }));
    expect(text.length).toBeLessThan(1_048_576 * 2);
    const r = parsePolicy(text, { kind: 'identity', id: 'x', maxLength: 2_000_000 });
    expect(r.ok).toBe(false);
  });

  it('a 1 MiB + 1 document', () => {
    const text = doc(stmt(), { Id: 'x'.repeat(1_048_576) });
    expect(parse(text).ok).toBe(false);
  });

  it('10,000-deep nesting', () => {
    const text = `{"Version":"2012-10-17","Statement":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const r = parse(text);
    expect(!r.ok && r.errors[0]?.message).toBe('Syntax errors in policy.');
  });

  it('10,000-deep nesting in a decoded value', () => {
    let v: unknown = 'x';
    for (let i = 0; i < 10_000; i++) v = [v];
    const r = parsePolicyValue({ Version: '2012-10-17', Statement: v }, { kind: 'identity', id: 'x' });
    expect(r.ok).toBe(false);
  });

  it('a cyclic decoded value', () => {
    const a: unknown[] = [];
    a.push(a);
    expect(parsePolicyValue({ Statement: a }, { kind: 'identity', id: 'x' }).ok).toBe(false);
  });

  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['NaN', { Version: Number.NaN }],
    ['a bigint', { Version: 1n }],
  ])('a decoded value that is not JSON data: %s', (_name, v) => {
    expect(parsePolicyValue(v, { kind: 'identity', id: 'x' }).ok).toBe(false);
  });

  it('a 200,000-element Action array', () => {
    const text = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*","Action":[${'"s3:A",'.repeat(199_999)}"s3:A"]}}`;
    expect(parse(text).ok).toBe(false);
  });

  it('5,000 duplicate keys are each reported, in linear time', () => {
    const body = Array.from({ length: 5_000 }, () => '"Sid":"a"').join(',');
    const r = parse(
      `{"Version":"2012-10-17","Statement":{${body},"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
    );
    expect(!r.ok && r.errors.length).toBe(4_999);
  });
});

describe('never throws (fast-check)', () => {
  const kinds: PolicyKind[] = ['identity', 'resource', 'trust', 'boundary', 'session', 'scp', 'rcp'];
  const base = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      stmt({
        Sid: 'A',
        Condition: {
          StringEquals: { 'aws:k': ['v', 1, true] },
          DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' },
        },
      }),
      { Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' },
    ],
  });

  it('on mutated policy text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.string({ maxLength: 4 })), { maxLength: 5 }),
        (kind, edits) => {
          let text = base;
          for (const [at, del, insert] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + insert + text.slice(i + del);
          }
          const r = parsePolicy(text, { kind, id: 'fuzz' });
          if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('on random JSON values, as text and as values', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.jsonValue({ maxDepth: 5 }), (kind, v) => {
        const a = parsePolicy(JSON.stringify(v), { kind, id: 'fuzz' });
        const b = parsePolicyValue(v, { kind, id: 'fuzz' });
        expect(a.ok).toBe(b.ok);
      }),
      { numRuns: 1000 },
    );
  });

  it('on random policy-shaped objects', () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('*', 's3:*', 'arn:aws:s3:::b', 'Allow', 'Deny', '123456789012'),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('AWS', 'Service', 'StringEquals', 'Foo'), scalar, { maxKeys: 2 }),
    );
    const statement = fc.dictionary(
      fc.constantFrom(
        'Sid',
        'Effect',
        'Action',
        'NotAction',
        'Resource',
        'NotResource',
        'Principal',
        'NotPrincipal',
        'Condition',
      ),
      value,
    );
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.array(statement, { maxLength: 3 }), (kind, statements) => {
        const r = parsePolicyValue({ Version: '2012-10-17', Statement: statements }, { kind, id: 'fuzz' });
        if (r.ok) expect(r.value.statements).toHaveLength(statements.length);
      }),
      { numRuns: 1000 },
    );
  });
});
