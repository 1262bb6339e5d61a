import { beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/aws-error.js';
import { loadServiceModel, parseServiceModel, type StructureShape } from '../../src/protocol/model.js';
import {
  decodeQueryInput,
  decodeQueryRequest,
  parseQueryString,
  parseTimestamp,
} from '../../src/protocol/query-decode.js';
import { botocoreAvailable, serializeWithBotocore } from './helpers/botocore.js';

const iam = loadServiceModel('iam');
const sts = loadServiceModel('sts');
const input = (model: typeof iam, op: string): StructureShape => model.operations.get(op)!.input!;

function thrown(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error('expected an AwsError');
}

describe('decodeQueryRequest', () => {
  it('decodes what botocore sends for create-user (IAM-FACTS §1.1)', () => {
    const r = decodeQueryRequest(
      iam,
      parseQueryString(
        'Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Feng%2F&Tags.member.1.Key=dept&Tags.member.1.Value=x',
      ),
    );
    expect(r.action).toBe('CreateUser');
    expect(r.version).toBe('2010-05-08');
    expect(r.operation.name).toBe('CreateUser');
    expect(r.input).toEqual({ Path: '/eng/', UserName: 'alice', Tags: [{ Key: 'dept', Value: 'x' }] });
    expect(r.ignored).toEqual([]);
  });

  it('accepts URLSearchParams and Uint8Array bodies, form encoding with + as space', () => {
    const body = new TextEncoder().encode('Action=GetUser&Version=2010-05-08&UserName=a+b%2Bc');
    expect(decodeQueryRequest(iam, parseQueryString(body)).input).toEqual({ UserName: 'a b+c' });
    expect(decodeQueryRequest(iam, new URLSearchParams('Action=GetUser')).input).toEqual({});
  });

  it('yields InvalidAction for an unknown action or a foreign version', () => {
    const e = thrown(() => decodeQueryRequest(iam, parseQueryString('Action=CreateUsr&Version=2010-05-08')));
    expect([e.code, e.status, e.message]).toEqual([
      'InvalidAction',
      400,
      'Could not find operation CreateUsr for version 2010-05-08',
    ]);
    const v = thrown(() => decodeQueryRequest(iam, parseQueryString('Action=CreateUser&Version=2011-06-15')));
    expect(v.message).toBe('Could not find operation CreateUser for version 2011-06-15');
    expect(thrown(() => decodeQueryRequest(iam, parseQueryString('Version=2010-05-08'))).code).toBe(
      'MissingAction',
    );
  });

  it('ignores unknown parameters and SigV2/SigV4 query-auth fields, reporting only the former', () => {
    const r = decodeQueryRequest(
      sts,
      parseQueryString(
        'Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=x&SignatureVersion=2&Bogus=1&Deep.Thing.member.1=z',
      ),
    );
    expect(r.input).toEqual({});
    expect([...r.ignored].sort()).toEqual(['Bogus', 'Deep']);
  });
});

describe('lists', () => {
  const shape = input(iam, 'UntagUser');
  const decode = (qs: string) => decodeQueryInput(shape, parseQueryString(qs));

  it.each([
    ['in order', 'TagKeys.member.1=a&TagKeys.member.2=b', ['a', 'b']],
    [
      'unsorted indexes are sorted numerically',
      'TagKeys.member.10=c&TagKeys.member.2=b&TagKeys.member.1=a',
      ['a', 'b', 'c'],
    ],
    ['gaps are closed', 'TagKeys.member.3=c&TagKeys.member.7=d', ['c', 'd']],
    ['`Name=` (botocore, empty list) is an empty list', 'TagKeys=', []],
    ['an empty value inside a list is kept', 'TagKeys.member.1=', ['']],
  ])('%s', (_why, qs, expected) => {
    expect(decode(`UserName=u&${qs}`).input.TagKeys).toEqual(expected);
  });

  it('absence leaves the member out (required check then reports null)', () => {
    expect(decode('UserName=u').input).toEqual({ UserName: 'u' });
  });

  it('non-numeric or zero indexes are ignored and reported', () => {
    const r = decode(
      'UserName=u&TagKeys.member.0=z&TagKeys.member.x=y&TagKeys.member.01=w&TagKeys.member.1=a',
    );
    expect(r.input.TagKeys).toEqual(['a']);
    expect([...r.ignored].sort()).toEqual(['TagKeys.member.0', 'TagKeys.member.01', 'TagKeys.member.x']);
  });

  it('the first occurrence of a repeated parameter wins', () => {
    expect(decode('UserName=u&UserName=v').input.UserName).toBe('u');
  });

  it('refuses more than the cap of items before building anything', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `TagKeys.member.${i + 1}=k`).join('&');
    const e = thrown(() => decode(`UserName=u&${many}`));
    expect(e.code).toBe('ValidationError');
    expect(e.message).toContain("at 'tagKeys'");
  });

  it('huge indexes do not allocate (sparse), absurd ones are ignored', () => {
    const r = decode('UserName=u&TagKeys.member.999999999=b&TagKeys.member.99999999999999999999=c');
    expect(r.input.TagKeys).toEqual(['b']);
  });

  it('refuses more parameters than the per-request cap', () => {
    const e = thrown(() => decodeQueryInput(shape, parseQueryString('a=1&b=2&c=3'), { maxParameters: 2 }));
    expect(e.code).toBe('ValidationError');
  });

  it('decodes lists of structures with lower-case member fields (STS PolicyArns.member.N.arn)', () => {
    const r = decodeQueryInput(
      input(sts, 'AssumeRole'),
      parseQueryString(
        'RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=s&PolicyArns.member.2.arn=arn:b&PolicyArns.member.1.arn=arn:a&DurationSeconds=900',
      ),
    );
    expect(r.input).toMatchObject({
      PolicyArns: [{ arn: 'arn:a' }, { arn: 'arn:b' }],
      DurationSeconds: 900,
    });
  });
});

describe('maps and nested structures', () => {
  it('decodes Name.entry.N.key/value maps (custom key/value names honoured)', () => {
    const model = parseServiceModel('t', {
      metadata: { protocol: 'query', apiVersion: '1' },
      operations: { Op: { name: 'Op', input: { shape: 'In' } } },
      shapes: {
        In: { type: 'structure', members: { Attrs: { shape: 'M' }, Named: { shape: 'N' } } },
        M: { type: 'map', key: { shape: 'S' }, value: { shape: 'I' } },
        N: {
          type: 'map',
          key: { shape: 'S', locationName: 'Name' },
          value: { shape: 'S', locationName: 'Val' },
        },
        S: { type: 'string' },
        I: { type: 'integer' },
      },
    });
    const r = decodeQueryInput(
      model.operations.get('Op')!.input,
      parseQueryString(
        'Attrs.entry.2.key=b&Attrs.entry.2.value=2&Attrs.entry.1.key=a&Attrs.entry.1.value=1&Named.entry.1.Name=n&Named.entry.1.Val=v',
      ),
    );
    expect(r.input).toEqual({ Attrs: { a: 1, b: 2 }, Named: { n: 'v' } });
    expect(decodeQueryInput(model.operations.get('Op')!.input, parseQueryString('Attrs=')).input).toEqual({
      Attrs: {},
    });
  });

  it('decodes nested structures A.B (SimulatePrincipalPolicy ContextEntries)', () => {
    const r = decodeQueryInput(
      input(iam, 'SimulatePrincipalPolicy'),
      parseQueryString(
        'PolicySourceArn=arn:aws:iam::1:user/a&ActionNames.member.1=s3:GetObject&ContextEntries.member.1.ContextKeyName=aws:SourceIp&ContextEntries.member.1.ContextKeyType=ip&ContextEntries.member.1.ContextKeyValues.member.1=10.0.0.1&MaxItems=5',
      ),
    );
    expect(r.input).toEqual({
      PolicySourceArn: 'arn:aws:iam::1:user/a',
      ActionNames: ['s3:GetObject'],
      ContextEntries: [
        { ContextKeyName: 'aws:SourceIp', ContextKeyType: 'ip', ContextKeyValues: ['10.0.0.1'] },
      ],
      MaxItems: 5,
    });
  });
});

describe('scalars', () => {
  const listUsers = input(iam, 'ListUsers');
  it.each([
    ['MaxItems=100', { MaxItems: 100 }],
    ['MaxItems=-3', { MaxItems: -3 }],
  ])('integer %s', (qs, expected) => {
    expect(decodeQueryInput(listUsers, parseQueryString(qs)).input).toEqual(expected);
  });

  it.each([
    'MaxItems=1.5',
    'MaxItems=abc',
    'MaxItems=',
    'MaxItems=0x10',
    'MaxItems=1e3',
    'MaxItems=99999999999',
  ])('rejects malformed integer %s with ValidationError', (qs) => {
    const e = thrown(() => decodeQueryInput(listUsers, parseQueryString(qs)));
    expect(e.code).toBe('ValidationError');
    expect(e.message).toContain("at 'maxItems'");
  });

  it('booleans are true/false', () => {
    const shape = input(iam, 'UpdateAccountPasswordPolicy');
    expect(decodeQueryInput(shape, parseQueryString('RequireSymbols=true&HardExpiry=false')).input).toEqual({
      RequireSymbols: true,
      HardExpiry: false,
    });
    expect(thrown(() => decodeQueryInput(shape, parseQueryString('RequireSymbols=yes'))).code).toBe(
      'ValidationError',
    );
  });

  it('sensitive values are not echoed in decode errors', () => {
    const shape = input(iam, 'UploadServerCertificate');
    // PrivateKey is a string: no decode error possible; use a made-up blob instead
    expect(decodeQueryInput(shape, parseQueryString('PrivateKey=sekrit')).input.PrivateKey).toBe('sekrit');
  });

  it.each([
    ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T03:04:05.123Z', '2026-01-02T03:04:05.123Z'],
    ['2026-01-02T03:04:05+02:00', '2026-01-02T01:04:05.000Z'],
    ['2026-01-02T03:04:05', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02', '2026-01-02T00:00:00.000Z'],
    ['1767323045', '2026-01-02T03:04:05.000Z'],
    ['1767323045.5', '2026-01-02T03:04:05.500Z'],
  ])('timestamp %s', (raw, iso) => {
    expect(parseTimestamp(raw)?.toISOString()).toBe(iso);
  });

  it.each(['2026-13-01T00:00:00Z', '2026-02-30', 'yesterday', '2026-01-01T25:00:00Z'])(
    'rejects timestamp %s',
    (raw) => {
      expect(parseTimestamp(raw)).toBeUndefined();
    },
  );
});

describe.skipIf(!botocoreAvailable())('requests serialized by botocore decode to the same params', () => {
  const cases: { operation: string; service: 'iam' | 'sts'; params: Record<string, unknown> }[] = [
    {
      service: 'iam',
      operation: 'CreateUser',
      params: { UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'dept', Value: 'x y&z' }] },
    },
    { service: 'iam', operation: 'UntagUser', params: { UserName: 'a', TagKeys: [] } },
    {
      service: 'iam',
      operation: 'PutRolePolicy',
      params: { RoleName: 'r', PolicyName: 'p', PolicyDocument: '{"Version":"2012-10-17","Statement":[]}' },
    },
    {
      service: 'iam',
      operation: 'UpdateAccountPasswordPolicy',
      params: { MinimumPasswordLength: 12, RequireSymbols: true, AllowUsersToChangePassword: false },
    },
    {
      service: 'sts',
      operation: 'AssumeRole',
      params: {
        RoleArn: 'arn:aws:iam::123456789012:role/r',
        RoleSessionName: 'session',
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
        TransitiveTagKeys: ['a'],
        DurationSeconds: 3600,
      },
    },
  ];
  let serialized: ReturnType<typeof serializeWithBotocore> = [];
  beforeAll(() => {
    serialized = serializeWithBotocore(cases.map((c) => ({ mode: 'serialize' as const, ...c })));
  });
  it.each(cases.map((c, i) => ({ ...c, i })))('$service $operation', (c) => {
    const res = serialized[c.i];
    if (!res || !('form' in res)) throw new Error(JSON.stringify(res));
    const model = c.service === 'iam' ? iam : sts;
    const decoded = decodeQueryRequest(model, Object.entries(res.form));
    expect(decoded.operation.name).toBe(c.operation);
    expect(decoded.input).toEqual(c.params);
    expect(decoded.ignored).toEqual([]);
  });
});
